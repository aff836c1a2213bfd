package io.zeroprint.worker;

import io.zeroprint.error.ErrorCode;
import io.zeroprint.error.ProblemException;
import io.zeroprint.logging.LogFields;
import io.zeroprint.logging.Logs;
import io.zeroprint.pipeline.JobContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Proves no job outlives its deadline. Stages check the deadline between units of work; the watchdog
 * covers the calls that cannot (a decoder, a model run): at the deadline it cancels the job, which
 * runs the job's abort hook, and if the job's thread is still inside such a call a grace period
 * later, it answers for the job with {@code processing_timeout} at once. The thread's memory is
 * still accounted and is zeroed when the call returns and the job's context closes.
 */
final class JobWatchdog {
  private static final System.Logger LOG = System.getLogger(JobWatchdog.class.getName());

  /** A job being watched: its context, and how to answer for it (once). */
  private record Watched(JobContext job, Consumer<ProblemException> answer, AtomicBoolean answered) {}

  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final long graceNanos;
  private final Runnable onOverdue;

  /** @param onOverdue counts a job answered for by the watchdog */
  JobWatchdog(long graceMillis, Runnable onOverdue) {
    this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    this.onOverdue = onOverdue;
  }

  /** Starts watching; {@code answer} is called at most once, by whoever answers first. */
  AtomicBoolean watch(JobContext job, Consumer<ProblemException> answer) {
    AtomicBoolean answered = new AtomicBoolean();
    watched.put(job.jobId(), new Watched(job, answer, answered));
    return answered;
  }

  /** The job and its effect, for the line (a context built without options names the job only). */
  private static LogFields fields(JobContext job) {
    return LogFields.job(job.jobId(), job.options() == null ? null : job.options().effect());
  }

  void forget(String jobId) {
    watched.remove(jobId);
  }

  /** One round: cancel jobs past their deadline, answer for those still stuck past the grace period. */
  void sweep() {
    for (Watched w : watched.values()) {
      long overdue = w.job().overdueNanos();
      if (overdue > 0) {
        w.job().cancel();
      }
      if (overdue > graceNanos && w.answered().compareAndSet(false, true)) {
        onOverdue.run();
        Logs.log(LOG, System.Logger.Level.WARNING, fields(w.job()),
            "a job overran its deadline by {0} ms inside one call; answered for it",
            TimeUnit.NANOSECONDS.toMillis(overdue));
        w.answer().accept(new ProblemException(ErrorCode.PROCESSING_TIMEOUT));
      }
    }
  }
}
