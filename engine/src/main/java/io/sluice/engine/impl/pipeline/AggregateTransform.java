package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code aggregate}, keyed or global, of one input or several ({@code aggregate2},
 * {@code aggregate3}, {@code aggregateBuilder}: input {@code i} is accumulated with the operation's
 * {@code accumulateFn(i)} and, keyed, grouped by its own key function).
 *
 * <p>An operation with a {@code combineFn} runs in two phases: per input an accumulate step
 * (fused into that input's vertex: each instance accumulates what it sees) -&gt; partitioned edge
 * by key (keyed) or all-to-one edge (global) -&gt; input {@code i} of one combine vertex, which
 * merges the partial accumulators of all inputs and emits the finished results.
 *
 * <p>An operation without a {@code combineFn} runs in a single phase, as in Jet: every input's items
 * go, partitioned by their key (keyed) or all to one instance (global), to input {@code i} of one
 * accumulate-and-finish vertex ({@code AggregateP}).
 *
 * <p>The stage's parallelism is the combine (or single-phase) vertex's; a global aggregation runs
 * there with parallelism 1.
 */
final class AggregateTransform extends AbstractTransform {
    /** One key function per input, or {@code null} for a global aggregation. */
    private final List<FunctionEx<?, ?>> keyFns;
    private final AggregateOperation<?, ?> aggrOp;

    /** @param keyFn the grouping key, or {@code null} for a global aggregation */
    AggregateTransform(AbstractTransform upstream, FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> aggrOp) {
        this(List.of(upstream), keyFn == null ? null : List.of(keyFn), aggrOp);
    }

    /**
     * A co-aggregation.
     *
     * @param inputs the inputs, in operation-input order
     * @param keyFns one key function per input, or {@code null} for a global aggregation
     * @param aggrOp an operation whose arity is the number of inputs
     */
    AggregateTransform(List<AbstractTransform> inputs, List<FunctionEx<?, ?>> keyFns, AggregateOperation<?, ?> aggrOp) {
        super(inputs.size() == 1 ? "aggregate" : "co-aggregate", inputs);
        if (aggrOp.arity() != inputs.size()) {
            throw new IllegalArgumentException("the aggregate operation has arity " + aggrOp.arity() + ", but the stage has "
                    + inputs.size() + " inputs");
        }
        if (keyFns != null && keyFns.size() != inputs.size()) {
            throw new IllegalArgumentException("a keyed aggregation needs one key function per input (" + inputs.size()
                    + "), but has " + keyFns.size());
        }
        this.keyFns = keyFns == null ? null : List.copyOf(keyFns);
        this.aggrOp = aggrOp;
        setTimestamped(false);
    }

    private boolean keyed() {
        return keyFns != null;
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        if (!keyed() && localParallelism != 1 && localParallelism != -1) {
            throw new IllegalArgumentException("stage '" + name() + "' is a global aggregation: its result is"
                    + (aggrOp.combineFn() == null ? " computed" : " combined") + " in one instance, so its"
                    + " localParallelism can only be 1 or -1, but was " + localParallelism);
        }
        super.setLocalParallelism(localParallelism);
    }

    @Override
    void addToDag(Planner planner) {
        if (aggrOp.combineFn() == null) {
            addSingleStage(planner);
        } else {
            addTwoStage(planner);
        }
    }

    private void addTwoStage(Planner planner) {
        List<Planner.PlannedVertex> locals = new ArrayList<>();
        for (int i = 0; i < upstream().size(); i++) {
            FunctionEx<?, ?> keyFn = keyed() ? keyFns.get(i) : null;
            locals.add(planner.fuseOrAddVertexAfter(this, upstream().get(i),
                    Processors.accumulateStep(keyFn, aggrOp, i), label("accumulate")));
        }
        Planner.PlannedVertex combine = planner.addVertex(this, name(), keyed() ? localParallelism() : 1, null, null);
        planner.addStep(combine, this, Processors.combineStep(aggrOp, keyed()), label("combine"));
        Planner.EdgeSpec spec = keyed() ? Planner.EdgeSpec.partitioned(EdgeKeys::entryKey)
                                        : Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE);
        for (int i = 0; i < locals.size(); i++) {
            planner.connect(locals.get(i), combine, i, spec);
        }
    }

    private void addSingleStage(Planner planner) {
        Planner.PlannedVertex v = planner.addVertex(this, name(), keyed() ? localParallelism() : 1,
                Processors.aggregateP(keyFns, aggrOp), label("accumulate-finish"));
        for (int i = 0; i < upstream().size(); i++) {
            AbstractTransform in = upstream().get(i);
            Planner.EdgeSpec spec = keyed()
                    ? Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(keyFns.get(i), in.timestamped(), name()))
                    : Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE);
            planner.connect(in, v, i, spec);
        }
    }
}
