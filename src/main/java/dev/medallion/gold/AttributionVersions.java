package dev.medallion.gold;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.util.FileNames;
import scala.Option;

/**
 * The dimension versions a fact's rows are attributed by. Every commit of a fact that looks
 * dimensions up records them in its commit's user metadata ({@code {"attributed_by":
 * {"gold.dim_customer": 12}}}), so the next write knows which members can have changed since,
 * in this process or after a restart, without state of its own.
 */
final class AttributionVersions {
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String FIELD = "attributed_by";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<FactTable.ResolvedLookup> lookups;

  AttributionVersions(List<FactTable.ResolvedLookup> lookups) {
    this.lookups = List.copyOf(lookups);
  }

  /** The latest version of every dimension looked up, by dimension name: what a write pins. */
  Map<String, Long> latest(SparkSession session) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (FactTable.ResolvedLookup lookup : lookups) {
      versions.computeIfAbsent(
          lookup.dimension().qualifiedName(),
          name ->
              DeltaLog.forTable(session, lookup.dimensionLocation())
                  .update(false, Option.empty(), Option.empty())
                  .version());
    }
    return versions;
  }

  /**
   * The versions the fact's latest commit recorded; empty when it recorded none (the table was
   * just created, or its latest commit came from elsewhere, a maintenance job say), in which case
   * every row must be checked.
   */
  static Optional<Map<String, Long>> recorded(SparkSession session, String factLocation) {
    // the latest commit file read here: the table's history is a Spark job per call
    DeltaLog log = DeltaLog.forTable(session, factLocation);
    long version = log.update(false, Option.empty(), Option.empty()).version();
    Option<CommitInfo> latest =
        DeltaHistoryManager.getCommitInfoOpt(
            log.store(), FileNames.unsafeDeltaFile(log.logPath(), version), log.newDeltaHadoopConf());
    return latest.isDefined() && latest.get().userMetadata().isDefined()
        ? parse(latest.get().userMetadata().get())
        : Optional.empty();
  }

  static Optional<Map<String, Long>> parse(String userMetadata) {
    try {
      Map<String, Map<String, Long>> parsed =
          JSON.readValue(userMetadata, new TypeReference<Map<String, Map<String, Long>>>() {});
      return Optional.ofNullable(parsed.get(FIELD)).map(Map::copyOf);
    } catch (JsonProcessingException | IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /** Runs {@code commit} (a MERGE in {@code session}) recording {@code versions} with it. */
  static void committing(SparkSession session, Map<String, Long> versions, Runnable commit) {
    session.conf().set(USER_METADATA, format(versions));
    try {
      commit.run();
    } finally {
      session.conf().unset(USER_METADATA);
    }
  }

  static String format(Map<String, Long> versions) {
    try {
      return JSON.writeValueAsString(Map.of(FIELD, versions));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("versions are plain numbers", e);
    }
  }
}
