package dev.medallion.ops.parquet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.medallion.ops.parquet.ColumnEncoder.PageLimits;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/** The entries a leveled column refuses: levels its column cannot have, and values of another type. */
class LeveledColumnTest {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          """
          message row {
            required int64 offset;
            optional group properties (MAP) {
              repeated group key_value {
                required binary key (STRING);
                optional binary value (STRING);
              }
            }
            optional boolean flag;
          }
          """);

  @Test
  void aRequiredColumnHoldsNoMissingValue() {
    LeveledColumn offset = new LeveledColumn(column(0), PageLimits.DEFAULT);

    assertThatThrownBy(() -> offset.addMissing(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("definition level 0");
  }

  @Test
  void aMapsKeysTakeItsLevelsAndNoValueAtTheirMaximum() throws Exception {
    LeveledColumn keys = new LeveledColumn(column(1), PageLimits.DEFAULT);

    assertThatCode(() -> {
          keys.addMissing(0, 0); // a null map
          keys.addMissing(0, 1); // an empty one
          keys.addBytes(0, new byte[] {'k'}, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, 1);
          keys.addBytes(1, new byte[] {'j'}, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, 1);
        })
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> keys.addMissing(0, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> keys.addMissing(2, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repetition level 2");
  }

  @Test
  void aPageStartsWithARow() {
    LeveledColumn keys = new LeveledColumn(column(1), PageLimits.DEFAULT);

    assertThatThrownBy(() -> keys.addMissing(1, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start a row");
  }

  @Test
  void valuesOfAnotherTypeAndBooleanColumnsAreRefused() {
    LeveledColumn offset = new LeveledColumn(column(0), PageLimits.DEFAULT);

    assertThatThrownBy(() -> offset.addInt(0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT64, not INT32");
    assertThatThrownBy(() -> new LeveledColumn(column(3), PageLimits.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
  }

  private static ColumnDescriptor column(int index) {
    return SCHEMA.getColumns().get(index);
  }
}
