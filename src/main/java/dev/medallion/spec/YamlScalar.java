package dev.medallion.spec;

import static java.util.Objects.requireNonNull;

/**
 * A text value of the spec with where it was written, so that checks made after reading (is this
 * column known? does this SQL parse?) still report the right line and YAML path.
 *
 * @param text the value as written, without surrounding whitespace
 * @param line 1-based line of the value
 * @param path YAML path of the value ({@code silver.events.dedup.keys[1]})
 */
record YamlScalar(String text, int line, String path) {
  YamlScalar {
    requireNonNull(text, "text");
    requireNonNull(path, "path");
  }
}
