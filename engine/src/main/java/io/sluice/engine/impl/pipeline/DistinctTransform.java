package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/**
 * {@code distinct()} / {@code groupingKey(k).distinct()}: local distinct fused upstream -&gt;
 * partitioned edge by key (or item) -&gt; global distinct.
 */
final class DistinctTransform extends AbstractTransform {
    private final FunctionEx<?, ?> keyFn;

    /** @param keyFn the key, or {@code null} to compare whole items */
    DistinctTransform(AbstractTransform upstream, FunctionEx<?, ?> keyFn) {
        super("distinct", List.of(upstream));
        this.keyFn = keyFn;
    }

    @Override
    @SuppressWarnings("unchecked")
    void addToDag(Planner planner) {
        Planner.PlannedVertex local = planner.fuseOrAddVertex(this, -1, Processors.distinctStep(keyFn), label("local-distinct"));
        Planner.PlannedVertex global = planner.addVertex(this, name(), localParallelism(), null, null);
        planner.addStep(global, this, Processors.distinctStep(keyFn), label("distinct"));
        FunctionEx<Object, ?> partitionKey = keyFn != null ? (FunctionEx<Object, ?>) keyFn : EdgeKeys::itself;
        planner.connect(local, global, 0, Planner.EdgeSpec.partitioned(partitionKey));
    }
}
