package dev.medallion.testing;

import java.nio.charset.StandardCharsets;

/** One customer record of the customers feed as a JSON payload. */
public final class CustomerFixture {
  private CustomerFixture() {}

  public static byte[] customer(String id, String name, String tier, String effectiveTime) {
    return String.format(
            "{\"customer_id\":\"%s\",\"customer_name\":\"%s\",\"customer_tier\":\"%s\","
                + "\"email\":\"%s@example.com\",\"effective_time\":\"%s\"}",
            id, name, tier, name.toLowerCase(), effectiveTime)
        .getBytes(StandardCharsets.UTF_8);
  }
}
