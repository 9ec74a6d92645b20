package dev.medallion.ops;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.columnar.CachedBatch;
import org.apache.spark.sql.columnar.CachedBatchSerializer;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.storage.StorageLevel;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction2;

/**
 * Spark's cache ({@code spark.sql.cache.serializer}) keeping rows as the rows they are. Medallion
 * caches each micro-batch for the few passes over it (bronze rows for silver, classified rows for
 * deduplication, quarantine, silver and gold), and then drops it. Spark's default cache encodes
 * every row into columns and decodes them again on every pass, about a sixth of the pipeline's
 * executor time; here caching a row copies its bytes, and reading it points at them.
 *
 * <p>What this gives up is what a micro-batch does not use: column statistics to skip cached
 * batches by a filter, and compression of a cache kept for long.
 */
public final class RowCacheSerializer implements CachedBatchSerializer {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean supportsColumnarInput(Seq<Attribute> schema) {
    return false;
  }

  @Override
  public boolean supportsColumnarOutput(StructType schema) {
    return false;
  }

  @Override
  public RDD<CachedBatch> convertInternalRowToCachedBatch(
      RDD<InternalRow> input, Seq<Attribute> schema, StorageLevel storageLevel, SQLConf conf) {
    StructType types = DataTypeUtils.fromAttributes(schema);
    FlatMapFunction<Iterator<InternalRow>, CachedBatch> toBatches =
        rows -> new Batching(rows, types);
    return input.toJavaRDD().mapPartitions(toBatches).rdd();
  }

  @Override
  @SuppressWarnings("unchecked")
  public RDD<InternalRow> convertCachedBatchToInternalRow(
      RDD<CachedBatch> input,
      Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes,
      SQLConf conf) {
    int fields = cacheAttributes.size();
    boolean everyColumn = selectedAttributes.equals(cacheAttributes);
    Seq<Expression> selected = (Seq<Expression>) (Seq<?>) selectedAttributes;
    FlatMapFunction<Iterator<CachedBatch>, InternalRow> toRows =
        batches -> {
          UnsafeProjection projection =
              everyColumn ? null : UnsafeProjection.create(selected, cacheAttributes);
          return new Unbatching(batches, fields, projection);
        };
    return input.toJavaRDD().mapPartitions(toRows).rdd();
  }

  @Override
  public scala.Function2<Object, scala.collection.Iterator<CachedBatch>,
          scala.collection.Iterator<CachedBatch>>
      buildFilter(Seq<Expression> predicates, Seq<Attribute> cachedAttributes) {
    return new KeepEveryBatch();
  }

  @Override
  public RDD<CachedBatch> convertColumnarBatchToCachedBatch(
      RDD<ColumnarBatch> input, Seq<Attribute> schema, StorageLevel storageLevel, SQLConf conf) {
    throw new UnsupportedOperationException("rows only: supportsColumnarInput is false");
  }

  @Override
  public RDD<ColumnarBatch> convertCachedBatchToColumnarBatch(
      RDD<CachedBatch> input,
      Seq<Attribute> cacheAttributes,
      Seq<Attribute> selectedAttributes,
      SQLConf conf) {
    throw new UnsupportedOperationException("rows only: supportsColumnarOutput is false");
  }

  /** No statistics are kept, so no cached batch can be skipped. */
  private static final class KeepEveryBatch
      extends AbstractFunction2<Object, scala.collection.Iterator<CachedBatch>,
          scala.collection.Iterator<CachedBatch>>
      implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public scala.collection.Iterator<CachedBatch> apply(
        Object partition, scala.collection.Iterator<CachedBatch> batches) {
      return batches;
    }
  }

  /** A partition's rows gathered into batches as they are asked for. */
  private static final class Batching implements Iterator<CachedBatch> {
    private final Iterator<InternalRow> rows;
    private final StructType types;
    private final CachedRows.Builder builder = new CachedRows.Builder(CacheBlocks.ROW_CACHE);
    private UnsafeProjection projection;

    Batching(Iterator<InternalRow> rows, StructType types) {
      this.rows = rows;
      this.types = types;
    }

    @Override
    public boolean hasNext() {
      // a row that did not fit in the last full block waits in the builder
      return rows.hasNext() || !builder.isEmpty();
    }

    @Override
    public CachedBatch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      while (rows.hasNext() && !builder.full()) {
        builder.add(unsafe(rows.next()));
      }
      return builder.batch();
    }

    private UnsafeRow unsafe(InternalRow row) {
      if (row instanceof UnsafeRow unsafe && unsafe.numFields() == types.size()) {
        return unsafe;
      }
      if (projection == null) {
        projection = UnsafeProjection.create(types);
      }
      return projection.apply(row);
    }
  }

  /** The rows of a partition's batches, one batch after another. */
  private static final class Unbatching implements Iterator<InternalRow> {
    private final Iterator<CachedBatch> batches;
    private final int fields;
    private final UnsafeProjection projection;
    private Iterator<UnsafeRow> current = java.util.Collections.emptyIterator();

    Unbatching(Iterator<CachedBatch> batches, int fields, UnsafeProjection projection) {
      this.batches = batches;
      this.fields = fields;
      this.projection = projection;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && batches.hasNext()) {
        current = ((CachedRows) batches.next()).rows(fields);
      }
      return current.hasNext();
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      UnsafeRow row = current.next();
      return projection == null ? row : projection.apply(row);
    }
  }
}
