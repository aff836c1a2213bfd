package io.zeroprint.pipeline;

/** One step of the request path. Runs on a worker thread; may block; must not keep what it replaces. */
public interface Stage {
  /** Short name used in metrics and logs, e.g. {@code decode}. */
  String name();

  void run(JobContext job);
}
