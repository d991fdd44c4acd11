package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/**
 * {@code aggregate}, keyed or global, in two phases: accumulate (fused upstream: each instance
 * accumulates what it sees) -&gt; partitioned edge by key (keyed) or all-to-one edge (global) -&gt;
 * combine, which emits the finished results. The stage's parallelism is the combine vertex's;
 * a global combine always runs with parallelism 1.
 */
final class AggregateTransform extends AbstractTransform {
    private final FunctionEx<?, ?> keyFn;
    private final AggregateOperation1<?, ?, ?> aggrOp;

    /** @param keyFn the grouping key, or {@code null} for a global aggregation */
    AggregateTransform(AbstractTransform upstream, FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> aggrOp) {
        super("aggregate", List.of(upstream));
        this.keyFn = keyFn;
        this.aggrOp = BatchStageImpl.checkCombinable(aggrOp, "aggregate");
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        if (keyFn == null && localParallelism != 1 && localParallelism != -1) {
            throw new IllegalArgumentException("stage '" + name() + "' is a global aggregation: its result is combined"
                    + " in one instance, so its localParallelism can only be 1 or -1, but was " + localParallelism);
        }
        super.setLocalParallelism(localParallelism);
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex local = planner.fuseOrAddVertex(this, -1, Processors.accumulateStep(keyFn, aggrOp),
                label("accumulate"));
        if (keyFn != null) {
            Planner.PlannedVertex combine = planner.addVertex(this, name(), localParallelism(), null, null);
            planner.addStep(combine, this, Processors.combineStep(aggrOp, true), label("combine"));
            planner.connect(local, combine, 0, Planner.EdgeSpec.partitioned(EdgeKeys::entryKey));
        } else {
            Planner.PlannedVertex combine = planner.addVertex(this, name(), 1, null, null);
            planner.addStep(combine, this, Processors.combineStep(aggrOp, false), label("combine"));
            planner.connect(local, combine, 0, Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE));
        }
    }
}
