package dev.medallion.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
  @Test
  void aThreadIsADaemonOfItsNameThatRunsItsTaskOnceStarted() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    Thread thread = DaemonThreads.of(ran::countDown, "medallion-test");

    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("medallion-test");
    assertThat(thread.getState()).isEqualTo(Thread.State.NEW);
    thread.start();
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aFactorysThreadsAreDaemonsOfItsName() {
    Thread thread = DaemonThreads.named("medallion-pool").newThread(() -> {});

    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("medallion-pool");
  }
}
