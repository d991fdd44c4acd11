package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/**
 * {@code sort}: local sort fused upstream (each instance sorts its share into a run) -&gt;
 * all-to-one edge -&gt; a parallelism-1 vertex that sorts the concatenated runs and emits them in
 * order. Stages fused after it run in that one instance, so they see the items in order.
 */
final class SortTransform extends AbstractTransform {
    private final ComparatorEx<?> comparator;

    SortTransform(AbstractTransform upstream, ComparatorEx<?> comparator) {
        super("sort", List.of(upstream));
        this.comparator = comparator;
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        if (localParallelism != 1 && localParallelism != -1) {
            throw new IllegalArgumentException("stage '" + name() + "' is a sort: its output is ordered by one instance,"
                    + " so its localParallelism can only be 1 or -1, but was " + localParallelism);
        }
        super.setLocalParallelism(localParallelism);
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex local = planner.fuseOrAddVertex(this, -1, Processors.sortStep(comparator), label("local-sort"));
        Planner.PlannedVertex global = planner.addVertex(this, name(), 1, null, null);
        planner.addStep(global, this, Processors.sortStep(comparator), label("sort"));
        planner.connect(local, global, 0, Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE));
    }
}
