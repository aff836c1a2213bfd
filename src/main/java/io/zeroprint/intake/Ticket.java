package io.zeroprint.intake;

import io.zeroprint.abuse.AbuseLimits;
import io.zeroprint.buffer.MemoryAccount;
import io.zeroprint.jobs.Job;
import io.zeroprint.pipeline.EnhanceOptions;

/**
 * An admitted request: its job, the options as known so far, the rate window it used, and the
 * memory account every buffer of the job is opened on (its receipt's zeroed-bytes figure). A
 * replayed ticket is an earlier job for the same idempotency key: nothing new may be attached to it,
 * and it has no account.
 */
public record Ticket(Job job, WorkRequest request, EnhanceOptions options, boolean replayed,
    AbuseLimits.Window window, MemoryAccount account) {}
