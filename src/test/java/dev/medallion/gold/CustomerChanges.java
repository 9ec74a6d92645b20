package dev.medallion.gold;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Silver rows of customer changes, as the seed's {@code dim_customer} reads them. */
final class CustomerChanges {
  static final StructType SCHEMA =
      new StructType()
          .add("customer_id", DataTypes.StringType)
          .add("customer_name", DataTypes.StringType)
          .add("customer_tier", DataTypes.StringType)
          .add("effective_time", DataTypes.TimestampType);

  private CustomerChanges() {}

  /** Changes to a few members (40), many at the same times, with few distinct attributes. */
  static Row[] random(Random random, int count) {
    String[] names = {"Ann", "Bo", null};
    String[] tiers = {"SILVER", "GOLD"};
    Row[] rows = new Row[count];
    for (int i = 0; i < count; i++) {
      rows[i] =
          RowFactory.create(
              "c" + random.nextInt(40),
              names[random.nextInt(names.length)],
              tiers[random.nextInt(tiers.length)],
              Timestamp.from(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * random.nextInt(30))));
    }
    return rows;
  }
}
