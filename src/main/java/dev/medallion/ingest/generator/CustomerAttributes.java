package dev.medallion.ingest.generator;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/** The attributes of a customer an SCD2 dimension tracks. */
record CustomerAttributes(String name, CustomerTier tier, String email) {
  // non-ASCII letters and an apostrophe exercise encoding and escaping end to end
  private static final String[] FIRST_NAMES = {
    "Ada", "Grace", "Alan", "José", "Zoë", "Chloé", "Søren", "Björn", "Mei", "Aiko",
    "Noor", "Liam", "Olivia", "Mateo", "Ana", "Jürgen", "François", "Siobhán", "Łukasz", "Ngozi"
  };
  private static final String[] LAST_NAMES = {
    "Lovelace", "Hopper", "Turing", "García", "O'Brien", "Müller", "Nakamura", "Kowalski",
    "Dubois", "Okafor", "Johansson", "Rossi", "Silva", "Smith", "Nguyen", "van der Berg",
    "Ólafsson", "Haddad"
  };

  CustomerAttributes {
    requireNonNull(name, "name");
    requireNonNull(tier, "tier");
    requireNonNull(email, "email");
  }

  /** Returns the attributes of a new customer number {@code customer}. */
  static CustomerAttributes create(int customer, SplittableRandom random) {
    return new CustomerAttributes(
        pickName(random), CustomerTier.pick(random), "customer" + customer + "@example.com");
  }

  /**
   * Returns these attributes with the name or the tier changed to a value that differs from both
   * these and {@code avoided}'s (which may be these).
   */
  CustomerAttributes changedAvoiding(CustomerAttributes avoided, SplittableRandom random) {
    if (random.nextInt(5) < 2) {
      String newName;
      do {
        newName = pickName(random);
      } while (newName.equals(name) || newName.equals(avoided.name));
      return new CustomerAttributes(newName, tier, email);
    }
    return new CustomerAttributes(
        name, CustomerTier.pickOtherThan(tier, avoided.tier, random), email);
  }

  /** Appends the record value for customer {@code customer} with these attributes. */
  void appendJson(StringBuilder out, int customer, long effectiveMillis) {
    out.append("{\"customer_id\":\"");
    Digits.appendPadded(out, customer, CustomerIds.DIGITS);
    out.append("\",\"customer_name\":");
    JsonText.appendQuoted(out, name);
    out.append(",\"customer_tier\":\"").append(tier.name()).append("\",\"email\":");
    JsonText.appendQuoted(out, email);
    out.append(",\"effective_time\":\"");
    TimestampText.append(out, effectiveMillis);
    out.append("\"}");
  }

  private static String pickName(SplittableRandom random) {
    return FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]
        + " "
        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
  }
}
