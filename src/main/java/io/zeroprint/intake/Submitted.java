package io.zeroprint.intake;

import io.zeroprint.jobs.Job;
import java.util.Optional;

/**
 * A job on its way to the worker. {@code resultKey} is the key that opens a retained result: the
 * only time the server ever says it.
 */
public record Submitted(Job job, Optional<String> resultKey) {}
