package io.sluice.engine.impl.stream;

/**
 * Turns observed event timestamps into watermarks for one source runner or one timestamp-stage
 * instance: the watermark trails the highest timestamp seen by the allowed lag.
 *
 * <p>Design note. Emission is throttled: a new watermark is offered only once it is at least
 * {@code granularity} above the last one offered, so a fast stream does not emit a watermark (and
 * flush a partial batch) per item. Idle handling: after {@code idleTimeoutMillis} of wall-clock
 * time without activity the owner emits {@code Watermark.IDLE} once ({@link #pollIdle}); the next
 * activity ends the idle period. Not thread-safe; one instance per runner.
 *
 * <pre>{@code
 * long wm = mapper.observe(ts);            // per item
 * if (wm != EventTimeMapper.NO_WATERMARK) outbox.addWatermark(wm);
 * if (mapper.pollIdle(System.nanoTime())) outbox.addWatermark(Long.MAX_VALUE);   // on timer ticks
 * }</pre>
 */
public final class EventTimeMapper {
    /** Returned when no watermark is due. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    private static final long NOT_SET = Long.MIN_VALUE;

    private final long allowedLag;
    private final long granularity;
    private final long idleTimeoutNanos;

    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;
    private long lastActivityNanos = NOT_SET;
    private boolean idleReported;

    /**
     * @param allowedLag        how far behind the highest timestamp an item may be and still be on time; not negative
     * @param granularity       minimum advance between two emitted watermarks; positive
     * @param idleTimeoutMillis wall-clock time without items after which the input counts as idle; 0 = never
     */
    public EventTimeMapper(long allowedLag, long granularity, long idleTimeoutMillis) {
        if (allowedLag < 0) {
            throw new IllegalArgumentException("allowedLag must not be negative, but was " + allowedLag);
        }
        if (granularity <= 0) {
            throw new IllegalArgumentException("granularity must be positive, but was " + granularity);
        }
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idleTimeoutMillis must be 0 (never idle) or positive, but was "
                    + idleTimeoutMillis);
        }
        this.allowedLag = allowedLag;
        this.granularity = granularity;
        this.idleTimeoutNanos = idleTimeoutMillis * 1_000_000L;
    }

    /** A mapper with a granularity of 1 and no idle timeout. */
    public EventTimeMapper(long allowedLag) {
        this(allowedLag, 1, 0);
    }

    /**
     * Observes one timestamp and returns the watermark to emit now, or {@link #NO_WATERMARK}.
     * Equivalent to {@link #observeOnly} followed by {@link #pollWatermark}.
     */
    public long observe(long timestamp) {
        observeOnly(timestamp);
        return pollWatermark();
    }

    /** Observes one timestamp without deciding about a watermark (for a batch loop that polls once at the end). */
    public void observeOnly(long timestamp) {
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    /** Returns the watermark to emit now (and records it as emitted), or {@link #NO_WATERMARK}. */
    public long pollWatermark() {
        if (maxTimestamp == Long.MIN_VALUE) {
            return NO_WATERMARK;
        }
        long wm = subtractClamped(maxTimestamp, allowedLag);
        // wm == MIN_VALUE is indistinguishable from "none"; MAX_VALUE is the idle marker
        if (wm == Long.MIN_VALUE || wm == Long.MAX_VALUE) {
            return NO_WATERMARK;
        }
        if (lastEmitted != Long.MIN_VALUE && wm - lastEmitted < granularity) {
            return NO_WATERMARK;
        }
        lastEmitted = wm;
        return wm;
    }

    /** Notes that items arrived at {@code nowNanos} ({@code System.nanoTime()}); ends an idle period. */
    public void markActivity(long nowNanos) {
        lastActivityNanos = nowNanos;
        idleReported = false;
    }

    /**
     * Whether no activity was seen for the idle timeout. The first call without any activity so
     * far starts the clock.
     */
    public boolean isIdle(long nowNanos) {
        if (idleTimeoutNanos <= 0) {
            return false;
        }
        if (lastActivityNanos == NOT_SET) {
            lastActivityNanos = nowNanos;
            return false;
        }
        return nowNanos - lastActivityNanos >= idleTimeoutNanos;
    }

    /** Returns {@code true} once per idle period: the owner then emits {@code Watermark.IDLE}. */
    public boolean pollIdle(long nowNanos) {
        if (idleReported || !isIdle(nowNanos)) {
            return false;
        }
        idleReported = true;
        return true;
    }

    /** The last watermark returned by {@link #pollWatermark}, or {@link #NO_WATERMARK}. */
    public long lastEmittedWatermark() {
        return lastEmitted;
    }

    /** The highest timestamp observed, or {@code Long.MIN_VALUE}. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    static long subtractClamped(long a, long b) {
        long r = a - b;
        // overflow iff the operands have different signs and the result's sign differs from a's
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }
}
