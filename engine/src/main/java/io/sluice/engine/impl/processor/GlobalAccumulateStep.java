package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.SupplierEx;

/**
 * First stage of a global aggregation: one accumulator; on complete emits it (the bare
 * accumulator) if it saw any item, for the all-to-one edge to the combine stage.
 * Snapshot state: {@link GlobalKey} -&gt; accumulator. An accumulator that is a collection or a map
 * ({@code toList()} and the like) holds at most {@code maxProcessorAccumulatedRecords} elements.
 */
final class GlobalAccumulateStep implements ItemProcessor {
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> accumulateFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private Emitter emitter;
    private ProcessorContext context;
    private Object acc;
    /** Whether {@code acc} is a collection or map whose size counts against the limit. */
    private boolean sized;

    GlobalAccumulateStep(AggregateOperation1<?, ?, ?> op) {
        this(op, 0);
    }

    /** Accumulates the items of input {@code input} of a co-aggregating {@code op}. */
    @SuppressWarnings("unchecked")
    GlobalAccumulateStep(AggregateOperation<?, ?> op, int input) {
        this.createFn = (SupplierEx<Object>) op.createFn();
        this.accumulateFn = (BiConsumerEx<Object, Object>) op.accumulateFn(input);
        this.combineFn = (BiConsumerEx<Object, Object>) op.combineFn();
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.context = context;
    }

    @Override
    public void processItem(Object item) throws Exception {
        if (acc == null) {
            acc = createFn.getEx();
            sized = Accumulators.isSized(acc);
        }
        accumulateFn.acceptEx(acc, item);
        if (sized) {
            Accumulators.checkGlobal(acc, context);
        }
    }

    @Override
    public long accumulatedRecords() {
        return Accumulators.globalRecords(acc);
    }

    @Override
    public boolean complete() throws Exception {
        if (acc != null) {
            Object partial = acc;
            acc = null;
            emitter.emit(partial);
        }
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        Accumulators.saveGlobal(snapshot, acc);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        acc = Accumulators.restoreGlobal(acc, value, combineFn);
        sized = Accumulators.isSized(acc);
        Accumulators.checkGlobal(acc, context);
    }
}
