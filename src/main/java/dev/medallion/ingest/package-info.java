/** Ingest: getting records into the log (Kafka) — synthetic feeds, files, the embedded broker. */
package dev.medallion.ingest;
