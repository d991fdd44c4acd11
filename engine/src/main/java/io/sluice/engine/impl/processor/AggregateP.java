package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.execution.StateReporting;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Single-stage aggregation, keyed or global, of one or more inputs: the plan for an operation
 * without a {@code combineFn}, whose accumulators cannot be merged. The planner routes every item
 * here, partitioned by its input's key (keyed) or all to one instance (global), so each key's
 * accumulator sees all its items. Input ordinal {@code i} is accumulated with
 * {@code accumulateFn(i)}.
 *
 * <p><i>Emits when:</i> the input is exhausted: {@code KeyedResult(key, finish(acc))} for each key
 * (paced by the outbox), or, global, exactly one {@code finish(acc)} (of a new accumulator for
 * empty input; a {@code null} result is dropped) from the instance with global index 0.
 * <i>Snapshot state:</i> key (or {@link GlobalKey}) -&gt; accumulator. A key's state is saved by
 * one instance only, so restoring never merges two accumulators unless the operation can.
 * At most {@code maxProcessorAccumulatedRecords} keys (global: elements of a collection or map
 * accumulator).
 */
final class AggregateP implements Processor, StateReporting {
    private final FunctionEx<Object, Object>[] keyFns;
    private final BiConsumerEx<Object, Object>[] accumulateFns;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final FunctionEx<Object, Object> finishFn;
    private final boolean keyed;

    private final Map<Object, Object> accumulators = new HashMap<>();
    private Object globalAcc;
    /** Whether {@code globalAcc} is a collection or map whose size counts against the limit. */
    private boolean sized;
    private Outbox outbox;
    private ProcessorContext context;
    private long maxKeys;
    private Iterator<Map.Entry<Object, Object>> emitting;
    private boolean globalEmitted;

    /**
     * @param keyFns one key function per input of {@code op} (applied to the items of that input
     *               ordinal), or {@code null} for a global aggregation
     */
    @SuppressWarnings("unchecked")
    AggregateP(List<? extends FunctionEx<?, ?>> keyFns, AggregateOperation<?, ?> op) {
        int n = op.arity();
        this.keyed = keyFns != null;
        if (keyed && keyFns.size() != n) {
            throw new IllegalArgumentException("keyFns must have one function per input of the operation (" + n
                    + "), but has " + keyFns.size());
        }
        this.keyFns = new FunctionEx[n];
        this.accumulateFns = new BiConsumerEx[n];
        for (int i = 0; i < n; i++) {
            if (keyed) {
                this.keyFns[i] = (FunctionEx<Object, Object>) keyFns.get(i);
                if (this.keyFns[i] == null) {
                    throw new NullPointerException("keyFns[" + i + "] must not be null");
                }
            }
            this.accumulateFns[i] = (BiConsumerEx<Object, Object>) op.accumulateFn(i);
        }
        this.createFn = (SupplierEx<Object>) op.createFn();
        this.combineFn = (BiConsumerEx<Object, Object>) op.combineFn();
        this.finishFn = (FunctionEx<Object, Object>) op.finishFn();
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        if (ordinal >= accumulateFns.length) {
            throw new IllegalArgumentException("the aggregation has " + accumulateFns.length
                    + " inputs, but got items on input ordinal " + ordinal);
        }
        Object[] items = batch.array();
        BiConsumerEx<Object, Object> accumulateFn = accumulateFns[ordinal];
        if (keyed) {
            FunctionEx<Object, Object> keyFn = keyFns[ordinal];
            for (int i = 0, n = batch.size(); i < n; i++) {
                accumulateKeyed(keyFn, accumulateFn, items[i]);
            }
        } else {
            for (int i = 0, n = batch.size(); i < n; i++) {
                accumulateGlobal(accumulateFn, items[i]);
            }
        }
    }

    private void accumulateKeyed(FunctionEx<Object, Object> keyFn, BiConsumerEx<Object, Object> accumulateFn,
                                 Object item) throws Exception {
        Object key = keyFn.applyEx(item);
        if (key == null) {
            throw new NullPointerException("the grouping key function returned null for item " + item
                    + "; keys must not be null");
        }
        Object acc = accumulators.get(key);
        if (acc == null) {
            acc = createFn.getEx();
            accumulators.put(key, acc);
            if (accumulators.size() > maxKeys) {
                throw new AccumulationLimitExceededException(context, "keyed accumulators", accumulators.size());
            }
        }
        accumulateFn.acceptEx(acc, item);
    }

    private void accumulateGlobal(BiConsumerEx<Object, Object> accumulateFn, Object item) throws Exception {
        if (globalAcc == null) {
            globalAcc = createFn.getEx();
            sized = Accumulators.isSized(globalAcc);
        }
        accumulateFn.acceptEx(globalAcc, item);
        if (sized) {
            Accumulators.checkGlobal(globalAcc, context);
        }
    }

    @Override
    public long accumulatedRecords() {
        return keyed ? accumulators.size() : Accumulators.globalRecords(globalAcc);
    }

    @Override
    public boolean complete() throws Exception {
        return keyed ? completeKeyed() : completeGlobal();
    }

    private boolean completeKeyed() throws Exception {
        if (emitting == null) {
            emitting = accumulators.entrySet().iterator();
        }
        while (emitting.hasNext()) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            Map.Entry<Object, Object> e = emitting.next();
            outbox.add(KeyedResult.of(e.getKey(), finishFn.applyEx(e.getValue())));
        }
        accumulators.clear();
        return true;
    }

    private boolean completeGlobal() throws Exception {
        if (!globalEmitted && context.globalIndex() == 0) {
            if (outbox.hasReachedLimit()) {
                return false;
            }
            globalEmitted = true;
            Object result = finishFn.applyEx(globalAcc != null ? globalAcc : createFn.getEx());
            if (result != null) {
                outbox.add(result);
            }
        }
        globalAcc = null;
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        if (keyed) {
            accumulators.forEach(snapshot::save);
        } else {
            Accumulators.saveGlobal(snapshot, globalAcc);
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        if (keyed) {
            if (combineFn == null && accumulators.containsKey(key)) {
                throw duplicateState("key '" + key + "'");
            }
            Accumulators.restoreKeyed(accumulators, key, value, combineFn, context, maxKeys);
        } else {
            if (combineFn == null && globalAcc != null) {
                throw duplicateState("the global aggregation");
            }
            globalAcc = Accumulators.restoreGlobal(globalAcc, value, combineFn);
            sized = Accumulators.isSized(globalAcc);
            Accumulators.checkGlobal(globalAcc, context);
        }
    }

    private static IllegalStateException duplicateState(String what) {
        return new IllegalStateException("the snapshot holds two accumulators of " + what + ", but the aggregate"
                + " operation has no combineFn to merge them");
    }
}
