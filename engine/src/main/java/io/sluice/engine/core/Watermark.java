package io.sluice.engine.core;

import java.io.Serializable;

/**
 * An in-band event-time watermark: no later item on this edge will have a timestamp below
 * {@code timestamp} (items that do are late). A stage with several inputs forwards the minimum
 * over its inputs.
 *
 * @param timestamp the event time in milliseconds
 */
public record Watermark(long timestamp) implements EdgeItem, Serializable {
    /** Marks an input that has been idle longer than the idle timeout; it no longer holds the watermark back. */
    public static final Watermark IDLE = new Watermark(Long.MAX_VALUE);

    /** Whether this is the idle marker rather than a real watermark. */
    public boolean isIdle() {
        return timestamp == Long.MAX_VALUE;
    }
}
