package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.processor.Processors;

import java.util.List;

/**
 * Writes to a sink: fused into the upstream vertex when the planner can, else a vertex of its own.
 * On a stream with event time the sink gets the inner items, not the {@code TimestampedItem}s.
 */
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
        boolean unwrap = upstream().get(0).timestamped();
        if (target != null) {
            planner.addStep(target, this, Processors.processorStep(sink.supplier(), unwrap), name());
        } else if (unwrap) {
            // the sink gets the inner items: an unwrapping step in front of the sink processor
            Planner.PlannedVertex v = planner.addVertex(this, name(), parallelism, null, null);
            planner.addStep(v, this, Processors.processorStep(sink.supplier(), true), name());
            planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO);
        } else {
            Planner.PlannedVertex v = planner.addVertex(this, name(), parallelism, sink.supplier(), name());
            planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO);
        }
    }
}
