package io.sluice.engine.impl.processor;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.FunctionEx;

import java.util.HashSet;
import java.util.Set;

/**
 * Emits an item the first time its key (or the item itself) is seen. Used twice: fused upstream
 * (local distinct, to cut traffic) and after the partitioned edge (global distinct).
 * Snapshot state: key -&gt; {@code TRUE}. Holds at most {@code maxProcessorAccumulatedRecords} keys.
 */
final class DistinctStep implements ItemProcessor {
    private final FunctionEx<Object, ?> keyFn;
    private final Set<Object> seen = new HashSet<>();
    private Emitter emitter;
    private ProcessorContext context;
    private long maxKeys;

    /** @param keyFn the key, or {@code null} to compare whole items */
    @SuppressWarnings("unchecked")
    DistinctStep(FunctionEx<?, ?> keyFn) {
        this.keyFn = (FunctionEx<Object, ?>) keyFn;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.context = context;
        this.maxKeys = context.maxProcessorAccumulatedRecords();
    }

    @Override
    public void processItem(Object item) throws Exception {
        Object key = keyFn == null ? item : keyFn.applyEx(item);
        if (key == null) {
            throw new NullPointerException("the grouping key function returned null for item " + item
                    + "; keys must not be null");
        }
        if (seen.add(key)) {
            checkLimit();
            emitter.emit(item);
        }
    }

    private void checkLimit() {
        if (seen.size() > maxKeys) {
            throw new AccumulationLimitExceededException(context, "distinct keys", seen.size());
        }
    }

    @Override
    public long accumulatedRecords() {
        return seen.size();
    }

    @Override
    public boolean complete() {
        seen.clear();
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (Object key : seen) {
            snapshot.save(key, Boolean.TRUE);
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        seen.add(key);
        checkLimit();
    }
}
