package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traverser;

import java.util.List;

/**
 * Factories of the fused steps ({@link StepSupplier}) the planner chains, and of processor
 * suppliers running one step alone (for tests and hand-made DAGs).
 *
 * <pre>{@code
 * ProcessorSupplier upper = Processors.fused(null, List.of(Processors.mapStep(s -> ((String) s).toUpperCase())));
 * }</pre>
 */
public final class Processors {
    private Processors() {
    }

    /**
     * A supplier of processors running {@code head} (or the identity, if {@code null}) followed by
     * {@code steps}; with no steps, {@code head} itself.
     */
    public static ProcessorSupplier fused(ProcessorSupplier head, List<StepSupplier> steps) {
        return fused(head, steps, null);
    }

    /**
     * Like {@link #fused(ProcessorSupplier, List)}, with the labels of the members (the head or the
     * identity first, then one per step) that failure messages name.
     */
    public static ProcessorSupplier fused(ProcessorSupplier head, List<StepSupplier> steps, List<String> memberLabels) {
        if (steps.isEmpty()) {
            return head != null ? head : identityP();
        }
        return new FusedProcessorSupplier(head, steps, memberLabels);
    }

    /** A supplier of processors running one step (identity head). */
    public static ProcessorSupplier stepP(StepSupplier step) {
        return new FusedProcessorSupplier(null, List.of(step));
    }

    /** Passes every input item on (merge). */
    public static ProcessorSupplier identityP() {
        return ctx -> new IdentityP();
    }

    @SuppressWarnings("unchecked")
    public static StepSupplier mapStep(FunctionEx<?, ?> mapFn) {
        FunctionEx<Object, Object> fn = (FunctionEx<Object, Object>) mapFn;
        return ctx -> new StatelessSteps.MapStep(fn);
    }

    @SuppressWarnings("unchecked")
    public static StepSupplier filterStep(PredicateEx<?> filterFn) {
        PredicateEx<Object> fn = (PredicateEx<Object>) filterFn;
        return ctx -> new StatelessSteps.FilterStep(fn);
    }

    @SuppressWarnings("unchecked")
    public static StepSupplier flatMapStep(FunctionEx<?, ? extends Traverser<?>> flatMapFn) {
        FunctionEx<Object, ? extends Traverser<?>> fn = (FunctionEx<Object, ? extends Traverser<?>>) flatMapFn;
        return ctx -> new StatelessSteps.FlatMapStep(fn);
    }

    /**
     * Logs the items {@code shouldLogFn} accepts at INFO on the logger {@code io.sluice.peek.<stageName>}
     * and passes every item on unchanged.
     */
    @SuppressWarnings("unchecked")
    public static StepSupplier peekStep(PredicateEx<?> shouldLogFn, FunctionEx<?, ? extends CharSequence> toStringFn,
                                        String stageName) {
        PredicateEx<Object> should = (PredicateEx<Object>) shouldLogFn;
        FunctionEx<Object, ? extends CharSequence> str = (FunctionEx<Object, ? extends CharSequence>) toStringFn;
        return ctx -> new PeekStep(should, str, stageName);
    }

    public static StepSupplier mapUsingServiceStep(ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> mapFn) {
        return new ServiceStepSupplier(serviceFactory, ServiceStepSupplier.Kind.MAP, mapFn);
    }

    public static StepSupplier filterUsingServiceStep(ServiceFactory<?> serviceFactory, BiPredicateEx<?, ?> filterFn) {
        return new ServiceStepSupplier(serviceFactory, ServiceStepSupplier.Kind.FILTER, filterFn);
    }

    public static StepSupplier flatMapUsingServiceStep(ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> flatMapFn) {
        return new ServiceStepSupplier(serviceFactory, ServiceStepSupplier.Kind.FLAT_MAP, flatMapFn);
    }

    /** Accumulates per key ({@code keyFn != null}) or globally; emits partial accumulators on complete. */
    public static StepSupplier accumulateStep(FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> op) {
        return keyFn == null ? ctx -> new GlobalAccumulateStep(op) : ctx -> new KeyedAccumulateStep(keyFn, op);
    }

    /**
     * Accumulates the items of input {@code input} of a co-aggregating {@code op}, per key of that
     * input ({@code keyFn != null}) or globally; emits partial accumulators of {@code op} on complete.
     */
    public static StepSupplier accumulateStep(FunctionEx<?, ?> keyFn, AggregateOperation<?, ?> op, int input) {
        return keyFn == null ? ctx -> new GlobalAccumulateStep(op, input) : ctx -> new KeyedAccumulateStep(keyFn, op, input);
    }

    /**
     * Single-stage aggregation, for operations without a {@code combineFn}: accumulates the items of
     * every input (input ordinal {@code i} is input {@code i} of {@code op}) per key or globally, and
     * emits the finished results on complete. See {@link AggregateP}.
     *
     * @param keyFns one key function per input, or {@code null} for a global aggregation
     */
    public static ProcessorSupplier aggregateP(List<? extends FunctionEx<?, ?>> keyFns, AggregateOperation<?, ?> op) {
        List<FunctionEx<?, ?>> fns = keyFns == null ? null : List.copyOf(keyFns);
        return ctx -> new AggregateP(fns, op);
    }

