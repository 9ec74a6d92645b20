package dev.medallion.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Prints query results as an aligned table, CSV, or JSON lines. */
final class TablePrinter {
  /** Output formats of {@code medallion sql}. */
  enum Format {
    TABLE,
    CSV,
    JSON
  }

  private static final int MAX_CELL = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  private TablePrinter() {}

  static void print(StructType schema, List<Row> rows, Format format, PrintStream out) {
    switch (format) {
      case CSV -> printCsv(schema, rows, out);
      case JSON -> printJson(schema, rows, out);
      default -> printTable(schema, rows, out);
    }
  }

  private static void printTable(StructType schema, List<Row> rows, PrintStream out) {
    String[] names = schema.fieldNames();
    int[] widths = new int[names.length];
    List<String[]> cells = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      widths[i] = names[i].length();
    }
    for (Row row : rows) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String text = text(row.get(i));
        line[i] = text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
        widths[i] = Math.max(widths[i], line[i].length());
      }
      cells.add(line);
    }
    out.println(line(names, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    cells.forEach(line -> out.println(line(line, widths)));
    out.printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", cells[i]));
    }
    return line.toString().stripTrailing();
  }

  private static void printCsv(StructType schema, List<Row> rows, PrintStream out) {
    out.println(String.join(",", schema.fieldNames()));
    for (Row row : rows) {
      List<String> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        String text = row.isNullAt(i) ? "" : text(row.get(i));
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n");
        cells.add(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
      }
      out.println(String.join(",", cells));
    }
  }

  private static void printJson(StructType schema, List<Row> rows, PrintStream out) {
    for (Row row : rows) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < row.length(); i++) {
        Object value = row.get(i);
        object.put(schema.fieldNames()[i], value == null || value instanceof Number || value instanceof Boolean ? value : text(value));
      }
      try {
        out.println(JSON.writeValueAsString(object));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof scala.collection.Map<?, ?> map) {
      return map.mkString("{", ", ", "}");
    }
    if (value instanceof scala.collection.Iterable<?> iterable) {
      return iterable.mkString("[", ", ", "]");
    }
    return value.toString();
  }
}
