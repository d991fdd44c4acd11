package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

import java.util.List;

/**
 * The keyed {@code mapUsingService} / {@code filterUsingService} / {@code flatMapUsingService}: a
 * partitioned edge by the grouping key, so all items of a key reach the same instance (and its
 * service), then the service step (with the key computed from each item) as the head of a new
 * vertex; stateless stages after it fuse into that vertex.
 */
final class KeyedServiceTransform extends AbstractTransform {
    private final FunctionEx<?, ?> keyFn;
    private final StepSupplier step;

    KeyedServiceTransform(String name, AbstractTransform upstream, FunctionEx<?, ?> keyFn, StepSupplier step) {
        super(name, List.of(upstream));
        this.keyFn = keyFn;
        this.step = step;
    }

    @Override
    void addToDag(Planner planner) {
        AbstractTransform in = upstream().get(0);
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), null, null);
        planner.connect(in, v, 0, Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(keyFn, in.timestamped(), name())));
        planner.addStep(v, this, in.timestamped() ? Processors.timestamped(step) : step, name());
    }
}
