package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How many records of each kind a generator has made so far.
 *
 * @param counts records per kind; kinds not made may be absent
 * @param <K> {@link RecordKind} or {@link CustomerChangeKind}
 */
public record GenerationSummary<K extends Enum<K>>(Map<K, Long> counts) {
  public GenerationSummary {
    requireNonNull(counts, "counts");
    counts.values().forEach(count -> requireNonNull(count, "count"));
    counts = counts.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(counts));
  }

  static <K extends Enum<K>> GenerationSummary<K> of(Class<K> kinds, long[] countsByOrdinal) {
    Map<K, Long> counts = new EnumMap<>(kinds);
    for (K kind : kinds.getEnumConstants()) {
      counts.put(kind, countsByOrdinal[kind.ordinal()]);
    }
    return new GenerationSummary<>(counts);
  }

  /** Returns how many records of {@code kind} were made. */
  public long count(K kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Returns how many records of the kinds {@code selected} accepts were made. */
  public long countWhere(Predicate<K> selected) {
    return counts.entrySet().stream()
        .filter(entry -> selected.test(entry.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Returns how many records were made in all. */
  public long total() {
    return countWhere(kind -> true);
  }
}
