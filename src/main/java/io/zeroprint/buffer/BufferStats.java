package io.zeroprint.buffer;

/**
 * A snapshot of the pool's accounting.
 *
 * @param inUseBytes     image memory handed out and not yet released
 * @param highWaterBytes the most that was ever in use at once
 * @param zeroedBytes    bytes overwritten with zeros on release, since start
 * @param idleBytes      zeroed off-heap segments kept for reuse
 * @param budgetBytes    the limit on {@code inUseBytes}
 * @param refusals       allocations refused because the budget was reached
 */
public record BufferStats(long inUseBytes, long highWaterBytes, long zeroedBytes, long idleBytes, long budgetBytes,
    long refusals) {}
