/**
 * Bronze layer: every record of a source exactly as received, with audit columns, partitioned by
 * ingestion date, change data feed on; the place to replay from. Written by an ingester of its own
 * (Kafka consumer to Parquet files to Delta commits carrying each partition's next offset), not by
 * Spark jobs.
 */
package dev.medallion.bronze;
