package dev.medallion.ops;

import java.io.IOException;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * An output file that keeps the stream it opened: parquet-mr's writer leaves the stream open when
 * it fails, and a writer that abandons the file closes it here; and the file's length once the
 * stream is closed, which a written file's status needs without asking the file system.
 */
public final class TrackedOutputFile implements OutputFile {
  private final OutputFile file;
  private PositionOutputStream stream;
  private long length = -1;

  public TrackedOutputFile(OutputFile file) {
    this.file = file;
  }

  /** The bytes the file holds, once its stream is closed. */
  public long length() {
    if (length < 0) {
      throw new IllegalStateException("the file " + file.getPath() + " is not closed yet");
    }
    return length;
  }

  /** Closes the stream if one was opened and is still open; for a file being abandoned. */
  public void closeStream() throws IOException {
    if (stream != null) {
      stream.close();
    }
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return tracked(file.create(blockSizeHint));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return tracked(file.createOrOverwrite(blockSizeHint));
  }

  @Override
  public boolean supportsBlockSize() {
    return file.supportsBlockSize();
  }

  @Override
  public long defaultBlockSize() {
    return file.defaultBlockSize();
  }

  @Override
  public String getPath() {
    return file.getPath();
  }

  private PositionOutputStream tracked(PositionOutputStream opened) {
    stream =
        new DelegatingPositionOutputStream(opened) {
          private boolean closed;

          @Override
          public long getPos() throws IOException {
            return opened.getPos();
          }

          @Override
          public void close() throws IOException {
            if (closed) {
              return;
            }
            long written = opened.getPos();
            super.close();
            closed = true;
            length = written;
          }
        };
    return stream;
  }
}
