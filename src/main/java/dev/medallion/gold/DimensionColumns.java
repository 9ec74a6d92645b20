package dev.medallion.gold;

import dev.medallion.spec.DimensionSpec;

/**
 * Column names of a dimension table, after the seed's {@code dim_customer}: the business key,
 * the tracked attributes, {@code start_date}, {@code end_date} (timestamps: a member may change
 * more than once a day), {@code is_current}, a hash of the tracked attributes and a surrogate key,
 * both named after the key ({@code customer_id} gives {@code customer_hash}, {@code customer_sk}).
 */
record DimensionColumns(DimensionSpec spec) {
  static final String START = "start_date";
  static final String END = "end_date";
  static final String CURRENT = "is_current";

  String key() {
    return spec.key();
  }

  String hash() {
    return stem() + "_hash";
  }

  String surrogateKey() {
    return stem() + "_sk";
  }

  private String stem() {
    String key = spec.key();
    return key.endsWith("_id") ? key.substring(0, key.length() - 3) : key;
  }
}
