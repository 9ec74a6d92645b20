package dev.medallion.ingest.generator;

import java.util.SplittableRandom;

/** The event types, with how often each occurs and the spellings a source may use. */
enum EventType {
  PAGE_VIEW(40, "page_view", "Page_View", "page_View"),
  SEARCH(20, "search", "Search"),
  ADD_TO_CART(15, "add_to_cart", "Add_To_Cart"),
  PURCHASE(10, "purchase", "Purchase"),
  LOGIN(15, "login", "Login", "LogIn");

  private static final EventType[] BY_PERCENT = new EventType[100];

  static {
    int percent = 0;
    for (EventType type : values()) {
      for (int i = 0; i < type.percent; i++) {
        BY_PERCENT[percent++] = type;
      }
    }
  }

  private final int percent;
  private final String canonicalLiteral;
  private final String[] otherLiterals;

  EventType(int percent, String... otherSpellings) {
    this.percent = percent;
    this.canonicalLiteral = JsonText.quoted(name());
    this.otherLiterals = new String[otherSpellings.length];
    for (int i = 0; i < otherSpellings.length; i++) {
      otherLiterals[i] = JsonText.quoted(otherSpellings[i]);
    }
  }

  /** Returns a type drawn with the weights of a shop's traffic: page views most, purchases few. */
  static EventType pick(SplittableRandom random) {
    return BY_PERCENT[random.nextInt(100)];
  }

  /**
   * Appends the type as a JSON string: 85% upper case, 15% lower or mixed case (which the silver
   * layer upper-cases).
   */
  void appendSpelling(StringBuilder out, SplittableRandom random) {
    if (random.nextInt(100) < 85) {
      out.append(canonicalLiteral);
    } else {
      out.append(otherLiterals[random.nextInt(otherLiterals.length)]);
    }
  }
}
