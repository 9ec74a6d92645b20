package dev.medallion.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * What one ingester commit holds, recorded in the commit itself (its user metadata) so that the
 * batch's metrics row can be written again after a crash between the commit and the row.
 *
 * @param rows records committed
 * @param startedAt when the ingester began on them
 * @param sourceTimeMin the earliest Kafka timestamp among them, empty when none carried one
 * @param sourceTimeAverage their average Kafka timestamp, empty when none carried one
 */
record IngestedBatch(
    long rows, Instant startedAt, Optional<Instant> sourceTimeMin, Optional<Instant> sourceTimeAverage) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A batch the table holds: its commit's version and time. */
  record Committed(long version, IngestedBatch batch, Instant committedAt) {}

  /** The batch as JSON, under {@code key}: {@code {"key": {"rows": 3, ...}}}. */
  String toJson(String key) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode batch = root.putObject(key);
    batch.put("rows", rows);
    batch.put("started_at", startedAt.toEpochMilli());
    sourceTimeMin.ifPresent(time -> batch.put("source_time_min", time.toEpochMilli()));
    sourceTimeAverage.ifPresent(time -> batch.put("source_time_avg", time.toEpochMilli()));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of numbers", e);
    }
  }

  /** The batch recorded under {@code key} in {@code json}; empty when it holds none (not ours). */
  static Optional<IngestedBatch> fromJson(String json, String key) {
    try {
      JsonNode batch = JSON.readTree(json).get(key);
      if (batch == null || !batch.has("rows") || !batch.has("started_at")) {
        return Optional.empty();
      }
      return Optional.of(
          new IngestedBatch(
              batch.get("rows").asLong(),
              Instant.ofEpochMilli(batch.get("started_at").asLong()),
              time(batch, "source_time_min"),
              time(batch, "source_time_avg")));
    } catch (JsonProcessingException | RuntimeException notOurs) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> time(JsonNode batch, String field) {
    return batch.has(field) ? Optional.of(Instant.ofEpochMilli(batch.get(field).asLong())) : Optional.empty();
  }
}
