package dev.medallion.cli;

import dev.medallion.spec.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads command-line durations in the spec's form: {@code 500ms}, {@code 5s}, {@code 2m}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value)
        .orElseThrow(
            () -> new TypeConversionException("expected a duration such as 500ms, 5s or 2m, got '" + value + "'"));
  }
}
