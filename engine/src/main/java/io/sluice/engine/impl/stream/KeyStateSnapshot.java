package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The snapshot value of one key's state in {@link StatefulMapP}, saved under the grouping key.
 *
 * @param state         the user's state object
 * @param lastTimestamp the highest timestamp of the key's items ({@code Long.MIN_VALUE} without event time)
 * @param watermark     the last watermark the instance had processed, or {@code Long.MIN_VALUE}
 */
public record KeyStateSnapshot(Object state, long lastTimestamp, long watermark) implements Serializable {
}
