package dev.medallion.ops;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Appends a few rows to an unpartitioned Delta table through Delta Kernel, exactly once per batch
 * identity: one Parquet file and one commit, no Spark job. A one-row append through Spark costs a
 * second of jobs (snapshot, write, statistics); through Kernel it costs milliseconds, which every
 * micro-batch of every layer saves on its metrics row. The file is written by {@link ParquetRows}
 * with its statistics computed from the rows: Kernel's own Parquet writer builds a default Hadoop
 * configuration for every file, which parses Hadoop's default XML files again (~40 ms an append).
 */
public final class KernelAppender {
  private final Engine engine;
  private final ParquetRows parquet;

  /** An appender using the session's Hadoop configuration (file systems, credentials) and encoding. */
  public KernelAppender(SparkSession spark) {
    Configuration hadoop = new Configuration(spark.sparkContext().hadoopConfiguration());
    this.engine = DefaultEngine.create(hadoop);
    this.parquet = new ParquetRows(hadoop, spark.sessionState().conf());
  }

  /**
   * Appends {@code rows} (of {@code schema}, the table's) as one commit tagged with {@code batch};
   * returns false, writing nothing, when the table already committed that batch.
   *
   * @throws UncheckedIOException when the file or the commit cannot be written
   */
  public boolean appendOnce(
      String location, org.apache.spark.sql.types.StructType schema, List<Row> rows, BatchIdentity batch) {
    // one commit at a time per table in this process: Kernel's conflict resolution reads the
    // winner's checksum file, which its post-commit hook may not have written yet
    java.util.concurrent.locks.ReentrantLock lock = TableLocks.of(location);
    lock.lock();
    try {
      return append(location, schema, rows, batch);
    } finally {
      lock.unlock();
    }
  }

  private boolean append(
      String location, org.apache.spark.sql.types.StructType schema, List<Row> rows, BatchIdentity batch) {
    Table table = Table.forPath(engine, location);
    Transaction transaction;
    try {
      transaction =
          table
              .createTransactionBuilder(engine, "Medallion", Operation.WRITE)
              .withTransactionId(engine, batch.appId(), batch.version())
              .build(engine);
    } catch (ConcurrentTransactionException alreadyCommitted) {
      return false;
    }
    io.delta.kernel.data.Row state = transaction.getTransactionState(engine);
    Map<String, Literal> noPartition = Map.of();
    try {
      var context = Transaction.getWriteContext(engine, state, noPartition);
      DataFileStatus file =
          write(context.getTargetDirectory(), schema, rows, context.getStatisticsColumns());
      CloseableIterator<io.delta.kernel.data.Row> actions =
          Transaction.generateAppendActions(engine, state, single(file), context);
      TransactionCommitResult result =
          transaction.commit(engine, CloseableIterable.inMemoryIterable(actions));
      for (PostCommitHook hook : result.getPostCommitHooks()) {
        hook.threadSafeInvoke(engine);
      }
      return true;
    } catch (ConcurrentTransactionException alreadyCommitted) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("could not append to the Delta table at " + location, e);
    }
  }

  private DataFileStatus write(
      String directory, org.apache.spark.sql.types.StructType schema, List<Row> rows, List<Column> indexed)
      throws IOException {
    Path path = new Path(directory, "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet");
    int[] columns = IntStream.range(0, schema.length()).toArray();
    FileStatus written;
    synchronized (parquet) {
      written = parquet.write(path, schema, columns, rows);
    }
    Set<String> statistics =
        indexed.stream().map(column -> column.getNames()[0]).collect(Collectors.toSet());
    return new DataFileStatus(
        written.getPath().toString(),
        written.getLen(),
        written.getModificationTime(),
        Optional.of(FileStatistics.of(KernelTypes.of(schema), columns, rows, statistics)));
  }

  private static <T> CloseableIterator<T> single(T element) {
    java.util.Iterator<T> iterator = List.of(element).iterator();
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public T next() {
        return iterator.next();
      }

      @Override
      public void close() {}
    };
  }
}
