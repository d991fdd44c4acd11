package io.sluice.engine.impl.stream;

/**
 * Turns observed event timestamps into watermarks for one source runner or one timestamp-stage
 * instance: the watermark trails the highest timestamp seen by the allowed lag.
 *
 * <p>Design note. Deterministic event time: the owner asks {@link #observeEvent} for each item
 * <em>before</em> emitting it and emits the returned watermark first, as Jet's
 * {@code EventTimeMapper} does. The watermark therefore advances before each item, in the order of
 * the items, and never depends on where batch boundaries fall: with lag 0 and
 * {@code tumbling(10)}, input {@code (10,a),(6,b)} gives watermark 10 before {@code a}, which
 * closes {@code [0,10)}, and {@code b} is late, whatever the batch size, the batch wait or a
 * replay. An item is never late because of its own watermark ({@code ts - lag <= ts}).
 *
 * <p>Throttling: emitted watermarks are floored to multiples of {@code granularity} and only a
 * higher multiple is emitted, so a fast in-order stream emits (and cuts a batch for) at most one
 * watermark per granularity of event time. The planner chooses the granularity from the slide
 * (frame) of the windows downstream (1000 without one, as Jet), so every window end is still hit
 * exactly: throttling changes
 * neither the windows nor, since the sequence of watermarks is a function of the sequence of
 * timestamps, which items are late. Per item the cost is one comparison: the next watermark is due
 * only once a timestamp reaches {@link #nextDueTimestamp}.
 *
 * <p>Several inputs (decision): a window or stateful stage judges lateness against the coalesced
 * watermark (the minimum over its inlets), as Jet does. That is deterministic when each
 * late-checking instance has one upstream instance; with several, the coalesced watermark an item
 * sees depends on how the inlets interleave. Judging each item against its own inlet's watermark
 * would be deterministic there too (an inlet carries one upstream instance's items and watermarks
 * in order), but it drops items Jet keeps (behind their own input while a slower input still holds
 * the window open), so it was not adopted; see docs/architecture.md, "Deterministic event time".
 *
 * <p>Clock: {@link #observeClock} advances the watermark from wall-clock time (ingestion time:
 * Jet's {@code limitingRealTimeLag}), so a quiet stream still closes its windows. Idle handling:
 * after {@code idleTimeoutMillis} of wall-clock time without activity the owner emits
 * {@code Watermark.IDLE} once ({@link #pollIdle}); the next activity ends the idle period. Not
 * thread-safe; one instance per runner.
 *
 * <pre>{@code
 * long wm = mapper.observeEvent(ts);       // per item, before emitting it
 * if (wm != EventTimeMapper.NO_WATERMARK) outbox.addWatermark(wm);
 * outbox.add(item);
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
    /** The lowest timestamp at which {@link #observeEvent} has a new watermark to emit. */
    private long nextDue = Long.MIN_VALUE;
    private long lastActivityNanos = NOT_SET;
    private boolean idleReported;

    /**
     * @param allowedLag        how far behind the highest timestamp an item may be and still be on time; not negative
     * @param granularity       emitted watermarks are multiples of it (the window frame); positive
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

    /**
     * Observes the timestamp of the next item and returns the watermark to emit <em>before</em>
     * that item, or {@link #NO_WATERMARK}. One comparison unless a watermark is due.
     */
    public long observeEvent(long timestamp) {
        if (timestamp < nextDue) {
            if (timestamp > maxTimestamp) {
                maxTimestamp = timestamp;
            }
            return NO_WATERMARK;
        }
        observeOnly(timestamp);
        return pollWatermark();
    }

    /**
     * Advances the watermark from the clock: the next item will not be stamped below
     * {@code nowMillis} (ingestion time), so the watermark may follow {@code nowMillis - lag}
     * even when no item arrives. Returns the watermark to emit now, or {@link #NO_WATERMARK}.
     */
    public long observeClock(long nowMillis) {
        return observeEvent(nowMillis);
    }

    /** The lowest timestamp at which the next watermark is due (for tests). */
    long nextDueTimestamp() {
        return nextDue;
    }

    /** Observes one timestamp without deciding about a watermark (for a batch loop that polls once at the end). */
    public void observeOnly(long timestamp) {
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
    }

    /**
     * Returns the watermark to emit now (and records it as emitted), or {@link #NO_WATERMARK}: the
     * highest timestamp minus the lag, floored to a multiple of the granularity, if that is above
     * the last one emitted.
     */
    public long pollWatermark() {
        if (maxTimestamp == Long.MIN_VALUE) {
            return NO_WATERMARK;
        }
        long wm = subtractClamped(maxTimestamp, allowedLag);
        // wm == MIN_VALUE is indistinguishable from "none"; MAX_VALUE is the idle marker
        if (wm == Long.MIN_VALUE || wm == Long.MAX_VALUE) {
            return NO_WATERMARK;
        }
        if (wm < Long.MIN_VALUE + granularity) {
            return NO_WATERMARK; // flooring would overflow: no watermark that far back
        }
        wm = Math.floorDiv(wm, granularity) * granularity;
        if (wm <= lastEmitted) {
            return NO_WATERMARK;
        }
        lastEmitted = wm;
        // the next multiple of the granularity is due once a timestamp reaches it plus the lag
        long next = addClamped(wm, granularity);
        nextDue = next == Long.MAX_VALUE ? Long.MAX_VALUE : addClamped(next, allowedLag);
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

    static long addClamped(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
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
