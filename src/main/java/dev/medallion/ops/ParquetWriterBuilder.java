package dev.medallion.ops;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/**
 * Parquet's writer builder for a write support made beforehand: Parquet's own builders make theirs
 * from a Hadoop configuration, and a support kept from file to file (Spark's, ours) is given here.
 */
public final class ParquetWriterBuilder<T> extends ParquetWriter.Builder<T, ParquetWriterBuilder<T>> {
  private final WriteSupport<T> writeSupport;

  public ParquetWriterBuilder(OutputFile file, WriteSupport<T> writeSupport) {
    super(file);
    this.writeSupport = writeSupport;
  }

  @Override
  protected ParquetWriterBuilder<T> self() {
    return this;
  }

  @Override
  protected WriteSupport<T> getWriteSupport(Configuration conf) {
    return writeSupport;
  }
}
