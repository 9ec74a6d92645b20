package dev.medallion.bench;

import java.time.Duration;

/** Records (and bytes, when known) handled in a time. */
record Rate(long records, long bytes, Duration elapsed) {
  /** Records per second; zero when nothing was timed. */
  double perSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? records / seconds : 0;
  }

  /** Megabytes (10^6 bytes) per second; zero when the bytes are not known. */
  double megabytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? bytes / 1e6 / seconds : 0;
  }
}
