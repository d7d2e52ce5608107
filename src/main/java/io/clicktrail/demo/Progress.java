package io.clicktrail.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress bar per seeding phase, redrawn in place on one terminal line and ended, with the
 * phase's time, by a newline:
 *
 * <pre>
 * messages  [###############               ] 1500/3000
 * messages  [##############################] 3000/3000  4.3 s</pre>
 *
 * The bar is redrawn only when it grows, so output sent to a file stays small.
 */
final class Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;

  Progress(PrintStream out) {
    this.out = out;
  }

  /** Starts a phase of {@code total} steps, drawing its empty bar. */
  Phase start(String name, int total) {
    Phase phase = new Phase(name, total);
    phase.draw();
    return phase;
  }

  /** A phase under way. Thread-safe: steps may be reported from any thread. */
  final class Phase {
    private final String name;
    private final int total;
    private final long started = System.nanoTime();
    private int done;
    private int drawn = -1;

    private Phase(String name, int total) {
      this.name = name;
      this.total = total;
    }

    /** Reports {@code steps} more steps done. */
    synchronized void advance(int steps) {
      done = Math.min(total, done + steps);
      if (filled() != drawn) {
        draw();
      }
    }

    /** Ends the phase: draws the full bar with the elapsed time and ends the line. */
    synchronized void finish() {
      done = total;
      draw();
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(Locale.ROOT, "  %.1f s%n", seconds);
      out.flush();
    }

    /** Ends the phase early, saying why on the same line. */
    synchronized void skip(String why) {
      out.println("  skipped: " + why);
      out.flush();
    }

    private int filled() {
      return total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
    }

    private synchronized void draw() {
      drawn = filled();
      out.print(
          String.format(
              Locale.ROOT,
              "\r%-9s [%s%s] %d/%d",
              name,
              "#".repeat(drawn),
              " ".repeat(WIDTH - drawn),
              done,
              total));
      out.flush();
    }
  }
}
