package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/** {@code merge}: a vertex with two inbound edges that passes all items on (stages after it fuse into it). */
final class MergeTransform extends AbstractTransform {
    MergeTransform(AbstractTransform first, AbstractTransform second) {
        super("merge", List.of(first, second));
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), Processors.identityP(), name());
        planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO);
        planner.connect(upstream().get(1), v, 1, Planner.EdgeSpec.AUTO);
    }
}
