package io.sluice.engine.impl.processor;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects all items, sorts them on complete and emits them in order, paced by the outbox. Used
 * twice: fused upstream (each instance sorts its share into a run) and in the parallelism-1 vertex
 * behind the all-to-one edge, where {@code List.sort} (TimSort) merges the concatenated sorted
 * runs in about {@code n log(runs)}. Snapshot state: chunks of items under
 * {@code Chunk(instance, index)} keys. Holds at most {@code maxProcessorAccumulatedRecords} items.
 */
final class SortStep implements ItemProcessor {
    private static final int CHUNK = 1024;

    private final Comparator<Object> comparator;
    private ArrayList<Object> items = new ArrayList<>();
    private Emitter emitter;
    private ProcessorContext context;
    private long maxItems;
    private int instance;
    private boolean sorted;
    private int next;

    @SuppressWarnings("unchecked")
    SortStep(Comparator<?> comparator) {
        this.comparator = (Comparator<Object>) comparator;
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.context = context;
        this.maxItems = context.maxProcessorAccumulatedRecords();
        this.instance = context.globalIndex();
    }

    @Override
    public void processItem(Object item) {
        items.add(item);
        checkLimit();
    }

    private void checkLimit() {
        if (items.size() > maxItems) {
            throw new AccumulationLimitExceededException(context, "items to sort", items.size());
        }
    }

    @Override
    public long accumulatedRecords() {
        return items.size();
    }

    @Override
    public boolean complete() throws Exception {
        if (!sorted) {
            items.sort(comparator);
            sorted = true;
        }
        for (int n = items.size(); next < n; ) {
            if (emitter.hasReachedLimit()) {
                return false;
            }
            Object item = items.set(next++, null);
            emitter.emit(item);
        }
        items = new ArrayList<>();
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        for (int from = next, chunk = 0; from < items.size(); from += CHUNK, chunk++) {
            snapshot.save(new Chunk(instance, chunk), new ArrayList<>(items.subList(from, Math.min(items.size(), from + CHUNK))));
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        items.addAll((List<?>) value);
        checkLimit();
    }

    /** A snapshot key: chunk {@code index} of the items of instance {@code instance}. */
    record Chunk(int instance, int index) implements Serializable, io.sluice.engine.core.SnapshotKeys.Local {
    }
}
