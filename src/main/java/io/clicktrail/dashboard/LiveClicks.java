package io.clicktrail.dashboard;

import static java.util.Objects.requireNonNull;

import io.clicktrail.event.ClickRecorded;
import io.clicktrail.http.ApiException;
import io.clicktrail.http.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The hub of the live click feed: remembers the last {@value #RECENT} clicks of each account and
 * fans every committed click out to that account's open streams, each as one server-sent event:
 *
 * <pre>
 * id: {click_id}
 * event: click
 * data: {"click_id","message_id","url","link_index","component","classification","reason","source","clicked_at"}
 * </pre>
 *
 * <p>({@code clicked_at} in epoch milliseconds; no IP and no user agent.) A new stream first gets
 * {@code retry: 2000}, then the account's recent clicks oldest first — only those after the click
 * its {@code Last-Event-ID} names, when a reconnecting client sends one that is still among them —,
 * then each click as it is committed; a {@code : ping} comment goes to idle streams every {@code
 * pingEvery} so that proxies keep them open. An account holds at most {@value
 * #MAX_STREAMS_PER_ACCOUNT} streams: a new one ends the account's oldest. (A client that goes away
 * without closing its connection is noticed only when a write to it fails, so refusing new streams
 * at the limit would lock out a user who reloads the page a few times.)
 *
 * <p>Thread-safe. {@link #publish} never blocks on a client: every stream has a bounded queue and
 * writes asynchronously. {@link #close} ends every stream cleanly and refuses new ones. Recent
 * clicks are kept for at most {@value #MAX_ACCOUNTS} accounts, the least recently active dropped
 * first.
 */
public final class LiveClicks implements AutoCloseable {
  /** How many recent clicks of an account a new stream replays. */
  public static final int RECENT = 20;

  /** The most streams one account holds open; a new one beyond it ends the oldest. */
  public static final int MAX_STREAMS_PER_ACCOUNT = 16;

  /** The default interval of keep-alive comments. */
  public static final Duration PING_EVERY = Duration.ofSeconds(15);

  static final int MAX_ACCOUNTS = 10_000;

  private static final byte[] RETRY = "retry: 2000\n\n".getBytes(StandardCharsets.UTF_8);

  /** The wire form of one click in the feed. */
  record LiveClick(
      String clickId,
      String messageId,
      String url,
      int linkIndex,
      String component,
      String classification,
      String reason,
      String source,
      long clickedAt) {

    static LiveClick of(ClickRecorded c) {
      return new LiveClick(
          c.clickId(),
          c.messageId(),
          c.url(),
          c.linkIndex(),
          c.component(),
          c.classification(),
          c.reason(),
          c.source(),
          c.at());
    }
  }

  private final Object lock = new Object();

  // The recent clicks are kept as the feed's records (no IP, no user agent) and framed only when a
  // stream wants them: most clicks are committed while nobody watches, and the projector that
  // publishes them shares the redirect's CPU.

  /** The recent clicks per account, in access order to drop the least active. */
  private final LinkedHashMap<String, ArrayDeque<LiveClick>> recent =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<LiveClick>> eldest) {
          return size() > MAX_ACCOUNTS;
        }
      };

  private final Map<String, List<LiveStream>> streams = new HashMap<>();
  private final ScheduledExecutorService pings;
  private boolean closed;

  /** A hub that sends keep-alive comments every {@code pingEvery} (on its own daemon thread). */
  public LiveClicks(Duration pingEvery) {
    requireNonNull(pingEvery, "pingEvery");
    if (pingEvery.isNegative() || pingEvery.isZero()) {
      throw new IllegalArgumentException("pingEvery " + pingEvery + " must be positive");
    }
    this.pings =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("live-clicks-ping").daemon().unstarted(r));
    long millis = pingEvery.toMillis();
    pings.scheduleWithFixedDelay(this::ping, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Remembers {@code clicks} (committed, new, in log order) and sends each to its account's open
   * streams. Never blocks on a client; after {@link #close} it does nothing.
   */
  public void publish(List<ClickRecorded> clicks) {
    Set<LiveStream> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    synchronized (lock) {
      if (closed) {
        return;
      }
      for (ClickRecorded c : clicks) {
        ArrayDeque<LiveClick> last = recent.computeIfAbsent(c.accountId(), a -> new ArrayDeque<>());
        if (last.size() >= RECENT) {
          last.pollFirst();
        }
        LiveClick click = LiveClick.of(c);
        last.addLast(click);
        List<LiveStream> open = streams.getOrDefault(c.accountId(), List.of());
        if (!open.isEmpty()) {
          byte[] frame = frame(click);
          for (LiveStream s : open) {
            s.enqueue(frame);
            touched.add(s);
          }
        }
      }
    }
    touched.forEach(LiveStream::iterate);
  }

  /**
   * Opens a stream of {@code accountId}'s clicks on {@code response}, queued with the retry hint
   * and the recent clicks but not yet written: the caller sets the headers, then calls {@link
   * LiveStream#start}. The stream completes {@code done} when it ends.
   *
   * @param lastEventId the id of the last click a reconnecting client saw, or null: when it is
   *     among the recent clicks, only the clicks after it are replayed
   * @throws ApiException 503 after {@link #close}
   */
  LiveStream attach(
      String accountId, @Nullable String lastEventId, Response response, Callback done) {
    LiveStream s = new LiveStream(response, done, stream -> detach(accountId, stream));
    LiveStream oldest = null;
    synchronized (lock) {
      if (closed) {
        throw ApiException.unavailable("the server is stopping, retry later");
      }
      List<LiveStream> open = streams.computeIfAbsent(accountId, a -> new ArrayList<>());
      if (open.size() >= MAX_STREAMS_PER_ACCOUNT) {
        oldest = open.remove(0);
      }
      s.enqueue(RETRY);
      ArrayDeque<LiveClick> last = recent.get(accountId);
      if (last != null) {
        // from the start, or after the click the client saw last when that one is still here
        boolean replay =
            lastEventId == null || last.stream().noneMatch(r -> r.clickId().equals(lastEventId));
        for (LiveClick r : last) {
          if (replay) {
            s.enqueue(frame(r));
          } else if (r.clickId().equals(lastEventId)) {
            replay = true;
          }
        }
      }
      open.add(s);
    }
    if (oldest != null) {
      oldest.finish(); // outside the lock: ending a stream may run its detach at once
    }
    return s;
  }

  /** How many streams {@code accountId} holds open. */
  int open(String accountId) {
    synchronized (lock) {
      return streams.getOrDefault(accountId, List.of()).size();
    }
  }

  private void detach(String accountId, LiveStream stream) {
    synchronized (lock) {
      List<LiveStream> open = streams.get(accountId);
      if (open != null) {
        open.remove(stream);
        if (open.isEmpty()) {
          streams.remove(accountId);
        }
      }
    }
  }

  private void ping() {
    List<LiveStream> all = new ArrayList<>();
    synchronized (lock) {
      streams.values().forEach(all::addAll);
    }
    all.forEach(LiveStream::ping);
  }

  /** Ends every open stream after what it has queued, and refuses new ones. */
  @Override
  public void close() {
    List<LiveStream> all = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      streams.values().forEach(all::addAll);
    }
    pings.shutdownNow();
    all.forEach(LiveStream::finish);
  }

  static byte[] frame(LiveClick c) {
    byte[] data = Json.write(c);
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 64);
    // click ids are URL-safe and the JSON escapes line breaks: neither can break the framing
    out.writeBytes(
        ("id: " + c.clickId() + "\nevent: click\ndata: ").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(data);
    out.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
