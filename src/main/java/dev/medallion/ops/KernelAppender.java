package dev.medallion.ops;

import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Appends a few rows to an unpartitioned Delta table through Delta Kernel, exactly once per batch
 * identity: one Parquet file and one commit, no Spark job. A one-row append through Spark costs a
 * second of jobs (snapshot, write, statistics); through Kernel it costs milliseconds, which every
 * micro-batch of every layer saves on its metrics row.
 */
public final class KernelAppender {
  private final Engine engine;

  /** An appender using the session's Hadoop configuration (file systems, credentials). */
  public KernelAppender(SparkSession spark) {
    this(new Configuration(spark.sparkContext().hadoopConfiguration()));
  }

  KernelAppender(Configuration hadoop) {
    this.engine = DefaultEngine.create(hadoop);
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
      CloseableIterator<FilteredColumnarBatch> logical =
          single(new FilteredColumnarBatch(new RowBatch(KernelTypes.of(schema), rows), Optional.empty()));
      CloseableIterator<FilteredColumnarBatch> physical =
          Transaction.transformLogicalData(engine, state, logical, noPartition);
      var context = Transaction.getWriteContext(engine, state, noPartition);
      CloseableIterator<DataFileStatus> files =
          engine
              .getParquetHandler()
              .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
      CloseableIterator<io.delta.kernel.data.Row> actions =
          Transaction.generateAppendActions(engine, state, files, context);
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

  /** Spark rows seen as a Kernel columnar batch, values converted by {@link KernelTypes}. */
  private static final class RowBatch implements ColumnarBatch {
    private final StructType schema;
    private final List<Row> rows;

    RowBatch(StructType schema, List<Row> rows) {
      this.schema = schema;
      this.rows = List.copyOf(rows);
    }

    @Override
    public StructType getSchema() {
      return schema;
    }

    @Override
    public int getSize() {
      return rows.size();
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
      DataType type = schema.at(ordinal).getDataType();
      return new ColumnVector() {
        @Override
        public DataType getDataType() {
          return type;
        }

        @Override
        public int getSize() {
          return rows.size();
        }

        @Override
        public void close() {}

        @Override
        public boolean isNullAt(int row) {
          return rows.get(row).isNullAt(ordinal);
        }

        @Override
        public boolean getBoolean(int row) {
          return rows.get(row).getBoolean(ordinal);
        }

        @Override
        public int getInt(int row) {
          return (int) KernelTypes.value(type, rows.get(row).get(ordinal));
        }

        @Override
        public long getLong(int row) {
          return (long) KernelTypes.value(type, rows.get(row).get(ordinal));
        }

        @Override
        public double getDouble(int row) {
          return rows.get(row).getDouble(ordinal);
        }

        @Override
        public String getString(int row) {
          return rows.get(row).getString(ordinal);
        }
      };
    }
  }
}
