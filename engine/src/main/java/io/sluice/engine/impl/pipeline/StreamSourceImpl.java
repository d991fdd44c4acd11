package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.SourceRunner;
import io.sluice.engine.pipeline.StreamSource;

import java.util.Objects;

/**
 * A stream source: how to create each runner, the runners' settings and whether items come with
 * native timestamps. The event time itself is chosen on the source stage and applied by the
 * source processor ({@code StreamSourceP}).
 *
 * @param name                     the source's name
 * @param runnerFactory            creates the data side of each runner
 * @param maxRunners               runners per node, or -1 for one per core
 * @param batchSize                items per batch, or 0 for the job's
 * @param batchWaitMillis          how long a partial batch waits, or -1 for the job's
 * @param runnerIdleMillis         after this long without items a runner is idle; 0 = never
 * @param supportsNativeTimestamps whether runners give each item a timestamp
 */
public record StreamSourceImpl<T>(String name, SourceRunner.Factory runnerFactory, int maxRunners, int batchSize,
                                  long batchWaitMillis, long runnerIdleMillis, boolean supportsNativeTimestamps)
        implements StreamSource<T> {

    /** The default time without items after which a runner counts as idle (as StreamSets' runner idle time). */
    public static final long DEFAULT_RUNNER_IDLE_MILLIS = 60_000;

    public StreamSourceImpl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(runnerFactory, "runnerFactory");
        checkSettings(maxRunners, batchSize, batchWaitMillis, runnerIdleMillis);
    }

    /** Validates the runner settings with messages naming the builder method. */
    public static void checkSettings(int maxRunners, int batchSize, long batchWaitMillis, long runnerIdleMillis) {
        if (maxRunners == 0 || maxRunners < -1) {
            throw new IllegalArgumentException("maxRunners must be positive or -1 (one per core), but was " + maxRunners);
        }
        if (batchSize < 0 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be 0 (the job's) or 1 to 1000000, but was " + batchSize);
        }
        if (batchWaitMillis < -1 || batchWaitMillis > 60_000) {
            throw new IllegalArgumentException("batchWaitMillis must be -1 (the job's) or 0 to 60000, but was "
                    + batchWaitMillis);
        }
        if (runnerIdleMillis < 0) {
            throw new IllegalArgumentException("runnerIdleMillis must be 0 (never idle) or positive, but was "
                    + runnerIdleMillis);
        }
    }
}
