package dev.medallion.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the spec, read through typed accessors that record every problem with its
 * line and YAML path in {@link SpecErrors} instead of throwing, so that a whole file is checked in
 * one pass. An accessor returns empty (or the fallback) when the value is left out or invalid.
 *
 * <p>Each accessor declares its key ({@link MappingKeys}): {@link #rejectUnknownKeys()} then
 * reports the keys written but never asked for, with the closest declared key as a suggestion. A
 * key written with no value ({@code bootstrap:}) counts as left out. Text values are trimmed.
 */
final class YamlMapping {
  private record Element(Node node, String path) {}

  private final String name;
  private final String path;
  private final int line;
  private final SpecErrors errors;
  private final MappingKeys keys;

  private YamlMapping(MappingNode node, String name, String path, int line, SpecErrors errors) {
    this.name = name;
    this.path = path;
    this.line = line;
    this.errors = errors;
    this.keys = new MappingKeys(node, path, line, errors);
  }

  /** The document's root mapping, or empty (with an error recorded) when it is not a mapping. */
  static Optional<YamlMapping> root(Node node, SpecErrors errors) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMapping(mapping, "", "", line(node), errors));
    }
    String found = node == null ? "empty" : describe(node);
    errors.add(
        node == null ? 1 : line(node), "", "the spec is " + found + " (start with pipeline: NAME)");
    return Optional.empty();
  }

  /** The key this mapping is the value of ({@code events} for {@code sources.events}). */
  String name() {
    return name;
  }

  String path() {
    return path;
  }

  /** The line of the key this mapping is the value of: where a missing key is reported. */
  int line() {
    return line;
  }

  /** Whether the key is written with a value; declares the key. */
  boolean has(String key) {
    return node(key).isPresent();
  }

  Optional<YamlScalar> scalar(String key) {
    return node(key).flatMap(node -> scalar(node, pathOf(key)));
  }

  /** The value of a key that must be written; {@code example} is a value the error shows. */
  Optional<YamlScalar> requiredScalar(String key, String example) {
    return required(key, example).flatMap(node -> scalar(node, pathOf(key)));
  }

  Optional<String> string(String key) {
    return scalar(key).map(YamlScalar::text);
  }

  String string(String key, String fallback) {
    return string(key).orElse(fallback);
  }

  Optional<String> requiredString(String key, String example) {
    return requiredScalar(key, example).map(YamlScalar::text);
  }

  <T> Optional<T> value(String key, ValueFormat<T> format) {
    return scalar(key).flatMap(value -> convert(value, format));
  }

  <T> T value(String key, ValueFormat<T> format, T fallback) {
    return value(key, format).orElse(fallback);
  }

  <T> Optional<T> requiredValue(String key, ValueFormat<T> format, String example) {
    return requiredScalar(key, example).flatMap(value -> convert(value, format));
  }

  /** An enum constant written in lower case with dashes ({@code on-fail: quarantine}). */
  <E extends Enum<E>> E choice(String key, E fallback) {
    E[] constants = fallback.getDeclaringClass().getEnumConstants();
    List<String> words = new ArrayList<>();
    for (E constant : constants) {
      words.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return value(key, ValueFormat.oneOf(words))
        .map(word -> constants[words.indexOf(word)])
        .orElse(fallback);
  }

  Optional<YamlMapping> mapping(String key) {
    return node(key).flatMap(node -> mapping(node, key, pathOf(key), keyLine(key)));
  }

  Optional<YamlMapping> requiredMapping(String key, String example) {
    return required(key, example).flatMap(node -> mapping(node, key, pathOf(key), keyLine(key)));
  }

  /** The mappings under each key of a mapping ({@code sources: {events: {...}}}), in order. */
  List<YamlMapping> mappings(String key) {
    return mapping(key).map(YamlMapping::mappingValues).orElse(List.of());
  }

  /** The mappings under each key of a mapping that must be written with at least one key. */
  List<YamlMapping> requiredMappings(String key, String example) {
    Optional<YamlMapping> mapping = requiredMapping(key, example);
    if (mapping.isPresent() && mapping.get().keys.isEmpty()) {
      error(key, "nothing is declared (write e.g. " + key + ": " + example + ")");
    }
    return mapping.map(YamlMapping::mappingValues).orElse(List.of());
  }

  /** Text values by key ({@code properties}, {@code derive}), in order; empty when left out. */
  Map<String, YamlScalar> scalars(String key) {
    Map<String, YamlScalar> values = new LinkedHashMap<>();
    Optional<YamlMapping> mapping = mapping(key);
    for (String name : mapping.map(m -> m.keys.names()).orElse(Set.of())) {
      Node value = mapping.get().keys.entry(name).getValueNode();
      scalar(value, mapping.get().pathOf(name)).ifPresent(text -> values.put(name, text));
    }
    return values;
  }

  /** A list of text values ({@code [event_id, event_time]}); empty when left out. */
  List<YamlScalar> scalarList(String key) {
    List<YamlScalar> values = new ArrayList<>();
    elements(key).forEach(element -> scalar(element.node(), element.path()).ifPresent(values::add));
    return values;
  }

  /** A list of text values that must be written with at least one element. */
  List<YamlScalar> requiredScalarList(String key, String example) {
    if (required(key, example).isEmpty()) {
      return List.of();
    }
    int before = errors.count();
    List<YamlScalar> values = scalarList(key);
    if (values.isEmpty() && errors.count() == before) {
      error(key, "the list is empty (write e.g. " + key + ": " + example + ")");
    }
    return values;
  }

  /** A list of mappings ({@code rules: [{name: ..., check: ...}]}); empty when left out. */
  List<YamlMapping> mappingList(String key) {
    List<YamlMapping> values = new ArrayList<>();
    for (Element element : elements(key)) {
      Node node = element.node();
      mapping(node, key, element.path(), line(node)).ifPresent(values::add);
    }
    return values;
  }

  /** Records an error about a key's value, at the value's line (this mapping's if absent). */
  void error(String key, String message) {
    NodeTuple tuple = keys.entry(key);
    errors.add(tuple == null ? line : line(tuple.getValueNode()), pathOf(key), message);
  }

  /** Records an error about this mapping as a whole. */
  void error(String message) {
    errors.add(line, path, message);
  }

  /** Reports a key that is no longer valid with {@code message}, without offering it as valid. */
  void rejectRetiredKey(String key, String message) {
    if (keys.written(key)) {
      error(key, message);
      keys.retire(key);
    }
  }

  /** Reports every key written here that no accessor declared. */
  void rejectUnknownKeys() {
    keys.reportUndeclared();
  }

  private String pathOf(String key) {
    return keys.pathOf(key);
  }

  private Optional<Node> node(String key) {
    return Optional.ofNullable(keys.declare(key))
        .map(NodeTuple::getValueNode)
        .filter(node -> !Tag.NULL.equals(node.getTag()));
  }

  private Optional<Node> required(String key, String example) {
    Optional<Node> node = node(key);
    if (node.isEmpty() && keys.written(key)) {
      error(key, "missing value (write e.g. " + key + ": " + example + ")");
    } else if (node.isEmpty()) {
      errors.add(line, path, "missing key '" + key + "' (add e.g. " + key + ": " + example + ")");
    }
    return node;
  }

  private <T> Optional<T> convert(YamlScalar value, ValueFormat<T> format) {
    Optional<T> converted = format.convert(value.text());
    if (converted.isEmpty()) {
      errors.add(
          value.line(),
          value.path(),
          "expected " + format.expected() + ", found '" + value.text() + "'");
    }
    return converted;
  }

  private Optional<YamlScalar> scalar(Node node, String valuePath) {
    if (node instanceof ScalarNode scalar) {
      return Optional.of(new YamlScalar(scalar.getValue().strip(), line(node), valuePath));
    }
    errors.add(line(node), valuePath, "expected a single value, found " + describe(node));
    return Optional.empty();
  }

  private Optional<YamlMapping> mapping(Node node, String key, String valuePath, int keyLine) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(new YamlMapping(mapping, key, valuePath, keyLine, errors));
    }
    errors.add(line(node), valuePath, "expected a mapping (key: value), found " + describe(node));
    return Optional.empty();
  }

  private List<YamlMapping> mappingValues() {
    List<YamlMapping> values = new ArrayList<>();
    for (String key : keys.names()) {
      NodeTuple tuple = keys.declare(key);
      mapping(tuple.getValueNode(), key, pathOf(key), line(tuple.getKeyNode()))
          .ifPresent(values::add);
    }
    return values;
  }

  private List<Element> elements(String key) {
    Optional<Node> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof SequenceNode sequence)) {
      errors.add(
          line(node.get()),
          pathOf(key),
          "expected a list such as [a, b], found " + describe(node.get()));
      return List.of();
    }
    List<Element> elements = new ArrayList<>();
    List<Node> items = sequence.getValue();
    for (int i = 0; i < items.size(); i++) {
      elements.add(new Element(items.get(i), pathOf(key) + "[" + i + "]"));
    }
    return elements;
  }

  private int keyLine(String key) {
    NodeTuple tuple = keys.entry(key);
    return tuple == null ? line : line(tuple.getKeyNode());
  }

  private static int line(Node node) {
    return MappingKeys.line(node);
  }

  private static String describe(Node node) {
    return switch (node.getNodeId()) {
      case scalar -> "'" + ((ScalarNode) node).getValue().strip() + "'";
      case sequence -> "a list";
      case mapping -> "a mapping";
      default -> "an alias";
    };
  }
}
