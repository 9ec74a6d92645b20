package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.spec.ErrorCode;
import dev.medallion.spec.MedallionException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileTest {
  @TempDir Path directory;

  @Test
  void stripsLineFeedsAndCarriageReturnsBeforeThem() throws IOException {
    Path file = write("lf.jsonl", "{\"a\":1}\n{\"b\":2}\r\n{\"c\":3}\n");

    assertThat(lines(file)).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
  }

  @Test
  void readsALastLineWithoutTerminator() throws IOException {
    Path file = write("last.jsonl", "{\"a\":1}\r\n{\"b\":2}");

    assertThat(lines(file)).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test
  void skipsEmptyLinesButKeepsBlankOnes() throws IOException {
    Path file = write("empty.jsonl", "\n\r\n{\"a\":1}\n\n\n  \n{\"b\":2}\n\r\n");

    try (JsonLinesFile lines = JsonLinesFile.open(file)) {
      assertThat(new String(lines.next(), UTF_8)).isEqualTo("{\"a\":1}");
      assertThat(lines.lineNumber()).isEqualTo(3);
      assertThat(new String(lines.next(), UTF_8)).isEqualTo("  ");
      assertThat(lines.lineNumber()).isEqualTo(6);
      assertThat(new String(lines.next(), UTF_8)).isEqualTo("{\"b\":2}");
      assertThat(lines.lineNumber()).isEqualTo(7);
      assertThat(lines.hasNext()).isFalse();
      assertThatThrownBy(lines::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void keepsCarriageReturnsThatEndNoLine() throws IOException {
    Path file = write("cr.jsonl", "a\rb\nc\r");

    assertThat(lines(file)).containsExactly("a\rb", "c\r");
  }

  @Test
  void emptyFileHasNoLines() throws IOException {
    assertThat(lines(write("nothing.jsonl", ""))).isEmpty();
  }

  @Test
  void passesBytesOnVerbatimEvenAcrossBufferBoundaries() throws IOException {
    byte[] notUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 'x'};
    int bufferSize = 64 * 1024;
    // the second line spans four reads and its \r\n is split between the fourth and the fifth
    byte[] longLine = new byte[4 * bufferSize - 1 - (notUtf8.length + 1)];
    Arrays.fill(longLine, (byte) 0xE9);
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.write(notUtf8);
    content.write('\n');
    content.write(longLine);
    content.write("\r\nlast".getBytes(UTF_8));
    Path file = Files.write(directory.resolve("bytes.jsonl"), content.toByteArray());

    List<byte[]> lines = new ArrayList<>();
    try (JsonLinesFile reader = JsonLinesFile.open(file)) {
      reader.forEachRemaining(lines::add);
    }

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(notUtf8);
    assertThat(lines.get(1)).isEqualTo(longLine);
    assertThat(lines.get(2)).isEqualTo("last".getBytes(UTF_8));
  }

  @Test
  void replaysGeneratedRecordsByteForByte() throws IOException {
    List<GeneratedRecord> records =
        EventGeneratorTest.generate(
            new GeneratorOptions(2_000, 100, 0.5, 5, Instant.parse("2026-11-25T10:00:00Z")));
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (GeneratedRecord record : records) {
      content.write(record.value());
      content.write('\n');
    }
    Path file = directory.resolve("events.jsonl");
    Files.write(file, content.toByteArray());

    try (JsonLinesFile lines = JsonLinesFile.open(file)) {
      for (GeneratedRecord record : records) {
        assertThat(lines.next()).isEqualTo(record.value());
      }
      assertThat(lines.hasNext()).isFalse();
    }
  }

  @Test
  void missingFileSaysWhatToPass() {
    Path missing = directory.resolve("missing.jsonl");

    assertThatThrownBy(() -> JsonLinesFile.open(missing))
        .isInstanceOfSatisfying(
            MedallionException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_UNREADABLE))
        .hasMessage(
            "cannot read "
                + missing
                + ": no such file. Pass a path to a JSON-lines file (one"
                + " event per line).");
  }

  @Test
  void directorySaysWhatToPass() {
    assertThatThrownBy(() -> JsonLinesFile.open(directory))
        .isInstanceOf(MedallionException.class)
        .hasMessage(
            "cannot read "
                + directory
                + ": it is a directory. Pass a path to a JSON-lines file"
                + " (one event per line).");
  }

  private Path write(String name, String content) throws IOException {
    return Files.write(directory.resolve(name), content.getBytes(UTF_8));
  }

  private static List<String> lines(Path file) {
    List<String> lines = new ArrayList<>();
    try (JsonLinesFile reader = JsonLinesFile.open(file)) {
      reader.forEachRemaining(line -> lines.add(new String(line, UTF_8)));
    }
    return lines;
  }
}
