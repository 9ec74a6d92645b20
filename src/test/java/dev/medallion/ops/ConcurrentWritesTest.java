package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
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
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    AtomicBoolean returned = new AtomicBoolean();
    AtomicBoolean slowFinished = new AtomicBoolean();
    Callable<String> failing =
        () -> {
          failed.countDown();
          throw new IllegalStateException("merge failed");
        };
    Callable<String> slow =
        () -> {
          releaseSlow.await(10, TimeUnit.SECONDS);
          slowFinished.set(true);
          return "slow";
        };
    // Holds the slow write until runAll has had the failure for a while without returning.
    CompletableFuture<Void> watcher =
        CompletableFuture.runAsync(
            () -> {
              try {
                await().atMost(Duration.ofSeconds(10)).until(() -> failed.getCount() == 0);
                await()
                    .during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !returned.get());
              } finally {
                releaseSlow.countDown();
              }
            });

    assertThatThrownBy(
            () -> {
              try {
                ConcurrentWrites.runAll("test", List.of(failing, slow));
              } finally {
                returned.set(true);
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("merge failed");
    assertThatCode(watcher::join).as("runAll waited for the slow write").doesNotThrowAnyException();
    assertThat(slowFinished).isTrue();
  }

  @Test
  void tasksWithoutResultsRunAtTheSameTimeAndAFailureComesBackAfterAllFinished() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    AtomicBoolean otherFinished = new AtomicBoolean();
    Runnable failing =
        () -> {
          bothStarted.countDown();
          throw new IllegalArgumentException("load failed");
        };
    Runnable other =
        () -> {
          try {
            otherFinished.set(awaitOther(bothStarted, "other").equals("other"));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };

    assertThatThrownBy(() -> ConcurrentWrites.runEach("test", List.of(failing, other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("load failed");
    assertThat(otherFinished).as("the other task ran beside the failing one, to its end").isTrue();
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
