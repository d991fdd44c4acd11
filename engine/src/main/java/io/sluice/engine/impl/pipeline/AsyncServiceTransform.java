package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.AsyncServiceP;
import io.sluice.engine.pipeline.ServiceFactory;

import java.util.List;

/**
 * {@code mapUsingServiceAsync} and {@code mapUsingServiceAsyncBatched}, keyed or not: a vertex
 * whose head is {@link AsyncServiceP}, fed by a partitioned edge by the grouping key (keyed) or by
 * the default edge; stateless stages after it fuse into its vertex.
 */
final class AsyncServiceTransform extends AbstractTransform {
    private final FunctionEx<?, ?> edgeKeyFn;
    private final ServiceFactory<?> serviceFactory;
    private final int maxConcurrentOps;
    private final boolean preserveOrder;
    private final int maxBatchSize;
    private final BiFunctionEx<?, ?, ?> itemFn;
    private final BiFunctionEx<?, ?, ?> batchFn;

    /**
     * @param keyFn the grouping key (items are partitioned by it), or {@code null}
     * @param itemFn per-item function of (service, item), or {@code null}
     * @param batchFn per-list function of (service, items), or {@code null}
     */
    AsyncServiceTransform(String name, AbstractTransform upstream, FunctionEx<?, ?> keyFn, ServiceFactory<?> serviceFactory,
                          int maxConcurrentOps, boolean preserveOrder, int maxBatchSize, BiFunctionEx<?, ?, ?> itemFn,
                          BiFunctionEx<?, ?, ?> batchFn) {
        super(name, List.of(upstream));
        this.edgeKeyFn = keyFn;
        this.serviceFactory = serviceFactory;
        this.maxConcurrentOps = maxConcurrentOps;
        this.preserveOrder = preserveOrder;
        this.maxBatchSize = maxBatchSize;
        this.itemFn = itemFn;
        this.batchFn = batchFn;
    }

    @Override
    void addToDag(Planner planner) {
        AbstractTransform in = upstream().get(0);
        AsyncServiceP.Supplier supplier = new AsyncServiceP.Supplier(name(), serviceFactory, maxConcurrentOps,
                preserveOrder, maxBatchSize, itemFn, batchFn, in.timestamped());
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), supplier, name());
        Planner.EdgeSpec spec = edgeKeyFn == null ? Planner.EdgeSpec.AUTO
                : Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(edgeKeyFn, in.timestamped(), name()));
        planner.connect(in, v, 0, spec);
    }
}
