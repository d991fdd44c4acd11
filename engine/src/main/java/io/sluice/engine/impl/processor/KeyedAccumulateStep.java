package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * First stage of a keyed aggregation: one accumulator per key in a {@code HashMap}; on complete,
 * emits each partial accumulator as {@code KeyedResult.of(key, accumulator)} for the partitioned
 * edge to the combine stage. Snapshot state: key -&gt; accumulator. Holds at most
 * {@code maxProcessorAccumulatedRecords} keys. In a co-aggregation each input has its own
 * accumulate step, which accumulates with that input's {@code accumulateFn(i)} into accumulators
 * of the whole operation; the combine stage merges them.
 */
final class KeyedAccumulateStep implements ItemProcessor {
    private final FunctionEx<Object, ?> keyFn;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> accumulateFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final Map<Object, Object> accumulators = new HashMap<>();
    private Emitter emitter;
    private ProcessorContext context;
    private long maxKeys;
    private Iterator<Map.Entry<Object, Object>> emitting;

    KeyedAccumulateStep(FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> op) {
        this(keyFn, op, 0);
    }

    /** Accumulates the items of input {@code input} of a co-aggregating {@code op}, keyed by that input's {@code keyFn}. */
    @SuppressWarnings("unchecked")
    KeyedAccumulateStep(FunctionEx<?, ?> keyFn, AggregateOperation<?, ?> op, int input) {
        this.keyFn = (FunctionEx<Object, ?>) keyFn;
        this.createFn = (SupplierEx<Object>) op.createFn();
        this.accumulateFn = (BiConsumerEx<Object, Object>) op.accumulateFn(input);
        this.combineFn = (BiConsumerEx<Object, Object>) op.combineFn();
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public void processItem(Object item) throws Exception {
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

    @Override
    public long accumulatedRecords() {
        return accumulators.size();
    }

    @Override
    public boolean complete() throws Exception {
        if (emitting == null) {
            emitting = accumulators.entrySet().iterator();
        }
        if (!Accumulators.emitKeyed(emitting, emitter, null)) {
            return false;
        }
        accumulators.clear();
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        accumulators.forEach(snapshot::save);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        Accumulators.restoreKeyed(accumulators, key, value, combineFn, context, maxKeys);
    }
}
