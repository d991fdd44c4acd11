package io.sluice.engine.impl.stream;

import java.util.function.LongSupplier;

/**
 * The wall-clock schedule of early window results in {@link WindowP} and {@link SessionWindowP}:
 * due every {@code earlyResultsPeriod} ms, checked on timer ticks ({@code tryProcess}), never on
 * the per-item path. A period of 0 means no early results.
 */
final class EarlyResultsTimer {
    private final long periodNanos;
    private LongSupplier nanoClock = System::nanoTime;
    private long nextNanos;

    /** @param periodMillis the early results period in ms; 0 for none */
    EarlyResultsTimer(long periodMillis) {
        this.periodNanos = periodMillis * 1_000_000L;
    }

    /** For tests: replaces {@code System.nanoTime()}. */
    void setNanoClock(LongSupplier clock) {
        this.nanoClock = clock;
    }

    /** Whether early results are off (a period of 0). */
    boolean isOff() {
        return periodNanos == 0;
    }

    /** Starts the schedule: the first early results are due one period from now. */
    void start() {
        nextNanos = nanoClock.getAsLong() + periodNanos;
    }

    /** Whether early results are due now; if so, the next ones are due one period from now. */
    boolean isDue() {
        long now = nanoClock.getAsLong();
        if (now - nextNanos < 0) {
            return false;
        }
        nextNanos = now + periodNanos;
        return true;
    }
}
