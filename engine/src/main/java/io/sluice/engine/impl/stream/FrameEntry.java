package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * One key's partial accumulator of one slide frame, as {@link WindowAccumulateP} emits it and
 * {@link WindowCombineP} consumes it. The planner partitions the edge between them by
 * {@link #key()}. The receiver adopts the accumulator (the sender no longer uses it).
 *
 * @param frameEnd    the frame's end (exclusive), a multiple of the slide
 * @param key         the grouping key (an internal constant for non-keyed windows)
 * @param accumulator the accumulator of the key's items in {@code [frameEnd - slide, frameEnd)}
 */
public record FrameEntry(long frameEnd, Object key, Object accumulator) implements Serializable {
}
