package io.clicktrail.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One {@link TestServer} for every try of a property class: started on first use in a new temporary
 * directory and set up once; {@link #close} (from the class's {@code @AfterContainer}) stops it and
 * deletes the directory. Thread-safe.
 */
public final class SharedServer {
  private final String name;
  private final Consumer<TestServer> setUp;
  private Path dir;
  private TestServer server;

  /**
   * @param name prefix of the temporary directory
   * @param setUp runs once on the new server (accounts, phone numbers…)
   */
  public SharedServer(String name, Consumer<TestServer> setUp) {
    this.name = name;
    this.setUp = setUp;
  }

  /** The server, started and set up on the first call. */
  public synchronized TestServer get() {
    if (server == null) {
      try {
        dir = Files.createTempDirectory(name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = TestServer.start(dir);
      setUp.accept(server);
    }
    return server;
  }

  /** Stops the server, if started, and deletes its directory. */
  public synchronized void close() throws IOException {
    if (server == null) {
      return;
    }
    server.close();
    server = null;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
