/**
 * ingest: synthetic sources for demos, tests and benchmarks.
 *
 * <p>Pure Java (no Kafka, no Spark): {@link dev.medallion.ingest.generator.EventGenerator} makes
 * the records of {@code events.raw.v1} (valid, late, dirty and duplicate events, each tagged with
 * its {@link dev.medallion.ingest.generator.RecordKind} so a test can compute the pipeline's
 * expected output), {@link dev.medallion.ingest.generator.CustomerChangeGenerator} makes the
 * records of {@code customers.raw.v1} for the gold layer's SCD2 dimension, and {@link
 * dev.medallion.ingest.generator.JsonLinesFile} replays a file of recorded events verbatim.
 */
package dev.medallion.ingest.generator;
