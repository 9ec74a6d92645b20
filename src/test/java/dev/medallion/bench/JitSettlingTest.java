package dev.medallion.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The wait for the JIT to settle, on counters given by the test (no real waiting). */
class JitSettlingTest {
  private final List<Long> slept = new ArrayList<>();

  @Test
  void waitsWindowByWindowUntilTheCompilersUseATenthOfACore() {
    JitSettling settling = settling(0, 600, 1_200, 1_290, 5_000);

    JitSettling.Outcome outcome = settling.await(Duration.ofSeconds(60));

    assertThat(outcome).isEqualTo(new JitSettling.Outcome(3_000, 1_290, true));
    assertThat(slept).containsExactly(1_000L, 1_000L, 1_000L);
    assertThat(outcome.describe()).isEqualTo("the JIT settled after 3 s (1.3 s of compiling)");
  }

  @Test
  void stopsWaitingAtTheLimitWhileTheCompilersAreStillBusy() {
    JitSettling settling = settling(LongStream.iterate(0, millis -> millis + 500).limit(100).toArray());

    JitSettling.Outcome outcome = settling.await(Duration.ofSeconds(4));

    assertThat(outcome).isEqualTo(new JitSettling.Outcome(4_000, 2_000, false));
    assertThat(outcome.describe())
        .isEqualTo("the JIT still compiling after 4 s (2.0 s of compiling); measuring anyway");
  }

  @Test
  void waitsForNothingWhereTheCompilersTimeIsUnknown() {
    JitSettling.Outcome outcome = settling(-1, -1).await(Duration.ofSeconds(60));

    assertThat(outcome).isEqualTo(new JitSettling.Outcome(0, 0, false));
    assertThat(slept).isEmpty();
  }

  @Test
  void thisJvmsCompilerThreadsAreRecognised() {
    assertThat(JvmActivity.isCompilerThread("C2 CompilerThread0")).isTrue();
    assertThat(JvmActivity.isCompilerThread("C1 CompilerThread0")).isTrue();
    assertThat(JvmActivity.isCompilerThread("GC Thread#0")).isFalse();
  }

  private JitSettling settling(long... readings) {
    PrimitiveIterator.OfLong next = LongStream.of(readings).iterator();
    return new JitSettling(next::nextLong, slept::add);
  }
}
