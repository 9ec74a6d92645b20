package dev.medallion.spec;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The keys written in one YAML mapping and which of them the spec's readers asked for: keys that
 * are not plain text or written twice are reported when read, and {@link #reportUndeclared()}
 * reports those no reader declared, with the closest declared key as a suggestion. A retired key
 * is reported by its reader and never offered as a valid one.
 */
final class MappingKeys {
  private final String path;
  private final SpecErrors errors;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> declared = new LinkedHashSet<>();
  private final Set<String> retired = new LinkedHashSet<>();

  MappingKeys(MappingNode node, String path, int line, SpecErrors errors) {
    this.path = path;
    this.errors = errors;
    for (NodeTuple tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        errors.add(line(tuple.getKeyNode()), path, "a key must be plain text (write key: value)");
        continue;
      }
      NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
      if (first != null) {
        errors.add(
            line(key),
            pathOf(key.getValue()),
            "duplicate key (first written at line " + line(first.getKeyNode()) + "; keep one)");
      }
    }
  }

  /** The entry of {@code key}, or null when it is not written; declares the key. */
  NodeTuple declare(String key) {
    declared.add(key);
    return entries.get(key);
  }

  /** The entry of {@code key}, or null when it is not written; does not declare it. */
  NodeTuple entry(String key) {
    return entries.get(key);
  }

  boolean written(String key) {
    return entries.containsKey(key);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The keys written, in order. */
  Set<String> names() {
    return entries.keySet();
  }

  /** Marks a written key as reported already and not to be offered as valid. */
  void retire(String key) {
    retired.add(key);
  }

  /** Reports every key written that no reader declared or retired. */
  void reportUndeclared() {
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String key = entry.getKey();
      if (!declared.contains(key) && !retired.contains(key)) {
        String hint = Suggestions.didYouMean(key, declared);
        errors.add(
            line(entry.getValue().getKeyNode()),
            pathOf(key),
            "unknown key (" + hint + "keys here: " + String.join(", ", declared) + ")");
      }
    }
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}
