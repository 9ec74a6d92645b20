package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/** Rows gathered into blocks of a target size, each copied once, none lost at a block's edge. */
class CachedRowsTest {
  private static final int TARGET = 1_000;

  /** A row of an id and a text of {@code length} characters. */
  private static UnsafeRow row(long id, int length) {
    UnsafeRowWriter writer = new UnsafeRowWriter(2);
    writer.resetRowWriter();
    writer.write(0, id);
    writer.write(1, UTF8String.fromString("x".repeat(length)));
    return writer.getRow();
  }

  /** A pool of blocks of the target size that keeps at most {@code maxKeptBytes} free. */
  private static CacheBlocks pool(long maxKeptBytes) {
    return new CacheBlocks(TARGET, maxKeptBytes, Duration.ofHours(1), System::nanoTime);
  }

  /** The batches of {@code rows} as the row cache takes them: a batch whenever a block is full. */
  private static List<CachedRows> batches(List<UnsafeRow> rows) {
    return batches(rows, pool(4L * TARGET));
  }

  private static List<CachedRows> batches(List<UnsafeRow> rows, CacheBlocks blocks) {
    CachedRows.Builder builder = new CachedRows.Builder(blocks);
    List<CachedRows> batches = new ArrayList<>();
    Iterator<UnsafeRow> input = rows.iterator();
    while (input.hasNext() || !builder.isEmpty()) {
      while (input.hasNext() && !builder.full()) {
        builder.add(input.next());
      }
      batches.add(builder.batch());
    }
    return batches;
  }

  private static List<String> readBack(List<CachedRows> batches) {
    List<String> rows = new ArrayList<>();
    for (CachedRows batch : batches) {
      batch.rows(2).forEachRemaining(row -> rows.add(row.getLong(0) + ":" + row.getUTF8String(1)));
    }
    return rows;
  }

  private static List<String> asText(List<UnsafeRow> rows) {
    return rows.stream().map(row -> row.getLong(0) + ":" + row.getUTF8String(1)).toList();
  }

  @Test
  void rowsComeBackInOrderFromBlocksOfTheTargetSize() {
    List<UnsafeRow> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(row(i, i % 37));
    }

    List<CachedRows> batches = batches(rows);

    assertThat(readBack(batches)).isEqualTo(asText(rows));
    assertThat(batches).hasSizeGreaterThan(3);
    for (CachedRows full : batches.subList(0, batches.size() - 1)) {
      assertThat(full.sizeInBytes() - 4L * full.numRows()).isEqualTo(TARGET);
    }
  }

  @Test
  void aRowLargerThanTheTargetGetsABlockOfItsOwn() {
    List<UnsafeRow> rows = List.of(row(1, 10), row(2, 3 * TARGET), row(3, 10));

    List<CachedRows> batches = batches(rows);

    assertThat(readBack(batches)).isEqualTo(asText(rows));
    assertThat(batches).extracting(CachedRows::numRows).containsExactly(1, 1, 1);
  }

  @Test
  void theRowThatFilledABlockIsKeptWhenTheInputEndsWithIt() {
    CachedRows.Builder builder = new CachedRows.Builder(pool(4L * TARGET));
    long id = 0;
    while (!builder.full()) {
      builder.add(row(id++, 100));
    }

    CachedRows full = builder.batch();

    assertThat(builder.isEmpty()).isFalse();
    CachedRows last = builder.batch();
    List<String> back = readBack(List.of(full, last));
    assertThat(back).hasSize((int) id);
    assertThat(back.get(back.size() - 1)).startsWith((id - 1) + ":");
    assertThat(builder.isEmpty()).isTrue();
  }

  @Test
  void aSecondFullBlockCannotPushTheFirstOut() {
    CachedRows.Builder builder = new CachedRows.Builder(pool(4L * TARGET));
    while (!builder.full()) {
      builder.add(row(0, 100));
    }

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 20; i++) {
                builder.add(row(1, 100));
              }
            })
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aSmallLastBatchHoldsOnlyItsBytesAndGivesItsBlockBack() {
    CacheBlocks blocks = pool(4L * TARGET);

    CachedRows small = batches(List.of(row(1, 10), row(2, 10)), blocks).get(0);

    assertThat(small.sizeInBytes()).isLessThan(TARGET / 2);
    assertThat(small.numRows()).isEqualTo(2);
    assertThat(blocks.kept()).isEqualTo(1);
  }

  @Test
  void theBlocksOfAClosedBatchTakeTheNextBatchsRows() {
    CacheBlocks blocks = pool(4L * TARGET);
    List<UnsafeRow> first = new ArrayList<>();
    List<UnsafeRow> second = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      first.add(row(i, 40));
      second.add(row(1_000 + i, 7 + i % 29));
    }
    List<CachedRows> firstBatches = batches(first, blocks);
    firstBatches.forEach(CachedRows::close);
    long returned = blocks.kept();

    List<CachedRows> secondBatches = batches(second, blocks);

    assertThat(returned).isEqualTo(firstBatches.size());
    assertThat(blocks.kept()).isLessThan(returned);
    assertThat(readBack(secondBatches)).isEqualTo(asText(second));
  }

  @Test
  void aClosedBatchIsNotReadAgainNorGivenBackTwice() {
    CacheBlocks blocks = pool(4L * TARGET);
    CachedRows full = batches(List.of(row(1, 600), row(2, 600)), blocks).get(0);

    full.close();
    full.close();

    assertThat(blocks.kept()).isEqualTo(1);
    assertThatThrownBy(() -> full.rows(2)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void blocksPastWhatIsKeptAreLeftToTheCollector() {
    CacheBlocks blocks = pool(2L * TARGET);

    for (int i = 0; i < 5; i++) {
      blocks.give(new byte[TARGET]);
    }
    blocks.give(new byte[TARGET + 1]);

    assertThat(blocks.kept()).isEqualTo(2);
  }

  @Test
  void blocksLeftFreeThroughAWholeIntervalAreLeftToTheCollector() {
    AtomicLong clock = new AtomicLong();
    CacheBlocks blocks = new CacheBlocks(TARGET, 100L * TARGET, Duration.ofNanos(10), clock::get);
    for (int i = 0; i < 5; i++) {
      blocks.give(new byte[TARGET]);
    }
    clock.addAndGet(10);
    blocks.give(blocks.take()); // the first trim: it starts counting the fewest free, from five
    byte[] one = blocks.take();
    byte[] two = blocks.take();
    blocks.give(one);
    blocks.give(two); // in this interval three of the five stayed free all along

    clock.addAndGet(10);
    blocks.take();

    assertThat(blocks.made()).isZero();
    assertThat(blocks.kept()).isEqualTo(1); // the three dropped, then one taken
  }
}
