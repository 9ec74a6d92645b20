package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConcurrentWritesTest {
  @Test
  void writesRunAtTheSameTimeAndTheirResultsComeBackInOrder() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Callable<String> first = () -> awaitOther(bothStarted, "first");
    Callable<String> second = () -> awaitOther(bothStarted, "second");
    assertThat(ConcurrentWrites.runAll("test", List.of(first, second))).containsExactly("first", "second");
  }

  @Test
  void aFailureIsThrownOnlyOnceEveryOtherWriteHasFinished() {
    AtomicBoolean slowFinished = new AtomicBoolean();
    Callable<String> failing =
        () -> {
          throw new IllegalStateException("merge failed");
        };
    Callable<String> slow =
        () -> {
          Thread.sleep(300);
          slowFinished.set(true);
          return "slow";
        };
    assertThatThrownBy(() -> ConcurrentWrites.runAll("test", List.of(failing, slow)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("merge failed");
    assertThat(slowFinished).isTrue();
  }

  @Test
  void aWriteInheritsTheCallersThreadLocalContext() {
    InheritableThreadLocal<String> jobGroup = new InheritableThreadLocal<>();
    jobGroup.set("batch-7");
    Callable<String> write = jobGroup::get;
    assertThat(ConcurrentWrites.runAll("test", List.of(write, write))).containsExactly("batch-7", "batch-7");
  }

  private static String awaitOther(CountDownLatch bothStarted, String result) throws InterruptedException {
    bothStarted.countDown();
    if (!bothStarted.await(10, TimeUnit.SECONDS)) {
      return "ran alone";
    }
    return result;
  }
}
