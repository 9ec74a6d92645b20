/**
 * Operations: Parquet column chunks written value by value, without parquet-mr's record assembly
 * and page buffers. A writer that knows its schema (bronze's ingester) adds each column's values to
 * its encoder; the encoders cut pages and compress them with Snappy into one buffer per column, and
 * {@link dev.medallion.ops.parquet.EncodedColumnsFile} lays the buffered chunks out a row group at
 * a time through parquet-mr's file writer, which keeps the footer, the column and offset indexes.
 */
package dev.medallion.ops.parquet;
