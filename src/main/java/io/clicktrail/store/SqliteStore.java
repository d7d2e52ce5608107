package io.clicktrail.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: a SQLite file in the data directory, in WAL mode with {@code
 * synchronous=FULL}, so a committed transaction survives a crash of the process or the machine.
 *
 * <p>SQLite allows one writer at a time. Rather than letting writers spin in SQLite's busy handler
 * (which sleeps in millisecond steps), all writes go through one connection guarded by a fair
 * in-process lock; reads use a small fixed pool of query-only connections, which WAL lets run
 * beside the writer without blocking it. The data directory is locked against a second process for
 * as long as the store is open.
 */
public final class SqliteStore implements Store {
  private static final String STATE_FILE = "clicktrail.db";
  private static final String EVENT_LOG_FILE = "events.db";

  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private static final int READERS = 4;

  private final BlockingQueue<Connection> readers;
  private final FileChannel lockChannel;
  private final FileLock dirLock;

  private SqliteStore(
      Connection writer,
      BlockingQueue<Connection> readers,
      FileChannel lockChannel,
      FileLock dirLock) {
    this.writer = writer;
    this.readers = readers;
    this.lockChannel = lockChannel;
    this.dirLock = dirLock;
  }

  /**
   * Opens (creating if needed) the state store in {@code dataDir} ({@code clicktrail.db}) and
   * migrates its schema.
   *
   * @throws IllegalStateException when another process holds the data directory
   * @throws StoreUnavailableException when the file cannot be opened
   */
  public static SqliteStore open(Path dataDir) {
    return open(dataDir, STATE_FILE, "db/migration", ".lock");
  }

  /**
   * Opens (creating if needed) the embedded event log's own file in {@code dataDir} ({@code
   * events.db}). A separate file has a separate writer, so group-committed appends never wait for a
   * projector's transaction on the state store.
   *
   * @throws IllegalStateException when another process holds the data directory
   * @throws StoreUnavailableException when the file cannot be opened
   */
  public static SqliteStore openEventLog(Path dataDir) {
    return open(dataDir, EVENT_LOG_FILE, "db/eventlog", ".events.lock");
  }

  private static SqliteStore open(
      Path dataDir, String fileName, String migrations, String lockName) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              dataDir.resolve(lockName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by this very process (another store on the same directory)
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "data directory " + dataDir + " is in use by another clicktrail process");
      }
      String url = "jdbc:sqlite:" + dataDir.resolve(fileName).toAbsolutePath();
      Connection writer = writerConfig().createConnection(url);
      SQLiteDataSource migrationSource = new SQLiteDataSource(writerConfig());
      migrationSource.setUrl(url);
      Migrations.migrate(migrationSource, Dialect.SQLITE, migrations);
      return new SqliteStore(writer, readerPool(url), channel, lock);
    } catch (IOException | SQLException e) {
      closeQuietly(channel);
      throw new StoreUnavailableException("cannot open the store in " + dataDir, e);
    }
  }

  private static SQLiteConfig writerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    config.enforceForeignKeys(true);
    // nothing reads generated keys (ids are natural or read back by query); without this the
    // driver runs a last_insert_rowid() query after every insert
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static BlockingQueue<Connection> readerPool(String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(READERS);
    for (int i = 0; i < READERS; i++) {
      Connection c = config.createConnection(url);
      try (Statement s = c.createStatement()) {
        // a reader that tried to write would fail instead of contending with the writer
        s.execute("PRAGMA query_only = 1");
      }
      pool.add(c);
    }
    return pool;
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    Connection c = takeReader();
    try {
      c.setAutoCommit(false);
      try {
        return work.run(c);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("read failed: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  private Connection takeReader() {
    try {
      Connection c = readers.poll(10, TimeUnit.SECONDS);
      if (c == null) {
        throw new StoreUnavailableException("no store connection free for 10 s", null);
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted waiting for a store connection", e);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        throw e;
      }
    } catch (SQLException e) {
      if (Dialect.SQLITE.isConstraintViolation(e)) {
        throw new ConstraintViolation(e.getMessage(), e);
      }
      throw new StoreUnavailableException("write failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the next write reports it
    }
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public boolean writable() {
    try {
      return write(
          c -> {
            try (Statement s = c.createStatement()) {
              s.executeUpdate("UPDATE store_health SET checked = checked + 1");
            }
            return true;
          });
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (Connection c : readers) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing: nothing left to do with the error
      }
    }
    writeLock.lock();
    try {
      writer.close();
    } catch (SQLException ignored) {
      // closing: nothing left to do with the error
    } finally {
      writeLock.unlock();
    }
    try {
      dirLock.release();
    } catch (IOException ignored) {
      // the lock goes with the channel
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }
}
