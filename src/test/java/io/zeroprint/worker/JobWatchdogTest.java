package io.zeroprint.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.pipeline.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A job stuck inside one call past its deadline is cancelled (its abort hook runs) and answered for, once. */
class JobWatchdogTest {
  private final List<ProblemException> answers = new ArrayList<>();
  private final AtomicInteger overdue = new AtomicInteger();

  @Test
  void aJobInsideItsDeadlineIsLeftAlone() {
    JobWatchdog dog = new JobWatchdog(0, overdue::incrementAndGet);
    JobContext job = job(60_000);
    AtomicBoolean aborted = new AtomicBoolean();
    job.abortWith(() -> aborted.set(true));
    dog.watch(job, answers::add);

    dog.sweep();

    assertFalse(aborted.get());
    assertTrue(answers.isEmpty());
  }

  @Test
  void aJobPastItsDeadlineIsAbortedAndAfterTheGraceAnsweredForOnce() throws Exception {
    JobWatchdog dog = new JobWatchdog(0, overdue::incrementAndGet);
    JobContext job = job(0);
    AtomicBoolean aborted = new AtomicBoolean();
    job.abortWith(() -> aborted.set(true));
    AtomicBoolean answered = dog.watch(job, answers::add);
    Thread.sleep(5);

    dog.sweep();
    dog.sweep();

    assertTrue(aborted.get(), "the call in progress was asked to stop");
    assertEquals(1, answers.size(), "answered once");
    assertEquals(ErrorCode.PROCESSING_TIMEOUT, answers.get(0).code());
    assertTrue(answered.get(), "the job's own completion will not answer again");
    assertEquals(1, overdue.get());
  }

  @Test
  void aJobThatAnsweredItselfIsNotAnsweredAgain() throws Exception {
    JobWatchdog dog = new JobWatchdog(0, overdue::incrementAndGet);
    JobContext job = job(0);
    dog.watch(job, answers::add).set(true);
    Thread.sleep(5);

    dog.sweep();

    assertTrue(answers.isEmpty());
  }

  private static JobContext job(long timeoutMillis) {
    return new JobContext("j", null, null, null, timeoutMillis, p -> { });
  }
}
