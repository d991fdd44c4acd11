package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/** Writes to a sink: fused into the upstream vertex when the planner can, else a vertex of its own. */
final class SinkTransform extends AbstractTransform {
    private final ProcessorSink<?> sink;

    SinkTransform(AbstractTransform upstream, ProcessorSink<?> sink) {
        super(sink.name(), List.of(upstream));
        this.sink = sink;
    }

    @Override
    boolean allowsFusionAfter() {
        return false;
    }

    @Override
    void addToDag(Planner planner) {
        int parallelism = localParallelism() != -1 ? localParallelism() : sink.preferredLocalParallelism();
        Planner.PlannedVertex target = planner.fusionTarget(this, parallelism);
        if (target != null) {
            planner.addStep(target, this, Processors.processorStep(sink.supplier()), name());
        } else {
            Planner.PlannedVertex v = planner.addVertex(this, name(), parallelism, sink.supplier(), name());
            planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO);
        }
    }
}
