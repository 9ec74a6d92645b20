package dev.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PollerThreadsTest {
  @Test
  void runsOfATableOneAfterAnotherPollOnTheSameThread() throws Exception {
    Thread first = threadOfARun("bronze.kept");
    Thread second = threadOfARun("bronze.kept");

    assertThat(second).isSameAs(first);
    assertThat(first.getName()).isEqualTo("medallion-poll-bronze.kept");
    assertThat(first.isDaemon()).isTrue();
  }

  @Test
  void aRunWhileTheKeptThreadIsBusyPollsOnANewThreadWithoutWaiting() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> busy = new AtomicReference<>();
    Future<?> running =
        PollerThreads.start(
            "bronze.busy",
            () -> {
              busy.set(Thread.currentThread());
              await(release);
            });
    Thread other = threadOfARun("bronze.busy");
    release.countDown();
    running.get(10, TimeUnit.SECONDS);

    assertThat(other).isNotSameAs(busy.get());
    assertThat(other.getName()).isEqualTo("medallion-poll-bronze.busy");
    assertThat(threadOfARun("bronze.busy")).isSameAs(busy.get());
  }

  @Test
  void aFailureReachesTheCallerAndLeavesTheThreadFreeForTheNextRun() throws Exception {
    Future<?> failing =
        PollerThreads.start(
            "bronze.failing",
            () -> {
              throw new IllegalStateException("broker gone");
            });

    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("broker gone");
    assertThat(threadOfARun("bronze.failing").getName())
        .isEqualTo("medallion-poll-bronze.failing");
  }

  /** The thread a run of {@code table} polled on, once it has ended. */
  private static Thread threadOfARun(String table) throws Exception {
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    PollerThreads.start(table, () -> ranOn.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
    return ranOn.get();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
