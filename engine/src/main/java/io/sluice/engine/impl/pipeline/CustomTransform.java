package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;

import java.util.List;

/** {@code customTransform}: a vertex headed by the user's processor; stateless stages after it fuse into it. */
final class CustomTransform extends AbstractTransform {
    private final ProcessorSupplier supplier;

    CustomTransform(AbstractTransform upstream, String name, ProcessorSupplier supplier) {
        super(name, List.of(upstream));
        this.supplier = supplier;
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), supplier, name());
        planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO);
    }
}
