package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.pipeline.JoinClause;

import java.util.List;

/**
 * {@code hashJoin}, {@code innerHashJoin}, {@code hashJoin2}: a join vertex whose input 0 is the
 * primary stage and inputs 1..n the build sides. Build sides come over broadcast edges with
 * priority {@value #BUILD_PRIORITY}, the primary over a normal edge with priority
 * {@value #PRIMARY_PRIORITY}, so every instance has complete hash tables before it streams the
 * primary items through.
 */
final class HashJoinTransform extends AbstractTransform {
    static final int BUILD_PRIORITY = 0;
    static final int PRIMARY_PRIORITY = 1;

    private final List<JoinClause<?, ?, ?, ?>> clauses;
    private final BiFunctionEx<?, ?, ?> mapFn1;
    private final TriFunction<?, ?, ?, ?> mapFn2;
    private final boolean inner;
    /** {@code hashJoinBuilder}: the tags of the build sides, in side order; else {@code null}. */
    private List<io.sluice.engine.datamodel.Tag<?>> tags;

    private HashJoinTransform(String name, List<AbstractTransform> upstream, List<JoinClause<?, ?, ?, ?>> clauses,
                              BiFunctionEx<?, ?, ?> mapFn1, TriFunction<?, ?, ?, ?> mapFn2, boolean inner) {
        super(name, upstream);
        this.clauses = List.copyOf(clauses);
        this.mapFn1 = mapFn1;
        this.mapFn2 = mapFn2;
        this.inner = inner;
    }

    static HashJoinTransform join1(AbstractTransform primary, AbstractTransform side, JoinClause<?, ?, ?, ?> clause,
                                   BiFunctionEx<?, ?, ?> mapFn, boolean inner) {
        return new HashJoinTransform(inner ? "innerHashJoin" : "hashJoin", List.of(primary, side), List.of(clause), mapFn,
                null, inner);
    }

    static HashJoinTransform join2(AbstractTransform primary, AbstractTransform side1, JoinClause<?, ?, ?, ?> clause1,
                                   AbstractTransform side2, JoinClause<?, ?, ?, ?> clause2, TriFunction<?, ?, ?, ?> mapFn) {
        return new HashJoinTransform("hashJoin2", List.of(primary, side1, side2), List.of(clause1, clause2), null, mapFn,
                false);
    }

    /** {@code hashJoinBuilder}: any number of build sides, output of (item, ItemsByTag). */
    static HashJoinTransform joinN(AbstractTransform primary, List<AbstractTransform> sides, List<JoinClause<?, ?, ?, ?>> clauses,
                                   List<io.sluice.engine.datamodel.Tag<?>> tags, BiFunctionEx<?, ?, ?> mapFn) {
        List<AbstractTransform> upstream = new java.util.ArrayList<>();
        upstream.add(primary);
        upstream.addAll(sides);
        HashJoinTransform t = new HashJoinTransform("hashJoinBuilder", upstream, clauses, mapFn, null, false);
        t.tags = List.copyOf(tags);
        return t;
    }

    @Override
    void addToDag(Planner planner) {
        boolean stamped = upstream().get(0).timestamped();
        ProcessorSupplier join;
        if (tags != null) {
            join = Processors.hashJoinNP(clauses, tags, mapFn1, stamped);
        } else if (mapFn2 == null) {
            join = stamped ? Processors.timestampedHashJoinP(clauses.get(0), mapFn1, inner)
                           : Processors.hashJoinP(clauses.get(0), mapFn1, inner);
        } else {
            join = stamped ? Processors.timestampedHashJoin2P(clauses.get(0), clauses.get(1), mapFn2)
                           : Processors.hashJoin2P(clauses.get(0), clauses.get(1), mapFn2);
        }
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), join, name());
        planner.connect(upstream().get(0), v, 0, Planner.EdgeSpec.AUTO.withPriority(PRIMARY_PRIORITY));
        for (int side = 1; side < upstream().size(); side++) {
            planner.connect(upstream().get(side), v, side,
                    Planner.EdgeSpec.of(RoutingPolicy.BROADCAST).withPriority(BUILD_PRIORITY));
        }
    }
}
