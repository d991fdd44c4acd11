package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The snapshot value of one key's open sessions in {@link SessionWindowP}, saved under the
 * grouping key itself. Session {@code i} spans {@code [starts[i], ends[i])}.
 *
 * @param starts       session starts (the first event's timestamp), ascending
 * @param ends         session ends (the last event's timestamp plus the timeout)
 * @param accumulators the sessions' accumulators
 * @param watermark    the last watermark the instance had processed, or {@code Long.MIN_VALUE}
 */
public record SessionSnapshot(long[] starts, long[] ends, Object[] accumulators, long watermark) implements Serializable {
}
