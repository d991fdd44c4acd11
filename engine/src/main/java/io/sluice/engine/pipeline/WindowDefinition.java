package io.sluice.engine.pipeline;

import java.io.Serializable;

/**
 * Which event-time windows items fall into. Create one with {@link #tumbling}, {@link #sliding} or
 * {@link #session}; optionally ask for early results.
 *
 * <pre>{@code
 * WindowDefinition.sliding(10_000, 1_000)           // 10 s windows, a new one every second
 * WindowDefinition.tumbling(60_000).setEarlyResultsPeriod(1_000)
 * WindowDefinition.session(5_000)                   // closes after 5 s without an event for the key
 * }</pre>
 *
 * Times are in the same unit as the timestamps (milliseconds unless your timestamps say otherwise).
 */
public abstract sealed class WindowDefinition implements Serializable
        permits WindowDefinition.Sliding, WindowDefinition.Session {

    private long earlyResultsPeriod;

    WindowDefinition() {
    }

    /**
     * Windows of {@code windowSize} that start every {@code slideBy}: an item belongs to
     * {@code windowSize / slideBy} windows. Aggregation runs per slide frame and windows combine
     * frames (deducting the frame that leaves when the operation supports it).
     *
     * @throws IllegalArgumentException if a size is not positive or {@code slideBy} does not divide {@code windowSize}
     */
    public static Sliding sliding(long windowSize, long slideBy) {
        return new Sliding(windowSize, slideBy);
    }

    /**
     * Adjacent, non-overlapping windows of {@code windowSize}.
     *
     * @throws IllegalArgumentException if {@code windowSize} is not positive
     */
    public static Sliding tumbling(long windowSize) {
        return new Sliding(windowSize, windowSize);
    }

    /**
     * Per-key windows that close after {@code sessionTimeout} without an event: the window spans
     * from the first event to the last event plus the timeout.
     *
     * @throws IllegalArgumentException if {@code sessionTimeout} is not positive
     */
    public static Session session(long sessionTimeout) {
        return new Session(sessionTimeout);
    }

    /**
     * Emits the current, incomplete result of each open window every {@code period} of wall-clock
     * time (marked {@code isEarly()}); 0 (the default) turns early results off.
     *
     * @throws IllegalArgumentException if {@code period} is negative
     */
    public WindowDefinition setEarlyResultsPeriod(long period) {
        if (period < 0) {
            throw new IllegalArgumentException("earlyResultsPeriod must be 0 (off) or positive, but was " + period);
        }
        this.earlyResultsPeriod = period;
        return this;
    }

    /** The early results period in milliseconds, 0 when off. */
    public long earlyResultsPeriod() {
        return earlyResultsPeriod;
    }

    /** A tumbling or sliding window definition. */
    public static final class Sliding extends WindowDefinition {
        private final long windowSize;
        private final long slideBy;

        Sliding(long windowSize, long slideBy) {
            if (windowSize <= 0) {
                throw new IllegalArgumentException("windowSize must be positive, but was " + windowSize);
            }
            if (slideBy <= 0) {
                throw new IllegalArgumentException("slideBy must be positive, but was " + slideBy);
            }
            if (windowSize % slideBy != 0) {
                throw new IllegalArgumentException("windowSize must be an integer multiple of slideBy, but "
                        + windowSize + " % " + slideBy + " = " + (windowSize % slideBy));
            }
            this.windowSize = windowSize;
            this.slideBy = slideBy;
        }

        public long windowSize() {
            return windowSize;
        }

        public long slideBy() {
            return slideBy;
        }

        /** Whether windows do not overlap. */
        public boolean isTumbling() {
            return windowSize == slideBy;
        }

        @Override
        public Sliding setEarlyResultsPeriod(long period) {
            super.setEarlyResultsPeriod(period);
            return this;
        }

        @Override
        public String toString() {
            return isTumbling() ? "tumbling(" + windowSize + ")" : "sliding(" + windowSize + ", " + slideBy + ")";
        }
    }

    /** A session window definition. */
    public static final class Session extends WindowDefinition {
        private final long sessionTimeout;

        Session(long sessionTimeout) {
            if (sessionTimeout <= 0) {
                throw new IllegalArgumentException("sessionTimeout must be positive, but was " + sessionTimeout);
            }
            this.sessionTimeout = sessionTimeout;
        }

        public long sessionTimeout() {
            return sessionTimeout;
        }

        @Override
        public Session setEarlyResultsPeriod(long period) {
            super.setEarlyResultsPeriod(period);
            return this;
        }

        @Override
        public String toString() {
            return "session(" + sessionTimeout + ")";
        }
    }
}
