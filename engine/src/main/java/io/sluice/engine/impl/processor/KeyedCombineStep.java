package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Second stage of a keyed aggregation: receives partial accumulators as
 * {@code KeyedResult(key, accumulator)} (partitioned by key), combines them per key and, on
 * complete, emits {@code KeyedResult.of(key, finish(accumulator))}, paced by the outbox.
 * Snapshot state: key -&gt; accumulator. Holds at most {@code maxProcessorAccumulatedRecords} keys.
 */
final class KeyedCombineStep implements ItemProcessor {
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final FunctionEx<Object, Object> finishFn;
    private final Map<Object, Object> accumulators = new HashMap<>();
    private Emitter emitter;
    private ProcessorContext context;
    private long maxKeys;
    private Iterator<Map.Entry<Object, Object>> emitting;

    @SuppressWarnings("unchecked")
    KeyedCombineStep(AggregateOperation<?, ?> op) {
        this.createFn = (SupplierEx<Object>) op.createFn();
        this.combineFn = (BiConsumerEx<Object, Object>) op.combineFn();
        this.finishFn = (FunctionEx<Object, Object>) op.finishFn();
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public void processItem(Object item) throws Exception {
        if (!(item instanceof KeyedResult<?, ?> partial)) {
            throw new IllegalArgumentException("a combine stage expects KeyedResult(key, accumulator) items, but got "
                    + (item == null ? "null" : item.getClass().getName()));
        }
        // combine into an accumulator of our own: the incoming partial is not ours to mutate
        Object key = partial.key();
        Object acc = accumulators.get(key);
        if (acc == null) {
            acc = createFn.getEx();
            accumulators.put(key, acc);
            if (accumulators.size() > maxKeys) {
                throw new AccumulationLimitExceededException(context, "keyed accumulators", accumulators.size());
            }
        }
        combineFn.acceptEx(acc, partial.value());
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
        if (!Accumulators.emitKeyed(emitting, emitter, finishFn)) {
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
