/**
 * The benchmark behind {@code medallion bench}: produces events, measures the Kafka consumer's
 * ceiling, runs each layer once and the whole pipeline at a sustained rate, runs the seed's
 * pipeline as written beside it, and reports records per second and latency percentiles. Beside
 * the layers, not part of the data flow; it starts the pipeline's own streams.
 */
package dev.medallion.bench;
