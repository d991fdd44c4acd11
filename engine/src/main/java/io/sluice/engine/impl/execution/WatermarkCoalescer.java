package io.sluice.engine.impl.execution;

import java.util.Arrays;

/**
 * Coalesces the watermarks of several inputs into one: the minimum over the inputs that are
 * neither finished nor idle. An input that has not sent any watermark yet holds the minimum at
 * "no watermark" ({@link #NONE}), so nothing is emitted until every active input has one.
 *
 * <p>An input is idle after it sent {@code Watermark.IDLE}, or after {@code idleTimeoutNanos} with
 * no item at all when a timeout is set; it becomes active again with its next watermark. When all
 * remaining inputs are idle the coalescer reports {@link #IDLE} once, so the owner can tell its
 * own consumers that it is idle; when an input becomes active again, the current watermark is
 * reported again (never a lower one), which makes the owner active downstream.
 */
public final class WatermarkCoalescer {
    /** No watermark yet. */
    public static final long NONE = Long.MIN_VALUE;
    /** All inputs are idle: forward {@code Watermark.IDLE}. */
    public static final long IDLE = Long.MAX_VALUE;

    private final long[] watermarks;
    private final boolean[] done;
    private final boolean[] idle;
    private final long[] lastActivityNanos;
    private final long idleTimeoutNanos;
    private long coalesced = NONE;
    private boolean idleReported;

    /**
     * @param inputs           the number of inputs
     * @param idleTimeoutNanos after this long without items an input stops holding the watermark back; 0 = never
     */
    public WatermarkCoalescer(int inputs, long idleTimeoutNanos) {
        this.watermarks = new long[inputs];
        this.done = new boolean[inputs];
        this.idle = new boolean[inputs];
        this.lastActivityNanos = new long[inputs];
        this.idleTimeoutNanos = idleTimeoutNanos;
        Arrays.fill(watermarks, NONE);
    }

    /** The current coalesced watermark, or {@link #NONE}. */
    public long current() {
        return coalesced;
    }

    /** Notes activity (data) on {@code input}; it is no longer idle. Returns a new coalesced watermark, or NONE if unchanged. */
    public long observeActivity(int input, long nowNanos) {
        lastActivityNanos[input] = nowNanos;
        if (idle[input]) {
            idle[input] = false;
            // an input coming back cannot move the watermark forward, only hold it
        }
        return NONE;
    }

    /** A watermark arrived on {@code input}. Returns the new coalesced watermark if it advanced, else NONE. */
    public long observeWatermark(int input, long timestamp, long nowNanos) {
        lastActivityNanos[input] = nowNanos;
        if (timestamp == Long.MAX_VALUE) {
            idle[input] = true;
        } else {
            idle[input] = false;
            if (timestamp > watermarks[input]) {
                watermarks[input] = timestamp;
            }
        }
        return recompute();
    }

    /** Input {@code input} finished; it no longer holds the watermark back. */
    public long inputDone(int input) {
        done[input] = true;
        return recompute();
    }

    /** Marks inputs idle whose last activity is older than the idle timeout. Returns a new coalesced watermark or NONE. */
    public long checkIdle(long nowNanos) {
        if (idleTimeoutNanos <= 0) {
            return NONE;
        }
        boolean changed = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!done[i] && !idle[i] && nowNanos - lastActivityNanos[i] >= idleTimeoutNanos) {
                idle[i] = true;
                changed = true;
            }
        }
        return changed ? recompute() : NONE;
    }

    private long recompute() {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        boolean anyIdle = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (done[i]) {
                continue;
            }
            if (idle[i]) {
                anyIdle = true;
                continue;
            }
            anyActive = true;
            min = Math.min(min, watermarks[i]);
        }
        if (!anyActive) {
            if (anyIdle && !idleReported) {
                idleReported = true;
                return IDLE;
            }
            return NONE;
        }
        if (min == NONE) {
            return NONE;
        }
        if (idleReported) {
            // back from idle: report the watermark again so consumers count this input again
            idleReported = false;
            coalesced = Math.max(coalesced, min);
            return coalesced;
        }
        if (min > coalesced) {
            coalesced = min;
            return min;
        }
        return NONE;
    }
}
