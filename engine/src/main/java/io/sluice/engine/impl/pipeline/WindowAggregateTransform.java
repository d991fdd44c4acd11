package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.MainOutputP;
import io.sluice.engine.impl.processor.ProcessorBodyStep;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.impl.stream.SessionWindowP;
import io.sluice.engine.impl.stream.WindowAccumulateP;
import io.sluice.engine.impl.stream.WindowCombineP;
import io.sluice.engine.impl.stream.WindowP;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * A windowed aggregation of one or more inputs ({@code aggregate}, {@code aggregate2},
 * {@code aggregate3}), keyed or not. Its output has event time: results travel as
 * {@code TimestampedItem(end - 1, KeyedWindowResult | WindowResult)}.
 *
 * <p>DAG shapes:
 * <ul>
 * <li>Sliding/tumbling without early results: per input {@code i} a {@link WindowAccumulateP}
 * (input ordinal {@code i} of the operation) fused into that input's vertex -&gt; partitioned edge
 * by {@code FrameEntry.key} (keyed) or all-to-one edge -&gt; input {@code i} of one
 * {@link WindowCombineP} vertex (parallelism 1 when not keyed).</li>
 * <li>With early results, or when the operation has no {@code combineFn} (frames and partial
 * results of several instances cannot be merged then): the raw timestamped items over partitioned edges (key of the inner
 * item) or all-to-one edges -&gt; a single-stage {@link WindowP}.</li>
 * <li>Session windows: the same single-stage shape with {@link SessionWindowP}.</li>
 * <li>Late items ({@code lateItemsTo}): the processor that judges lateness (the accumulate of
 * input 0, or the single-stage window) emits them on output ordinal 1, whose edge leads to the
 * late sink's vertex. A single-stage window with a late sink then ends its vertex (nothing is
 * fused after it), and its main output is ordinal 0 only.</li>
 * </ul>
 */
final class WindowAggregateTransform extends AbstractTransform {
    private final List<FunctionEx<?, ?>> keyFns;
    private final WindowDefinition def;
    private final AggregateOperation<?, ?> op;
    private final ProcessorSink<?> lateSink;

    /**
     * @param inputs   the inputs, in operation-input order
     * @param keyFns   one key function per input (of the inner item), or {@code null} for a non-keyed window
     * @param def      the window definition
     * @param lateSink where input 0's late items go, or {@code null} to drop them
     */
    WindowAggregateTransform(List<AbstractTransform> inputs, List<FunctionEx<?, ?>> keyFns, WindowDefinition def,
                             AggregateOperation<?, ?> op, ProcessorSink<?> lateSink) {
        super(def instanceof WindowDefinition.Session ? "session-window" : "window", inputs);
        this.keyFns = keyFns == null ? null : List.copyOf(keyFns);
        this.def = def;
        // an operation without combineFn runs single-stage (WindowP / SessionWindowP handle it)
        this.op = op;
        this.lateSink = lateSink;
        setTimestamped(true);
    }

    @Override
    long watermarkFrame() {
        return def instanceof WindowDefinition.Sliding sliding ? sliding.slideBy() : 0;
    }

    private boolean keyed() {
        return keyFns != null;
    }

    private boolean twoStage() {
        return def instanceof WindowDefinition.Sliding && def.earlyResultsPeriod() == 0 && op.combineFn() != null;
    }

    @Override
    public void setLocalParallelism(int localParallelism) {
        if (!keyed() && localParallelism != 1 && localParallelism != -1) {
            throw new IllegalArgumentException("stage '" + name() + "' is a non-keyed window: its windows are"
                    + " combined in one instance, so its localParallelism can only be 1 or -1, but was " + localParallelism);
        }
        super.setLocalParallelism(localParallelism);
    }

    @Override
    boolean allowsFusionAfter() {
        return lateSink == null || twoStage();
    }

    @Override
    void addToDag(Planner planner) {
        if (twoStage()) {
            addTwoStage(planner);
        } else {
            addSingleStage(planner);
        }
    }

