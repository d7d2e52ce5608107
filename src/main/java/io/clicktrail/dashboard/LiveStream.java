package io.clicktrail.dashboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream: a bounded queue of frames written to the response one asynchronous write
 * at a time, never blocking a thread. Frames queued while a write is in flight go out together in
 * the next write; when more than {@link #MAX_QUEUED} wait, the oldest are dropped (a client that
 * reads too slowly misses clicks, it does not hold memory or threads).
 *
 * <p>The stream writes nothing until {@link #start}; {@link #finish} ends it cleanly after what is
 * queued. When it ends, by finishing or by a failed write, it runs {@code detach} and completes the
 * request's callback.
 */
final class LiveStream extends IteratingCallback {
  /** The most frames waiting for a slow client. */
  static final int MAX_QUEUED = 256;

  private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);

  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

  private final Object lock = new Object();
  private final Response response;
  private final Callback done;
  private final Consumer<LiveStream> detach;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private boolean started;
  private boolean finishing;
  private boolean lastWritten;
  private long dropped;

  LiveStream(Response response, Callback done, Consumer<LiveStream> detach) {
    this.response = response;
    this.done = done;
    this.detach = detach;
  }

  /** Queues {@code frame}, dropping the oldest queued frame when the queue is full. */
  void enqueue(byte[] frame) {
    synchronized (lock) {
      if (finishing) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        queue.pollFirst();
        dropped++;
      }
      queue.addLast(frame);
    }
  }

  /** Queues a comment when nothing else is waiting, and writes it. */
  void ping() {
    synchronized (lock) {
      if (!queue.isEmpty() || finishing) {
        return;
      }
      queue.addLast(PING);
    }
    iterate();
  }

  /** Lets the stream write (the response headers are set). */
  void start() {
    synchronized (lock) {
      started = true;
    }
    iterate();
  }

  /** Ends the stream once what is queued is written. */
  void finish() {
    synchronized (lock) {
      finishing = true;
    }
    iterate();
  }

  @Override
  protected Action process() {
    ByteBuffer chunk;
    boolean last;
    synchronized (lock) {
      if (lastWritten) {
        return Action.SUCCEEDED;
      }
      if (!started || (queue.isEmpty() && !finishing)) {
        return Action.IDLE;
      }
      int size = 0;
      for (byte[] f : queue) {
        size += f.length;
      }
      chunk = ByteBuffer.allocate(size);
      for (byte[] f : queue) {
        chunk.put(f);
      }
      chunk.flip();
      queue.clear();
      last = finishing;
      lastWritten = last;
    }
    response.write(last, chunk, this);
    return Action.SCHEDULED;
  }

  @Override
  protected void onCompleteSuccess() {
    ended("finished");
    done.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    ended(cause.toString());
    done.failed(cause);
  }

  private void ended(String how) {
    detach.accept(this);
    long lost;
    synchronized (lock) {
      lost = dropped;
    }
    if (lost > 0) {
      LOG.debug("live stream ended ({}); {} events were dropped for a slow client", how, lost);
    }
  }
}
