package dev.medallion.ingest.generator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.SplittableRandom;

/**
 * Writes the value of one event record, valid or with one chosen defect, reusing one buffer.
 *
 * <p>Fields are written in schema order: {@code event_id}, {@code customer_id}, {@code event_type},
 * {@code event_time}, {@code properties}. Every value is free of line breaks.
 */
final class EventComposer {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final byte[] NOT_UTF8_PREFIX = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE};

  /** The fields the silver layer requires, as they are written. */
  private enum RequiredField {
    EVENT_ID("\"event_id\":"),
    CUSTOMER_ID("\"customer_id\":"),
    EVENT_TYPE("\"event_type\":"),
    EVENT_TIME("\"event_time\":");

    private final String nameLiteral;

    RequiredField(String nameLiteral) {
      this.nameLiteral = nameLiteral;
    }
  }

  private final SplittableRandom random;
  private final StringBuilder text = new StringBuilder(320);
  private RequiredField lacking;
  private boolean lackingAsNull;
  private int fieldsWritten;
  private int requiredFieldsEnd;

  EventComposer(SplittableRandom random) {
    this.random = random;
  }

  /** Returns a valid event of {@code customer} at {@code eventMillis}. */
  byte[] composeValid(int customer, long eventMillis) {
    return compose(customer, eventMillis, true, null).getBytes(UTF_8);
  }

  /** Returns an event whose {@code customer_id} does not have 10 digits. */
  byte[] composeWithBadCustomerId(int customer, long eventMillis) {
    return compose(customer, eventMillis, false, null).getBytes(UTF_8);
  }

  /** Returns an event lacking one required field, chosen at random: absent or {@code null}. */
  byte[] composeWithoutField(int customer, long eventMillis) {
    RequiredField[] fields = RequiredField.values();
    lackingAsNull = random.nextBoolean();
    return compose(customer, eventMillis, true, fields[random.nextInt(fields.length)])
        .getBytes(UTF_8);
  }

  /**
   * Returns text that is not JSON: mostly an event cut before the end of its {@code event_time}
   * value, so that even a parser returning partial results lacks a required field; else {@code
   * key=value} text.
   */
  byte[] composeMalformed(int customer, long eventMillis) {
    String event = compose(customer, eventMillis, true, null);
    if (random.nextInt(5) != 0) {
      return event.substring(0, 1 + random.nextInt(requiredFieldsEnd - 1)).getBytes(UTF_8);
    }
    text.setLength(0);
    text.append("event_id=");
    appendEventId();
    text.append(";customer_id=");
    Digits.appendPadded(text, customer, CustomerIds.DIGITS);
    text.append(";event_type=").append(EventType.pick(random).name()).append(";event_time=");
    TimestampText.append(text, eventMillis);
    return text.toString().getBytes(UTF_8);
  }

  /** Returns 8 to 64 bytes that are not UTF-8: {@code C3 28 FF FE}, then random bytes. */
  byte[] composeNotUtf8() {
    byte[] bytes = new byte[8 + random.nextInt(57)];
    System.arraycopy(NOT_UTF8_PREFIX, 0, bytes, 0, NOT_UTF8_PREFIX.length);
    for (int i = NOT_UTF8_PREFIX.length; i < bytes.length; i++) {
      byte next = (byte) random.nextInt(256);
      // no line breaks, so that records can be written one per line
      bytes[i] = next == '\n' || next == '\r' ? (byte) 0xFF : next;
    }
    return bytes;
  }

  private String compose(
      int customer, long eventMillis, boolean validCustomerId, RequiredField lackingField) {
    lacking = lackingField;
    fieldsWritten = 0;
    text.setLength(0);
    text.append('{');
    if (startField(RequiredField.EVENT_ID)) {
      text.append('"');
      appendEventId();
      text.append('"');
    }
    if (startField(RequiredField.CUSTOMER_ID)) {
      if (validCustomerId) {
        CustomerIds.appendValid(text, customer, random);
      } else {
        CustomerIds.appendBad(text, random);
      }
    }
    EventType type = EventType.pick(random);
    if (startField(RequiredField.EVENT_TYPE)) {
      type.appendSpelling(text, random);
    }
    if (startField(RequiredField.EVENT_TIME)) {
      text.append('"');
      TimestampText.append(text, eventMillis);
      text.append('"');
    }
    requiredFieldsEnd = text.length();
    text.append(fieldsWritten > 0 ? ",\"properties\":" : "\"properties\":");
    EventProperties.append(text, type, random);
    return text.append('}').toString();
  }

  /** Writes the separator and name of {@code field}; returns false when its value is not due. */
  private boolean startField(RequiredField field) {
    if (field == lacking && !lackingAsNull) {
      return false;
    }
    if (fieldsWritten++ > 0) {
      text.append(',');
    }
    text.append(field.nameLiteral);
    if (field == lacking) {
      text.append("null");
      return false;
    }
    return true;
  }

  /** Appends a random version-4 UUID made from the random stream, without quotes. */
  private void appendEventId() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    appendHex(high >>> 32, 8);
    text.append('-');
    appendHex(high >>> 16, 4);
    text.append('-');
    appendHex(high, 4);
    text.append('-');
    appendHex(low >>> 48, 4);
    text.append('-');
    appendHex(low, 12);
  }

  private void appendHex(long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      text.append(HEX[(int) (value >>> shift) & 0xF]);
    }
  }
}
