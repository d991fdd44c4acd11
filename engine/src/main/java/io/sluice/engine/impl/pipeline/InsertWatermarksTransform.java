package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.impl.processor.ProcessorBodyStep;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.impl.stream.InsertWatermarksP;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code withTimestamps(fn, lag)} on a stream stage: an {@link InsertWatermarksP} fused into the
 * upstream vertex when possible. It replaces event time: earlier watermarks stop at it (its
 * {@code forwardsWatermarks()} is {@code false}, which the fused chain honours). Its idle timeout
 * is the longest runner idle time of the stream sources upstream, so it reports idleness when
 * they would have.
 */
final class InsertWatermarksTransform extends AbstractTransform {
    private final ToLongFunctionEx<?> timestampFn;
    private final long allowedLag;

    InsertWatermarksTransform(AbstractTransform upstream, ToLongFunctionEx<?> timestampFn, long allowedLag) {
        super("withTimestamps", List.of(upstream));
        this.timestampFn = timestampFn;
        this.allowedLag = allowedLag;
        setTimestamped(true);
    }

    @Override
    void addToDag(Planner planner) {
        ToLongFunctionEx<?> fn = timestampFn;
        long lag = allowedLag;
        long idleMillis = upstreamIdleMillis();
        long granularity = planner.watermarkGranularity(this);
        StepSupplier step = ctx -> {
            InsertWatermarksP p = new InsertWatermarksP(fn, lag, granularity, idleMillis);
            return new ProcessorBodyStep(p, p::processItem, false, false);
        };
        planner.fuseOrAddVertex(this, localParallelism(), step, name());
    }

    @Override
    boolean replacesEventTime() {
        return true;
    }

    private long upstreamIdleMillis() {
        long max = 0;
        Set<AbstractTransform> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<AbstractTransform> todo = new ArrayDeque<>(upstream());
        while (!todo.isEmpty()) {
            AbstractTransform t = todo.poll();
            if (seen.add(t)) {
                if (t instanceof StreamSourceTransform s) {
                    max = Math.max(max, s.source().runnerIdleMillis());
                }
                todo.addAll(t.upstream());
            }
        }
        return max;
    }
}
