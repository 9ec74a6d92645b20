/**
 * Bronze layer: every record of a source exactly as received, with audit columns, appended once
 * per micro-batch, partitioned by ingestion date, change data feed on. The place to replay from.
 */
package dev.medallion.bronze;
