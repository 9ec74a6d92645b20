package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads a JSON-lines file (or any text file) line by line, yielding each non-empty line's bytes
 * verbatim: nothing is parsed, decoded or re-encoded, so a line that is not JSON or not UTF-8 is
 * passed on as it is, for the pipeline to quarantine.
 *
 * <p>Lines end at {@code \n}; a {@code \r} just before it is part of the terminator and dropped
 * too. The last line needs no terminator. Lines of zero bytes are skipped; a line of blanks is not
 * empty and is yielded.
 *
 * <p>Not thread-safe. Close it to release the file.
 */
public final class JsonLinesFile implements Iterator<byte[]>, AutoCloseable {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final Path path;
  private final InputStream input;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private int limit;
  private boolean endOfFile;
  private byte[] pending;
  private long linesRead;
  private long lineNumber;
  private long pendingLineNumber;

  private JsonLinesFile(Path path, InputStream input) {
    this.path = path;
    this.input = input;
  }

  /**
   * Opens {@code path} for reading.
   *
   * @throws dev.medallion.spec.MedallionException with {@code INPUT_UNREADABLE} when the file does
   *     not exist, is a directory or cannot be opened
   */
  public static JsonLinesFile open(Path path) {
    requireNonNull(path, "path");
    if (Files.isDirectory(path)) {
      throw GeneratorErrors.fileUnreadable(path, "it is a directory", null);
    }
    try {
      return new JsonLinesFile(path, Files.newInputStream(path));
    } catch (NoSuchFileException e) {
      throw GeneratorErrors.fileUnreadable(path, "no such file", e);
    } catch (AccessDeniedException e) {
      throw GeneratorErrors.fileUnreadable(path, "permission denied", e);
    } catch (IOException e) {
      throw GeneratorErrors.fileUnreadable(path, reason(e), e);
    }
  }

  /**
   * Returns true if another non-empty line follows.
   *
   * @throws dev.medallion.spec.MedallionException with {@code INPUT_UNREADABLE} when reading fails
   */
  @Override
  public boolean hasNext() {
    if (pending == null) {
      pending = readNonEmptyLine();
    }
    return pending != null;
  }

  /**
   * Returns the next non-empty line without its terminator; the caller owns the array.
   *
   * @throws NoSuchElementException at the end of the file
   * @throws dev.medallion.spec.MedallionException with {@code INPUT_UNREADABLE} when reading fails
   */
  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more lines in " + path);
    }
    byte[] line = pending;
    pending = null;
    lineNumber = pendingLineNumber;
    return line;
  }

  /** Returns the 1-based line number of the line {@link #next()} returned last, 0 before it. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Closes the file. */
  @Override
  public void close() {
    try {
      input.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }

  private byte[] readNonEmptyLine() {
    byte[] line;
    do {
      line = readLine();
    } while (line != null && line.length == 0);
    pendingLineNumber = linesRead;
    return line;
  }

  /** Returns the next line without its terminator, or null at the end of the file. */
  private byte[] readLine() {
    byte[] line = null;
    int length = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (line == null) {
          return null;
        }
        linesRead++;
        return Arrays.copyOf(line, length);
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      boolean terminated = position < limit;
      if (line == null) {
        line = new byte[Math.max(chunk, 16)];
      } else if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.max(length + chunk, line.length * 2));
      }
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (terminated) {
        position++;
        linesRead++;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return Arrays.copyOf(line, length);
      }
    }
  }

  private boolean fill() {
    if (endOfFile) {
      return false;
    }
    try {
      int read = input.read(buffer);
      if (read < 0) {
        endOfFile = true;
        return false;
      }
      position = 0;
      limit = read;
      return true;
    } catch (IOException e) {
      throw GeneratorErrors.fileUnreadable(path, reason(e), e);
    }
  }

  private static String reason(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
