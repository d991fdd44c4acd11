package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.FunctionEx;

import java.util.List;

/**
 * {@code customTransform}: a vertex headed by the user's processor; stateless stages after it fuse
 * into it. Keyed ({@code groupingKey(..).customTransform(..)}), its input edge is partitioned by the
 * key (of the inner item, on a stream with event time), so all items of a key reach one instance.
 */
final class CustomTransform extends AbstractTransform {
    private final ProcessorSupplier supplier;
    private final FunctionEx<?, ?> keyFn;

    CustomTransform(AbstractTransform upstream, String name, ProcessorSupplier supplier) {
        this(upstream, name, supplier, null);
    }

    /** @param keyFn the partitioning key of the input edge, or {@code null} for the default edge */
    CustomTransform(AbstractTransform upstream, String name, ProcessorSupplier supplier, FunctionEx<?, ?> keyFn) {
        super(name, List.of(upstream));
        this.supplier = supplier;
        this.keyFn = keyFn;
    }

    @Override
    void addToDag(Planner planner) {
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), supplier, name());
        AbstractTransform in = upstream().get(0);
        Planner.EdgeSpec spec = keyFn == null ? Planner.EdgeSpec.AUTO
                : Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(keyFn, in.timestamped(), name()));
        planner.connect(in, v, 0, spec);
    }
}
