package dev.medallion.ops;

import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.SerializableConfiguration;
import scala.Function2;

/**
 * One task's share of a table append ({@link ExecutorFileWriter}): its rows written into one file
 * per partition of the table ({@link InternalRowsFile}), and what the driver needs to commit each.
 * Files of a task that fails are deleted; none is in the table until the driver commits them.
 */
final class TableFilesTask implements FlatMapFunction<Iterator<InternalRow>, TableFilesTask.WrittenFile> {
  private static final long serialVersionUID = 1L;

  /** A file written, as the driver commits it. */
  record WrittenFile(
      String path, HashMap<String, String> partitionValues, long rows, long size, long modificationTime, String stats)
      implements Serializable {}

  /** The columns of the rows and where they go. */
  record Layout(
      StructType rowSchema,
      int[] partitionOrdinals,
      StructType dataSchema,
      int[] dataOrdinals,
      String parquetSchema,
      Set<String> indexed,
      int[] notNullOrdinals)
      implements Serializable {}

  private final String location;
  private final SerializableConfiguration hadoop;
  private final Layout layout;
  private final String[] partitionNames;

  TableFilesTask(String location, Configuration hadoop, Layout layout) {
    this.location = location;
    this.hadoop = new SerializableConfiguration(hadoop);
    this.layout = layout;
    this.partitionNames =
        Arrays.stream(layout.partitionOrdinals()).mapToObj(o -> layout.rowSchema().fields()[o].name()).toArray(String[]::new);
  }

  @Override
  public Iterator<WrittenFile> call(Iterator<InternalRow> rows) throws IOException {
    Path root = new Path(location);
    FileSystem fileSystem = NewParquetFile.raw(root.getFileSystem(hadoop.value()));
    MessageType parquetSchema = MessageTypeParser.parseMessageType(layout.parquetSchema());
    Map<List<String>, OpenFile> files = new LinkedHashMap<>();
    PartitionOf last = new PartitionOf();
    OpenFile current = null;
    try {
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        checkNotNull(row);
        if (current == null || !last.holds(row)) {
          List<String> values = last.take(row);
          current = files.computeIfAbsent(values, v -> open(fileSystem, root, parquetSchema, v));
        }
        current.rows().add(row);
      }
      List<WrittenFile> written = new ArrayList<>();
      for (var file : files.entrySet()) {
        OpenFile open = file.getValue();
        long length = open.rows().finish();
        written.add(
            new WrittenFile(
                open.relativePath(),
                partitionMap(file.getKey()),
                open.rows().rows(),
                length,
                System.currentTimeMillis(),
                open.rows().statistics()));
      }
      return written.iterator();
    } catch (IOException | RuntimeException | Error e) {
      for (OpenFile open : files.values()) {
        open.rows().abort();
        try {
          fileSystem.delete(new Path(root, open.relativePath()), false);
        } catch (IOException deleteFailed) {
          e.addSuppressed(deleteFailed);
        }
      }
      throw e;
    }
  }

  private record OpenFile(String relativePath, InternalRowsFile rows) {}

  private OpenFile open(FileSystem fileSystem, Path root, MessageType parquetSchema, List<String> partitionValues) {
    StringBuilder directory = new StringBuilder();
    for (int i = 0; i < partitionNames.length; i++) {
      directory.append(ExternalCatalogUtils.getPartitionPathString(partitionNames[i], partitionValues.get(i))).append('/');
    }
    String name = String.format("part-%05d-%s.c000.snappy.parquet", TaskContext.getPartitionId(), UUID.randomUUID());
    Path relative = new Path(directory + name);
    InternalRowsFile rows =
        new InternalRowsFile(
            new NewParquetFile(fileSystem, new Path(root, relative)),
            parquetSchema,
            layout.dataSchema(),
            layout.dataOrdinals(),
            layout.indexed());
    return new OpenFile(relative.toUri().toString(), rows);
  }

  private void checkNotNull(InternalRow row) {
    for (int ordinal : layout.notNullOrdinals()) {
      if (row.isNullAt(ordinal)) {
        throw new IllegalArgumentException(
            "NOT NULL constraint violated for column: " + layout.rowSchema().fields()[ordinal].name());
      }
    }
  }

  private HashMap<String, String> partitionMap(List<String> values) {
    HashMap<String, String> map = new HashMap<>();
    for (int i = 0; i < partitionNames.length; i++) {
      map.put(partitionNames[i], values.get(i));
    }
    return map;
  }

  /**
   * The partition of the last row that opened or found a file, compared with each row's values
   * in place: rows of a partition mostly come together, and making their text costs per row.
   */
  private final class PartitionOf {
    private final Object[] values = new Object[layout.partitionOrdinals().length];
    /** Spark's typed getter of each partition column, chosen once: {@code row.get(i, type)} looks the type up per call. */
    private final List<Function2<SpecializedGetters, Object, Object>> getters = new ArrayList<>();

    PartitionOf() {
      for (int ordinal : layout.partitionOrdinals()) {
        getters.add(InternalRow.getAccessor(layout.rowSchema().fields()[ordinal].dataType(), true));
      }
    }

    boolean holds(InternalRow row) {
      int[] ordinals = layout.partitionOrdinals();
      for (int i = 0; i < ordinals.length; i++) {
        Object value = getters.get(i).apply(row, ordinals[i]);
        if (value == null ? values[i] != null : !value.equals(values[i])) {
          return false;
        }
      }
      return true;
    }

    /**
     * Takes {@code row}'s partition, and returns its values as Delta's log holds them: text, null
     * for null or empty text.
     */
    List<String> take(InternalRow row) {
      int[] ordinals = layout.partitionOrdinals();
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < ordinals.length; i++) {
        Object value = getters.get(i).apply(row, ordinals[i]);
        values[i] = value instanceof UTF8String text ? text.copy() : value;
        String text;
        if (value == null) {
          text = null;
        } else if (layout.rowSchema().fields()[ordinals[i]].dataType() instanceof DateType) {
          text = LocalDate.ofEpochDay((Integer) value).toString();
        } else {
          text = value.toString();
        }
        texts.add(text == null || text.isEmpty() ? null : text);
      }
      return texts;
    }
  }
}
