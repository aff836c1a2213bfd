package io.zeroprint.http;

import io.zeroprint.jobs.JobRegistry;
import io.zeroprint.jobs.ResultStore;

/** The shared job components: the registry of asynchronous jobs and the store of retained results. */
public record Jobs(JobRegistry registry, ResultStore results) {}
