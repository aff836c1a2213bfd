package io.zeroprint.intake;

import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.jobs.Job;
import io.zeroprint.pipeline.EnhanceOptions;

/**
 * An admitted request: its job, the options as known so far, and the rate window it used. A
 * replayed ticket is an earlier job for the same idempotency key: nothing new may be attached to it.
 */
public record Ticket(Job job, WorkRequest request, EnhanceOptions options, boolean replayed,
    AbuseLimits.Window window) {}
