package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.execution.StateReporting;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A running aggregate per key (or over the whole stream): after each item, emits the aggregate of
 * all items of its key so far.
 *
 * <p><i>Emits when:</i> for every item, {@code KeyedResult.of(key, export(acc))} (keyed) or
 * {@code export(acc)} (not keyed), wrapped as {@code TimestampedItem(ts, ..)} when the input item
 * was one. <i>Watermarks:</i> forwarded unchanged; no item is late. <i>Snapshot state:</i> per key,
 * the accumulator under the grouping key. At most {@code maxProcessorAccumulatedRecords} keys.
 */
public final class RollingAggregateP implements Processor, StateReporting {
    private final FunctionEx<Object, Object> keyFn;
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> accumulateFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final FunctionEx<Object, Object> exportFn;
    private final HashMap<Object, Object> accs = new HashMap<>();
    private Outbox outbox;
    private ProcessorContext context;
    private long maxKeys;

    /**
     * @param keyFn the grouping key (applied to the inner item); {@code null} for one running aggregate
     * @param op    the aggregate operation
     */
    @SuppressWarnings("unchecked")
    public RollingAggregateP(FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> op) {
        Objects.requireNonNull(op, "op must not be null");
        AggregateOperation1<Object, Object, Object> o = (AggregateOperation1<Object, Object, Object>) op;
        this.keyFn = (FunctionEx<Object, Object>) keyFn;
        this.createFn = o.createFn();
        this.accumulateFn = (BiConsumerEx<Object, Object>) o.accumulateFn();
        this.combineFn = (BiConsumerEx<Object, Object>) o.combineFn();
        this.exportFn = (FunctionEx<Object, Object>) o.exportFn();
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) {
        this.outbox = outbox;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public long accumulatedRecords() {
        return accs.size();
    }

    private void checkLimit() {
        if (accs.size() > maxKeys) {
            throw new AccumulationLimitExceededException(context, "keyed accumulators", accs.size());
        }
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            processItem(items[i]);
        }
    }

    /** The per-item body. */
    public void processItem(Object item) throws Exception {
        Object inner = item instanceof TimestampedItem<?> ti ? ti.item() : item;
        Object key = keyFn == null ? GlobalKey.INSTANCE : keyFn.applyEx(inner);
        Object acc = accs.get(key);
        if (acc == null) {
            acc = createFn.getEx();
            accs.put(key, acc);
            checkLimit();
        }
        accumulateFn.acceptEx(acc, inner);
        Object r = exportFn.applyEx(acc);
        Object out = keyFn == null ? r : KeyedResult.of(key, r);
        outbox.add(item instanceof TimestampedItem<?> ti ? new TimestampedItem<>(ti.timestamp(), out) : out);
    }

    /** The input ended (a finite stream): no item will need the accumulators again. */
    @Override
    public boolean complete() {
        accs.clear();
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (Map.Entry<Object, Object> e : accs.entrySet()) {
            snapshot.save(e.getKey(), e.getValue());
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        Object acc = accs.get(key);
        if (acc == null) {
            accs.put(key, value);
            checkLimit();
        } else {
            combineFn.acceptEx(acc, value);
        }
    }
}
