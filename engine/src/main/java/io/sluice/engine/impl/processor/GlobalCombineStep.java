package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;

/**
 * Second stage of a global aggregation (parallelism 1, behind an all-to-one edge): combines the
 * partial accumulators and emits exactly one result, {@code finish(accumulator)}, also for
 * empty input (the finish of a new accumulator). Only the instance with global index 0 emits,
 * so the result stays single if the vertex ever runs on several nodes; a {@code null} result is
 * dropped. Snapshot state: {@link GlobalKey} -&gt; accumulator. An accumulator that is a collection
 * or a map ({@code toList()} and the like) holds at most {@code maxProcessorAccumulatedRecords} elements.
 */
final class GlobalCombineStep implements ItemProcessor {
    private final SupplierEx<Object> createFn;
    private final BiConsumerEx<Object, Object> combineFn;
    private final FunctionEx<Object, Object> finishFn;
    private Emitter emitter;
    private boolean emitsResult;
    private ProcessorContext context;
    private Object acc;
    /** Whether {@code acc} is a collection or map whose size counts against the limit. */
    private boolean sized;

    @SuppressWarnings("unchecked")
    GlobalCombineStep(AggregateOperation<?, ?> op) {
        this.createFn = (SupplierEx<Object>) op.createFn();
        this.combineFn = (BiConsumerEx<Object, Object>) op.combineFn();
        this.finishFn = (FunctionEx<Object, Object>) op.finishFn();
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) {
        this.emitter = emitter;
        this.emitsResult = context.globalIndex() == 0;
        this.context = context;
    }

    @Override
    public void processItem(Object partial) throws Exception {
        // combine into an accumulator of our own: the incoming partial is not ours to mutate
        if (acc == null) {
            acc = createFn.getEx();
            sized = Accumulators.isSized(acc);
        }
        combineFn.acceptEx(acc, partial);
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
        if (emitsResult) {
            emitsResult = false;
            Object result = finishFn.applyEx(acc != null ? acc : createFn.getEx());
            acc = null;
            if (result != null) {
                emitter.emit(result);
            }
        }
        acc = null;
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
