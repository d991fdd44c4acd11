package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.FunctionEx;

import java.util.List;

/**
 * A stateful stream stage ({@code mapStateful}, {@code filterStateful}, {@code flatMapStateful},
 * {@code rollingAggregate}): keyed, a partitioned edge by the key (of the inner item) -&gt; the
 * stateful processor, whose instance owning a key's partition holds its state; not keyed, an
 * all-to-one edge -&gt; one instance. Stateless stages after it fuse into its vertex.
 */
final class StatefulTransform extends AbstractTransform {
    private final FunctionEx<?, ?> keyFn;
    private final ProcessorFactory processor;

    /** Makes the supplier of the stateful processor, given the key function (null-checked, naming the stage) or {@code null}. */
    @FunctionalInterface
    interface ProcessorFactory extends java.io.Serializable {
        ProcessorSupplier create(FunctionEx<Object, Object> checkedKeyFn);
    }

    /**
     * @param keyFn     the grouping key, or {@code null} for one global state
     * @param processor makes the stateful processor's supplier
     */
    StatefulTransform(String name, AbstractTransform upstream, FunctionEx<?, ?> keyFn, ProcessorFactory processor) {
        super(name, List.of(upstream));
        this.keyFn = keyFn;
        this.processor = processor;
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        if (keyFn == null && localParallelism != 1 && localParallelism != -1) {
            throw new IllegalArgumentException("stage '" + name() + "' has one global state, held by one instance,"
                    + " so its localParallelism can only be 1 or -1, but was " + localParallelism);
        }
        super.setLocalParallelism(localParallelism);
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex v = planner.addVertex(this, name(), keyFn != null ? localParallelism() : 1,
                processor.create(TimestampedKeys.checked(keyFn, name())), name());
        AbstractTransform in = upstream().get(0);
        Planner.EdgeSpec spec = keyFn != null
                ? Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(keyFn, in.timestamped(), name()))
                : Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE);
        planner.connect(in, v, 0, spec);
    }
}