    /** Combines partial accumulators per key ({@code keyed}) or globally; emits finished results on complete. */
    public static StepSupplier combineStep(AggregateOperation<?, ?> op, boolean keyed) {
        return keyed ? ctx -> new KeyedCombineStep(op) : ctx -> new GlobalCombineStep(op);
    }

    /** Emits each item whose key ({@code keyFn}, or the item if {@code null}) is seen for the first time. */
    public static StepSupplier distinctStep(FunctionEx<?, ?> keyFn) {
        return ctx -> new DistinctStep(keyFn);
    }

    /** Collects, sorts on complete, emits in order. */
    public static StepSupplier sortStep(ComparatorEx<?> comparator) {
        return ctx -> new SortStep(comparator);
    }

    /** Runs a processor of one input (a sink) as a fused step. */
    public static StepSupplier processorStep(ProcessorSupplier supplier) {
        return ctx -> new ProcessorStep(supplier.get(ctx));
    }

    /** A hash join with one build side (ordinal 1); the primary input is ordinal 0. */
    public static ProcessorSupplier hashJoinP(JoinClause<?, ?, ?, ?> clause, BiFunctionEx<?, ?, ?> mapFn, boolean inner) {
        return ctx -> HashJoinP.join1(clause, mapFn, inner);
    }

    /** A left outer hash join with two build sides (ordinals 1 and 2). */
    public static ProcessorSupplier hashJoin2P(JoinClause<?, ?, ?, ?> clause1, JoinClause<?, ?, ?, ?> clause2,
                                               TriFunction<?, ?, ?, ?> mapFn) {
        return ctx -> HashJoinP.join2(clause1, clause2, mapFn);
    }

    /** A left outer hash join with any number of build sides (ordinals 1..n), output of (item, ItemsByTag). */
    public static ProcessorSupplier hashJoinNP(List<JoinClause<?, ?, ?, ?>> clauses, List<io.sluice.engine.datamodel.Tag<?>> tags,
                                               BiFunctionEx<?, ?, ?> mapFn, boolean timestamped) {
        return ctx -> timestamped ? HashJoinP.joinN(clauses, tags, mapFn).timestamped() : HashJoinP.joinN(clauses, tags, mapFn);
    }

    /** Runs a one-input sink processor as a fused step; {@code unwrapTimestamps}: it gets the inner items of a stream with event time. */
    public static StepSupplier processorStep(ProcessorSupplier supplier, boolean unwrapTimestamps) {
        return ctx -> new ProcessorStep(supplier.get(ctx), unwrapTimestamps);
    }

    /** A hash join whose primary input carries {@code TimestampedItem}s; outputs keep the timestamp. */
    public static ProcessorSupplier timestampedHashJoinP(JoinClause<?, ?, ?, ?> clause, BiFunctionEx<?, ?, ?> mapFn,
                                                         boolean inner) {
        return ctx -> HashJoinP.join1(clause, mapFn, inner).timestamped();
    }

    /** {@link #hashJoin2P} on a primary input of {@code TimestampedItem}s. */
    public static ProcessorSupplier timestampedHashJoin2P(JoinClause<?, ?, ?, ?> clause1, JoinClause<?, ?, ?, ?> clause2,
                                                          TriFunction<?, ?, ?, ?> mapFn) {
        return ctx -> HashJoinP.join2(clause1, clause2, mapFn).timestamped();
    }

    /** Runs a stateless {@code step} on the inner items of {@code TimestampedItem}s, re-wrapping its output. */
    public static StepSupplier timestamped(StepSupplier step) {
        return ctx -> new TimestampedStep(step.get(ctx));
    }

    /** A stream source processor: the runner made by {@code factory}, with the stage's event time. */
    public static ProcessorSupplier streamSourceP(String sourceName, SourceRunner.Factory factory, EventTimePolicy policy,
                                                  long runnerIdleMillis) {
        return ctx -> new StreamSourceP(sourceName, factory, policy, runnerIdleMillis);
    }

    /** Like {@link #streamSourceP(String, SourceRunner.Factory, EventTimePolicy, long)}, with watermarks floored to {@code watermarkGranularity}. */
    public static ProcessorSupplier streamSourceP(String sourceName, SourceRunner.Factory factory, EventTimePolicy policy,
                                                  long runnerIdleMillis, long watermarkGranularity) {
        return ctx -> new StreamSourceP(sourceName, factory, policy, runnerIdleMillis, watermarkGranularity);
    }

    /** The runners of a {@code SourceBuilder} stream source. */
    public static SourceRunner.Factory builderSourceRunner(FunctionEx<? super ProcessorContext, ?> createFn,
                                                           BiConsumerEx<?, ?> fillBufferFn, ConsumerEx<?> destroyFn) {
        return BuilderSourceRunner.factory("source", createFn, fillBufferFn, destroyFn, null);
    }

    /** The runners of a builder stream source that saves its state with {@code snapshotFns} ({@code null}: saves nothing). */
    public static SourceRunner.Factory builderSourceRunner(String sourceName, FunctionEx<? super ProcessorContext, ?> createFn,
                                                           BiConsumerEx<?, ?> fillBufferFn, ConsumerEx<?> destroyFn,
                                                           SourceSnapshotFns snapshotFns) {
        return BuilderSourceRunner.factory(sourceName, createFn, fillBufferFn, destroyFn, snapshotFns);
    }
}
