package io.sluice.engine.pipeline;

import java.io.Serializable;

/**
 * An unbounded source. Like StreamSets origins it hands out batches: a batch goes downstream
 * when it is full ({@link #batchSize()}) or when {@link #batchWaitMillis()} has passed since its
 * first item. It runs as {@link #maxRunners()} parallel instances (runners), each building one
 * batch at a time; a runner without data for {@link #runnerIdleMillis()} is marked idle so it no
 * longer holds back the watermark of the stages after it, and emits an empty batch so their
 * timers keep moving. Make one with {@link SourceBuilder#stream} or
 * {@link SourceBuilder#timestampedStream}, or take a test source from
 * {@code io.sluice.engine.pipeline.test.TestSources}.
 *
 * @param <T> item type
 */
public interface StreamSource<T> extends Serializable {
    /** The source's name. */
    String name();

    /** Maximum items per batch, or 0 for the job's batch size. */
    int batchSize();

    /** Maximum time a partial batch waits, or -1 for the job's batch wait time. */
    long batchWaitMillis();

    /** The number of runners per node, or -1 for one per core. */
    int maxRunners();

    /** After this long without items a runner counts as idle (0: never). */
    long runnerIdleMillis();

    /** Whether the source attaches its own timestamps (usable with {@code withNativeTimestamps}). */
    boolean supportsNativeTimestamps();
}
