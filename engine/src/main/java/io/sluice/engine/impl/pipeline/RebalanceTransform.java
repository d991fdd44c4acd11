package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.FunctionEx;

import java.util.List;

/**
 * {@code rebalance()} / {@code rebalance(keyFn)}: no vertex of its own. It ends its upstream's
 * vertex (nothing is fused after it) and sets the policy of the edges to the stages after it:
 * unicast, or partitioned by {@code keyFn}.
 */
final class RebalanceTransform extends AbstractTransform {
    private final FunctionEx<?, ?> keyFn;

    /** @param keyFn the partitioning key, or {@code null} to spread batches evenly */
    RebalanceTransform(AbstractTransform upstream, FunctionEx<?, ?> keyFn) {
        super("rebalance", List.of(upstream));
        this.keyFn = keyFn;
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        throw new IllegalArgumentException("stage '" + name() + "' only redistributes items and has no instances of its own;"
                + " set the local parallelism on the stage after it");
    }

    @Override
    boolean allowsFusionAfter() {
        return false;
    }

    /** The policy of the edges leaving this stage. */
    @SuppressWarnings("unchecked")
    Planner.EdgeSpec edgeSpec() {
        return keyFn == null ? Planner.EdgeSpec.of(RoutingPolicy.UNICAST)
                : Planner.EdgeSpec.partitioned((FunctionEx<Object, ?>) keyFn);
    }

    @Override
    void addToDag(Planner planner) {
        planner.passThrough(this, upstream().get(0));
    }
}
