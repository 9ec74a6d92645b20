package dev.medallion.ingest.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTextTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void escapesQuotesBackslashesAndControlCharacters() throws Exception {
    String tricky = "say \"hi\" \\ C:\\temp\n\r\t\b\f \u0001 \u001f café 日本 🎁 </script>";

    String quoted = JsonText.quoted(tricky);

    assertThat(quoted).doesNotContain("\n", "\r", "\t", "\u0001");
    assertThat(quoted).contains("\\u0001", "\\u001f", "\\\"hi\\\"", "café");
    assertThat(json.readValue(quoted, String.class)).isEqualTo(tricky);
  }

  @Test
  void leavesPlainTextAsItIs() {
    assertThat(JsonText.quoted("running shoes")).isEqualTo("\"running shoes\"");
    assertThat(JsonText.quoted("")).isEqualTo("\"\"");
  }
}
