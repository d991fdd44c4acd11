package io.sluice.engine.impl.processor;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.pipeline.JoinClause;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hash join of a primary (streamed) input, ordinal 0, with one or more build sides, ordinals 1..n
 * (two at most for {@code hashJoin2}; any number for {@code hashJoinBuilder}, {@link #joinN}).
 * The build sides arrive first (their edges have a lower priority value); each fills a hash table
 * key -&gt; projected right value, keeping all values of a duplicate key. Then each primary item
 * is looked up in every table and {@code mapToOutputFn} is applied once per combination of
 * matches (a cartesian product for two sides). A side without a match contributes {@code null}
 * (left outer join), or drops the item for an inner join. A {@code null} key never matches; a
 * {@code null} output is dropped.
 *
 * <p>No snapshot state: the tables are rebuilt from the build sides, which are complete before
 * any primary item is processed. (Saving them would need keys that are restored to every
 * instance, which the snapshot contract does not have yet.)
 *
 * <p>The tables of all build sides together hold at most {@code maxProcessorAccumulatedRecords}
 * records (every stored build item counts, duplicates of a key included).
 */
public final class HashJoinP implements Processor, StateReporting {
    private static final Object NULL_VALUE = new Object();

    private final FunctionEx<Object, Object>[] leftKeyFns;
    private final FunctionEx<Object, Object>[] rightKeyFns;
    private final FunctionEx<Object, Object>[] rightProjectFns;
    private final BiFunctionEx<Object, Object, Object> mapFn1;
    private final TriFunction<Object, Object, Object, Object> mapFn2;
    private final boolean inner;
    /** {@code hashJoinBuilder}: any number of sides, output of (item, ItemsByTag); else {@code null}. */
    private BiFunctionEx<Object, Object, Object> mapFnN;
    private List<Tag<?>> tagsN;
    private List<List<Object>> matchesN;
    private boolean timestamped;
    private long timestamp;
    private final Map<Object, Object>[] tables;
    private final boolean[] sideComplete;
    private final List<Object> matches1 = new ArrayList<>();
    private final List<Object> matches2 = new ArrayList<>();
    private Outbox outbox;
    private ProcessorContext context;
    private long maxRecords;
    /** Build items stored in the tables. */
    private long buildRecords;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private HashJoinP(List<JoinClause<?, ?, ?, ?>> clauses, BiFunctionEx<?, ?, ?> mapFn1, TriFunction<?, ?, ?, ?> mapFn2,
                      boolean inner) {
        int n = clauses.size();
        leftKeyFns = new FunctionEx[n];
        rightKeyFns = new FunctionEx[n];
        rightProjectFns = new FunctionEx[n];
        tables = new Map[n];
        sideComplete = new boolean[n];
        for (int i = 0; i < n; i++) {
            leftKeyFns[i] = (FunctionEx<Object, Object>) clauses.get(i).leftKeyFn();
            rightKeyFns[i] = (FunctionEx<Object, Object>) clauses.get(i).rightKeyFn();
            rightProjectFns[i] = (FunctionEx<Object, Object>) clauses.get(i).rightProjectFn();
            tables[i] = new HashMap<>();
        }
        this.mapFn1 = (BiFunctionEx<Object, Object, Object>) mapFn1;
        this.mapFn2 = (TriFunction<Object, Object, Object, Object>) mapFn2;
        this.inner = inner;
    }

    /** A join with one build side. */
    public static HashJoinP join1(JoinClause<?, ?, ?, ?> clause, BiFunctionEx<?, ?, ?> mapFn, boolean inner) {
        return new HashJoinP(List.of(clause), mapFn, null, inner);
    }

    /** A left outer join with two build sides. */
    public static HashJoinP join2(JoinClause<?, ?, ?, ?> clause1, JoinClause<?, ?, ?, ?> clause2, TriFunction<?, ?, ?, ?> mapFn) {
        return new HashJoinP(List.of(clause1, clause2), null, mapFn, false);
    }

    /**
     * A left outer join with any number of build sides ({@code hashJoinBuilder}): for each
     * combination of matches (one per side, {@code null} for a side without a match) the output
     * function gets the item and an {@link ItemsByTag} holding side i's match under {@code tags.get(i)}.
     */
    @SuppressWarnings("unchecked")
    public static HashJoinP joinN(List<JoinClause<?, ?, ?, ?>> clauses, List<Tag<?>> tags, BiFunctionEx<?, ?, ?> mapFn) {
        if (clauses.size() != tags.size()) {
            throw new IllegalArgumentException("one tag per join clause expected, but got " + tags.size() + " tags for "
                    + clauses.size() + " clauses");
        }
        HashJoinP p = new HashJoinP(clauses, null, null, false);
        p.mapFnN = (BiFunctionEx<Object, Object, Object>) mapFn;
        p.tagsN = List.copyOf(tags);
        p.matchesN = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            p.matchesN.add(new ArrayList<>());
        }
        return p;
    }

    /**
     * The primary input carries {@code TimestampedItem}s (a stream with event time): keys and the
     * output function see the inner item, and each output is wrapped with the input's timestamp.
     */
    public HashJoinP timestamped() {
        this.timestamped = true;
        return this;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxRecords = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public long accumulatedRecords() {
        return buildRecords;
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        int n = batch.size();
        if (ordinal > 0) {
            for (int i = 0; i < n; i++) {
                build(ordinal - 1, items[i]);
            }
            return;
        }
        for (int side = 0; side < sideComplete.length; side++) {
            if (!sideComplete[side]) {
                throw new IllegalStateException("hash join: primary input arrived before build side " + (side + 1)
                        + " was complete; the runtime must consume lower-priority edges first");
            }
        }
        if (timestamped) {
            for (int i = 0; i < n; i++) {
                TimestampedItem<?> ti = (TimestampedItem<?>) items[i];
                timestamp = ti.timestamp();
                probe(ti.item());
            }
        } else {
            for (int i = 0; i < n; i++) {
                probe(items[i]);
            }
        }
    }

    @Override
    public boolean completeEdge(int ordinal) {
        if (ordinal > 0) {
            sideComplete[ordinal - 1] = true;
        }
        return true;
    }

    /** All inputs are done: the tables are no longer needed. */
    @Override
    public boolean complete() {
        for (Map<Object, Object> table : tables) {
            table.clear();
        }
        buildRecords = 0;
        return true;
    }

    private void build(int side, Object item) throws Exception {
        Object key = rightKeyFns[side].applyEx(item);
        if (key == null) {
            return;
        }
        Object value = rightProjectFns[side].applyEx(item);
        Object stored = value == null ? NULL_VALUE : value;
        if (++buildRecords > maxRecords) {
            throw new AccumulationLimitExceededException(context, "hash-join build records", buildRecords);
        }
        Map<Object, Object> table = tables[side];
        Object previous = table.putIfAbsent(key, stored);
        if (previous == null) {
            return;
        }
        if (previous instanceof Duplicates dups) {
            dups.add(stored);
        } else {
            Duplicates dups = new Duplicates();
            dups.add(previous);
            dups.add(stored);
            table.put(key, dups);
        }
    }

    private void probe(Object item) throws Exception {
        if (mapFnN != null) {
            for (int side = 0; side < matchesN.size(); side++) {
                collectMatches(side, item, matchesN.get(side)); // outer: never drops
            }
            emitCombinations(item, 0, new Object[matchesN.size()]);
            return;
        }
        if (!collectMatches(0, item, matches1)) {
            return;
        }
        if (mapFn2 == null) {
            for (int i = 0, n = matches1.size(); i < n; i++) {
                emit(mapFn1.applyEx(item, matches1.get(i)));
            }
            return;
        }
        if (!collectMatches(1, item, matches2)) {
            return;
        }
        for (int i = 0, n1 = matches1.size(); i < n1; i++) {
            for (int j = 0, n2 = matches2.size(); j < n2; j++) {
                emit(mapFn2.applyEx(item, matches1.get(i), matches2.get(j)));
            }
        }
    }

    /** Emits one output per combination of the sides' matches, choosing side {@code side} onwards. */
    private void emitCombinations(Object item, int side, Object[] chosen) throws Exception {
        if (side == chosen.length) {
            ItemsByTag byTag = new ItemsByTag();
            for (int i = 0; i < chosen.length; i++) {
                @SuppressWarnings("unchecked")
                Tag<Object> tag = (Tag<Object>) tagsN.get(i);
                byTag.put(tag, chosen[i]);
            }
            emit(mapFnN.applyEx(item, byTag));
            return;
        }
        List<Object> matches = matchesN.get(side);
        for (int i = 0, n = matches.size(); i < n; i++) {
            chosen[side] = matches.get(i);
            emitCombinations(item, side + 1, chosen);
        }
    }

    /** Fills {@code out} with the matches of {@code item} in {@code side}; {@code false} if the item is dropped. */
    private boolean collectMatches(int side, Object item, List<Object> out) throws Exception {
        out.clear();
        Object key = leftKeyFns[side].applyEx(item);
        Object found = key == null ? null : tables[side].get(key);
        if (found == null) {
            if (inner) {
                return false;
            }
            out.add(null);
        } else if (found instanceof Duplicates dups) {
            for (Object v : dups) {
                out.add(v == NULL_VALUE ? null : v);
            }
        } else {
            out.add(found == NULL_VALUE ? null : found);
        }
        return true;
    }

    private void emit(Object result) {
        if (result != null) {
            outbox.add(timestamped ? new TimestampedItem<>(timestamp, result) : result);
        }
    }

    /** The values of a key that occurs more than once on a build side (distinct from any user list). */
    private static final class Duplicates extends ArrayList<Object> {
    }
}
