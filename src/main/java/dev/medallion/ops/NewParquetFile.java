package dev.medallion.ops;

import java.io.IOException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet file to be created on {@code fileSystem}, which must not exist yet. */
public record NewParquetFile(FileSystem fileSystem, Path path) implements OutputFile {
  /**
   * The file system under {@code fileSystem}'s checksums, if it keeps any: Delta's files need no
   * Hadoop {@code .crc} file beside each on a local disk.
   */
  public static FileSystem raw(FileSystem fileSystem) {
    return fileSystem instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fileSystem;
  }

  /**
   * The status a {@code stat} of the file just written at {@code path} would give, without the
   * {@code stat}: the {@code length} its stream counted, the time now, its qualified path.
   */
  public static FileStatus writtenStatus(FileSystem fileSystem, Path path, long length) {
    return new FileStatus(length, false, 1, 0, System.currentTimeMillis(), fileSystem.makeQualified(path));
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    if (fileSystem instanceof ForklessLocalFileSystem.Raw local) {
      return HadoopStreams.wrap(local.createNew(path));
    }
    return HadoopStreams.wrap(fileSystem.create(path, false));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return HadoopStreams.wrap(fileSystem.create(path, true));
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path.toString();
  }
}
