package io.clicktrail.track;

import io.clicktrail.event.EventLog;
import io.clicktrail.event.OpenRecorded;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /o/{token}}: an email's open pixel. Records the load as an open (classified like a
 * click) and answers a 1×1 transparent GIF; repeated loads are folded into one open when projected.
 */
public final class OpenPixelHandler implements Request.Handler {
  /** Path prefix this handler serves. */
  public static final String PREFIX = "/o/";

  private static final byte[] GIF =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final Links links;
  private final Edge edge;
  private final EventLog log;
  private final InstantSource clock;
  private final boolean waitForDurability;

  OpenPixelHandler(
      Links links, Edge edge, EventLog log, InstantSource clock, boolean waitForDurability) {
    this.links = links;
    this.edge = edge;
    this.log = log;
    this.clock = clock;
    this.waitForDurability = waitForDurability;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Edge.isGetOrHead(request)) {
      return Edge.methodNotAllowed(response, callback);
    }
    String token = Edge.token(request, PREFIX);
    Optional<Links.Pixel> pixel = token == null ? Optional.empty() : links.pixelByToken(token);
    if (pixel.isEmpty()) {
      return Edge.notFound(response, callback);
    }
    Classification c = edge.classify(request);
    long now = clock.millis();
    OpenRecorded open =
        new OpenRecorded(
            Edge.newId(now),
            pixel.get().accountId(),
            pixel.get().messageId(),
            now,
            edge.ip(request),
            request.getHeaders().get(HttpHeader.USER_AGENT),
            c.kind().wireName(),
            c.reason());
    var appended = log.append(open);
    if (!waitForDurability) {
      return gif(response, callback);
    }
    // answer on Jetty's pool, not on the log's appender thread: the writes of a whole group
    // would otherwise delay the next group commit
    appended.whenCompleteAsync(
        (ok, failure) -> {
          if (failure != null) {
            Edge.unavailable(response, callback);
          } else {
            gif(response, callback);
          }
        },
        request.getComponents().getExecutor());
    return true;
  }

  private static boolean gif(Response response, Callback callback) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "image/gif");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(GIF), callback);
    return true;
  }
}
