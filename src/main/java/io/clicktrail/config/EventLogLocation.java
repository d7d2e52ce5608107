package io.clicktrail.config;

import java.util.List;

/** Where events are appended and read back from. */
public sealed interface EventLogLocation {
  /** The embedded log, kept in the store. */
  record Embedded() implements EventLogLocation {
    @Override
    public String toString() {
      return "embedded";
    }
  }

  /**
   * Apache Kafka, reached through these bootstrap servers, each {@code host:port} ({@code
   * [v6-literal]:port} for IPv6).
   */
  record Kafka(List<String> bootstrapServers) implements EventLogLocation {
    /** The scheme that marks a Kafka event-log setting. */
    static final String PREFIX = "kafka://";

    public Kafka {
      bootstrapServers = List.copyOf(bootstrapServers);
      if (bootstrapServers.isEmpty()) {
        throw new IllegalArgumentException("kafka needs at least one bootstrap server");
      }
    }

    /** The servers joined by commas, as Kafka's {@code bootstrap.servers} takes them. */
    public String bootstrapServersConfig() {
      return String.join(",", bootstrapServers);
    }

    @Override
    public String toString() {
      return PREFIX + bootstrapServersConfig();
    }
  }
}
