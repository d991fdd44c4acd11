package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.execution.StateReporting;

/**
 * Base of the steps that run a {@link Processor} inside a fused chain ({@link ProcessorStep},
 * {@link ProcessorBodyStep}): the outbox that leads the processor's output to the next step, the
 * completion protocol ({@code completeEdge(0)} once, then {@code complete()}) and the delegation
 * of restore and close. How items reach the processor (batched or one call per item), watermarks,
 * timers and snapshots stay with the subclasses.
 */
abstract class AbstractProcessorStep implements ItemProcessor, io.sluice.engine.impl.execution.Cancellable {

    /** Where the processor's {@code add(item)} and {@code add(ordinal, item)} go. */
    enum Routing {
        /** One output: {@code add(item)} to the next step; any ordinal other than 0 is an error. */
        SINGLE_OUTPUT,
        /** {@code add(item)} to the next step (every output edge if last); {@code add(ordinal, item)} to that ordinal. */
        FORK,
        /** The last step of its chain: {@code add(item)} to output ordinal 0, {@code add(ordinal, item)} to that ordinal. */
        ROUTE_ORDINALS
    }

    final Processor processor;
    private boolean edgeCompleted;

    AbstractProcessorStep(Processor processor) {
        this.processor = processor;
    }

    /** Calls the processor's {@code init} with an outbox that leads to {@code emitter}. */
    final void initProcessor(Emitter emitter, ProcessorContext context, Routing routing) throws Exception {
        processor.init(new StepOutbox(emitter, routing), context);
    }

    /** {@code completeEdge(0)} until it returns {@code true}, then {@code complete()}. */
    final boolean completeProcessor() throws Exception {
        if (!edgeCompleted) {
            if (!processor.completeEdge(0)) {
                return false;
            }
            edgeCompleted = true;
        }
        return processor.complete();
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        processor.restoreFromSnapshot(key, value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        processor.finishSnapshotRestore();
    }

    @Override
    public boolean snapshotCommitPrepare() throws Exception {
        return processor.snapshotCommitPrepare();
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) throws Exception {
        return processor.snapshotCommitFinish(success);
    }

    @Override
    public long accumulatedRecords() {
        return processor instanceof StateReporting r ? r.accumulatedRecords() : 0;
    }

    @Override
    public void close() throws Exception {
        processor.close();
    }

    /** The processor's outbox: its output goes on down the chain. */
    private static final class StepOutbox implements Outbox {
        private final Emitter emitter;
        private final Routing routing;

        StepOutbox(Emitter emitter, Routing routing) {
            this.emitter = emitter;
            this.routing = routing;
        }

        @Override
        public void add(Object item) {
            try {
                if (routing == Routing.ROUTE_ORDINALS) {
                    emitter.emit(0, item);
                } else {
                    emitter.emit(item);
                }
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public void add(int ordinal, Object item) {
            if (routing == Routing.SINGLE_OUTPUT) {
                if (ordinal != 0) {
                    throw new IllegalArgumentException("a fused processor has one output (ordinal 0), but it emitted to ordinal "
                            + ordinal);
                }
                add(item);
                return;
            }
            try {
                emitter.emit(ordinal, item);
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public void addWatermark(long timestamp) {
            try {
                emitter.emitWatermark(timestamp);
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public boolean hasReachedLimit() {
            return emitter.hasReachedLimit();
        }

        @Override
        public int outputCount() {
            return routing == Routing.SINGLE_OUTPUT ? 1 : emitter.outputCount();
        }
    }

    /** Passes a cancellation on to the wrapped processor, if it loops over items itself. */
    @Override
    public void cancel() {
        if (processor instanceof io.sluice.engine.impl.execution.Cancellable c) {
            c.cancel();
        }
    }
}
