package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

import java.util.List;

/** A one-input, stateless transform: fused into the upstream vertex when the planner can. */
abstract class StatelessTransform extends AbstractTransform {
    StatelessTransform(String defaultName, AbstractTransform upstream) {
        super(defaultName, List.of(upstream));
    }

    /** The step that does the work. */
    abstract StepSupplier step();

    @Override
    void addToDag(Planner planner) {
        StepSupplier step = upstream().get(0).timestamped() ? Processors.timestamped(step()) : step();
        planner.fuseOrAddVertex(this, localParallelism(), step, name());
    }
}
