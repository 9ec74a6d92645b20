package dev.medallion.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds one event of the seed's schema as a JSON payload: {@code event().id("e1").json()}. */
public final class EventFixture {
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Map<String, String> properties = new LinkedHashMap<>();

  private EventFixture() {
    fields.put("event_id", "e-1");
    fields.put("customer_id", "0000000001");
    fields.put("event_type", "PAGE_VIEW");
    fields.put("event_time", "2026-11-20T10:00:00Z");
  }

  public static EventFixture event() {
    return new EventFixture();
  }

  public EventFixture id(String id) {
    fields.put("event_id", id);
    return this;
  }

  public EventFixture customer(String customer) {
    fields.put("customer_id", customer);
    return this;
  }

  public EventFixture type(String type) {
    fields.put("event_type", type);
    return this;
  }

  public EventFixture at(String isoTime) {
    fields.put("event_time", isoTime);
    return this;
  }

  public EventFixture amount(String amount) {
    properties.put("amount", amount);
    return this;
  }

  public EventFixture without(String field) {
    fields.remove(field);
    return this;
  }

  public String json() {
    StringBuilder json = new StringBuilder("{");
    fields.forEach((name, value) -> json.append('"').append(name).append("\":\"").append(value).append("\","));
    json.append("\"properties\":{");
    String separator = "";
    for (Map.Entry<String, String> property : properties.entrySet()) {
      json.append(separator).append('"').append(property.getKey()).append("\":\"").append(property.getValue()).append('"');
      separator = ",";
    }
    return json.append("}}").toString();
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }
}
