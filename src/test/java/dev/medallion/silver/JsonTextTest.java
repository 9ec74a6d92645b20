package dev.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings read a word at a time where their bytes are plain, byte by byte around anything else:
 * every kind of byte at every position of strings up to three words long, against Jackson.
 */
class JsonTextTest {
  private static final JsonFactory JACKSON = new JsonFactory();
  private static final String REFUSED = "(refused)";

  /** What may stand inside a string's quotes, or end it: as bytes of the document. */
  private static final List<byte[]> INSERTS =
      List.of(
          bytes("\""),
          bytes("\\n"),
          bytes("\\\""),
          bytes("\\u00e9"),
          bytes("é"),
          bytes("€"),
          bytes("😀"),
          new byte[] {0x01},
          new byte[] {0x1F},
          new byte[] {0x7F},
          new byte[] {(byte) 0xFF},
          new byte[] {(byte) 0xC3},
          bytes(" "),
          bytes("!"),
          bytes("#"),
          bytes("["),
          bytes("]"));

  @Test
  void readsWhatJacksonReadsWhereverTheUnusualByteStands() throws IOException {
    List<String> disagreements = new ArrayList<>();
    int cases = 0;
    for (int length = 0; length <= 24; length++) {
      for (int at = 0; at <= length; at++) {
        for (byte[] insert : INSERTS) {
          ByteArrayOutputStream document = new ByteArrayOutputStream();
          document.write('"');
          document.write(bytes("abcdefghijklmnopqrstuvwxyz".substring(0, at)));
          document.write(insert);
          document.write(bytes("ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(at, length)));
          document.write('"');
          byte[] text = document.toByteArray();
          String ours = ours(text);
          String jackson = jackson(text);
          // Jackson refuses exactly what the cursor leaves to it here: nothing of these is its to judge
          boolean agree = jackson.equals(REFUSED) ? ours == null : jackson.equals(ours);
          if (!agree) {
            disagreements.add(new String(text, StandardCharsets.ISO_8859_1) + ": ours " + ours + ", Jackson " + jackson);
          }
          cases++;
        }
      }
    }

    assertThat(disagreements).isEmpty();
    assertThat(cases).isEqualTo(325 * INSERTS.size());
  }

  @Test
  void plainTextOfEveryLengthIsReadWhole() {
    for (int length = 0; length <= 40; length++) {
      String value = "x".repeat(length);
      byte[] document = bytes("\"" + value + "\",");
      JsonText text = new JsonText(document, 0, document.length);

      assertThat(text.readString()).isTrue();
      assertThat(new String(text.textCopy(), StandardCharsets.UTF_8)).isEqualTo(value);
      assertThat(text.at(',')).isTrue();
    }
  }

  @Test
  void aStringCutByTheEndOfTheDocumentIsNotRead() {
    byte[] document = bytes("\"abcdefghijklmnop");

    assertThat(new JsonText(document, 0, document.length).readString()).isFalse();
    assertThat(new JsonText(bytes("\"abcdefghijklmnop\""), 0, 17).readString()).isFalse();
  }

  /** The string read, null where the cursor leaves it to Jackson. */
  private static String ours(byte[] document) {
    JsonText text = new JsonText(document, 0, document.length);
    return text.readString() ? new String(text.textCopy(), StandardCharsets.UTF_8) : null;
  }

  /** Jackson's first token's text, or what it says against it. */
  private static String jackson(byte[] document) {
    try (JsonParser parser = JACKSON.createParser(document)) {
      return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : "(not a string)";
    } catch (IOException e) {
      return REFUSED;
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
