package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The snapshot value of one key's frame accumulator in a window stage, saved under a
 * {@link WindowFrameKey}. It carries the last watermark the instance processed, so a restored
 * instance knows which items are late and which windows it already emitted.
 *
 * @param accumulator the accumulator
 * @param watermark   the last watermark the instance had processed, or {@code Long.MIN_VALUE} if none;
 *                    restore takes the minimum over all values (equal anyway when the instances
 *                    saw the same watermarks, as aligned snapshots guarantee)
 */
public record FrameSnapshot(Object accumulator, long watermark) implements Serializable {
}
