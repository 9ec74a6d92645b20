package dev.medallion.ingest.generator;

import java.util.SplittableRandom;

/** A customer's loyalty tier, from the most to the least common. */
enum CustomerTier {
  BRONZE,
  SILVER,
  GOLD,
  PLATINUM;

  private static final CustomerTier[] VALUES = values();

  /** Returns a tier for a new customer: half BRONZE, 30% SILVER, 15% GOLD, 5% PLATINUM. */
  static CustomerTier pick(SplittableRandom random) {
    int percent = random.nextInt(100);
    return percent < 50 ? BRONZE : percent < 80 ? SILVER : percent < 95 ? GOLD : PLATINUM;
  }

  /** Returns a tier equal to neither {@code first} nor {@code second}. */
  static CustomerTier pickOtherThan(
      CustomerTier first, CustomerTier second, SplittableRandom random) {
    CustomerTier tier;
    do {
      tier = VALUES[random.nextInt(VALUES.length)];
    } while (tier == first || tier == second);
    return tier;
  }
}