    private void addTwoStage(Planner planner) {
        WindowDefinition.Sliding sliding = (WindowDefinition.Sliding) def;
        AggregateOperation<?, ?> aggrOp = op;
        List<Planner.PlannedVertex> accumulates = new ArrayList<>();
        for (int i = 0; i < upstream().size(); i++) {
            int ordinal = i;
            FunctionEx<?, ?> keyFn = keyed() ? TimestampedKeys.checked(keyFns.get(i), name()) : null;
            boolean late = i == 0 && lateSink != null;
            StepSupplier step = ctx -> {
                WindowAccumulateP p = new WindowAccumulateP(keyFn, sliding, aggrOp, ordinal, late);
                return new ProcessorBodyStep(p, p::processItem, late, true);
            };
            accumulates.add(planner.fuseOrAddVertexAfter(this, upstream().get(i), step, label("window-accumulate")));
        }
        boolean keyed = keyed();
        ProcessorSupplier combine = ctx -> new WindowCombineP(sliding, aggrOp, keyed);
        Planner.PlannedVertex v = planner.addVertex(this, name(), keyed ? localParallelism() : 1, combine,
                label("window-combine"));
        for (int i = 0; i < accumulates.size(); i++) {
            Planner.EdgeSpec spec = keyed ? Planner.EdgeSpec.partitioned(EdgeKeys::frameKey)
                                          : Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE);
            planner.connectFromOrdinal(accumulates.get(i), 0, v, i, spec);
        }
        if (lateSink != null) {
            addLateSink(planner, accumulates.get(0));
        }
    }

    private void addSingleStage(Planner planner) {
        boolean late = lateSink != null;
        ProcessorSupplier window = singleStageSupplier(late);
        Planner.PlannedVertex v = planner.addVertex(this, name(), keyed() ? localParallelism() : 1, window, name());
        for (int i = 0; i < upstream().size(); i++) {
            Planner.EdgeSpec spec = keyed()
                    ? Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(keyFns.get(i), true, name()))
                    : Planner.EdgeSpec.of(RoutingPolicy.ALL_TO_ONE);
            planner.connect(upstream().get(i), v, i, spec);
        }
        if (late) {
            addLateSink(planner, v);
            if (planner.downstreamCount(this) > 1) {
                // the main output is ordinal 0 only: a fork of it needs a vertex of its own
                Planner.PlannedVertex fork = planner.addVertex(this, name() + "-out", localParallelism(),
                        Processors.identityP(), label("fork"));
                planner.connectFromOrdinal(v, 0, fork, 0, Planner.EdgeSpec.AUTO);
            }
        }
    }

    private ProcessorSupplier singleStageSupplier(boolean late) {
        AggregateOperation<?, ?> aggrOp = op;
        List<FunctionEx<?, ?>> fns = keyFns;
        boolean multi = upstream().size() > 1;
        FunctionEx<?, ?> keyFn = keyed() ? keyFns.get(0) : null;
        if (def instanceof WindowDefinition.Session session) {
            return ctx -> wrap(multi ? new SessionWindowP(fns, session, aggrOp, late)
                                     : new SessionWindowP(keyFn, session, aggrOp, 0, late), late);
        }
        WindowDefinition.Sliding sliding = (WindowDefinition.Sliding) def;
        return ctx -> wrap(multi ? new WindowP(fns, sliding, aggrOp, late) : new WindowP(keyFn, sliding, aggrOp, 0, late),
                late);
    }

    private static Processor wrap(Processor p, boolean late) {
        return late ? new MainOutputP(p) : p;
    }

    private void addLateSink(Planner planner, Planner.PlannedVertex from) {
        Planner.PlannedVertex sinkVertex = planner.addSideVertex(lateSink.name(), lateSink.preferredLocalParallelism(),
                lateSink.supplier(), label("late-items") + " -> " + lateSink.name());
        planner.connectFromOrdinal(from, 1, sinkVertex, 0, Planner.EdgeSpec.AUTO);
    }
}
