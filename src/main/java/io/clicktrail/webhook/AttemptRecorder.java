package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import io.clicktrail.store.Store;
import io.clicktrail.store.StoreUnavailableException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes finished attempts to the store on its own thread, many per transaction, so that sending
 * never waits for the store's writer; once a batch is committed it hands the batch back, and only
 * then may those deliveries be picked again. Also turns long-failing subscriptions {@code failed}
 * once a second (by the injected clock) even when nothing is attempted.
 */
final class AttemptRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptRecorder.class);
  private static final long POLL_MILLIS = 25;
  private static final long SWEEP_MILLIS = 1000;

  private final Store store;
  private final AttemptLog log;
  private final InstantSource clock;
  private final Consumer<List<Attempt>> recorded;
  private final LinkedBlockingQueue<Attempt> finished = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long lastSweep = Long.MIN_VALUE;

  /**
   * @param recorded called on the recorder's thread with each committed batch
   */
  AttemptRecorder(
      Store store, AttemptLog log, InstantSource clock, Consumer<List<Attempt>> recorded) {
    this.store = requireNonNull(store, "store");
    this.log = requireNonNull(log, "log");
    this.clock = requireNonNull(clock, "clock");
    this.recorded = requireNonNull(recorded, "recorded");
    this.thread = Thread.ofPlatform().name("webhook-attempt-log").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  /** Queues {@code attempt} to be recorded; any thread. */
  void add(Attempt attempt) {
    finished.add(attempt);
  }

  private void run() {
    while (running) {
      try {
        Attempt first = finished.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Attempt> batch = new ArrayList<>();
          batch.add(first);
          finished.drainTo(batch);
          write(batch);
        }
        sweep();
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        LOG.warn("recording webhook attempts failed, retrying: {}", e.toString());
        pause();
      }
    }
    List<Attempt> rest = new ArrayList<>();
    finished.drainTo(rest);
    try {
      write(rest); // what answered before the stop is not attempted again
    } catch (RuntimeException e) {
      LOG.warn(
          "attempts finished at shutdown not recorded, they will be retried: {}", e.toString());
    }
  }

  private void write(List<Attempt> batch) {
    if (batch.isEmpty()) {
      return;
    }
    long now = clock.millis();
    try {
      store.write(
          tx -> {
            log.record(tx, batch, now);
            return null;
          });
    } catch (StoreUnavailableException e) {
      finished.addAll(batch); // keep them for the next try
      throw e;
    }
    recorded.accept(batch);
  }

  private void sweep() {
    long now = clock.millis();
    if (lastSweep != Long.MIN_VALUE && Math.abs(now - lastSweep) < SWEEP_MILLIS) {
      return;
    }
    lastSweep = now;
    int disabled = store.write(tx -> log.disableLongFailing(tx, now));
    if (disabled > 0) {
      LOG.info("{} webhook subscriptions failed continuously and were disabled", disabled);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Records what is queued, then stops. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
