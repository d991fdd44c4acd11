package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The snapshot value of one key's state in {@link StreamJoinP}, saved under the join key.
 *
 * @param lefts       the held left items, flattened as {@code [timestamp (Long), item, ...]}
 * @param leftMatched for each held left item, whether it has matched (a {@code Boolean})
 * @param rights      the held right items (projected), flattened as {@code [timestamp (Long), item, ...]}
 * @param watermark   the last watermark the instance had processed, or {@code Long.MIN_VALUE}
 */
public record JoinKeySnapshot(Object[] lefts, Object[] leftMatched, Object[] rights, long watermark)
        implements Serializable {
}
