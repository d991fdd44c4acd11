package io.sluice.engine.core;

/**
 * Where a {@link Processor} puts its output. Items are collected into batches per downstream
 * instance and routed along the vertex's output edges (all of them, unless an ordinal is given).
 *
 * <p>The outbox is soft-bounded: a processor may emit everything that one input batch produces
 * in one call, but in {@link Processor#complete()} and {@link Processor#tryProcess()}, which are
 * called again until they return {@code true}, it should stop and return {@code false} once
 * {@link #hasReachedLimit()} is true, so that a large final emission is paced by downstream demand.
 */
public interface Outbox {
    /** Emits an item to every output edge. {@code null} is not allowed. */
    void add(Object item);

    /** Emits an item to the output edge with the given ordinal only. */
    void add(int ordinal, Object item);

    /**
     * Emits a watermark to every output edge, after all items emitted so far (partial batches are
     * flushed first, so a watermark never overtakes data). Only processors that create event
     * time (sources, timestamp assigners) call this; the runtime forwards incoming watermarks.
     */
    void addWatermark(long timestamp);

    /** Whether enough output is waiting downstream that a re-entrant call should yield now. */
    boolean hasReachedLimit();

    /** The number of output edges (ordinals are {@code 0..outputCount-1}). */
    int outputCount();
}
