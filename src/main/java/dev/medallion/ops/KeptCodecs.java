package dev.medallion.ops;

import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's codecs, kept from file to file: a Parquet writer releases its codec factory when its
 * file closes, and the next file would allocate a compressor and its buffers again.
 */
public record KeptCodecs(CodecFactory codecs) implements CompressionCodecFactory {
  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    return codecs.getCompressor(codecName);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    return codecs.getDecompressor(codecName);
  }

  @Override
  public void release() {
    // kept for the next file
  }
}
