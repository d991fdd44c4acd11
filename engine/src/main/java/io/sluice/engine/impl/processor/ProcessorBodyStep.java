package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;


/**
 * Runs a one-input {@link Processor} that has a per-item body (the streaming processors'
 * {@code processItem}) as a fused step: each item is a direct call of the body, what the
 * processor emits goes to the next step, and watermarks, timers, completion and snapshots are
 * delegated. Unlike {@link ProcessorStep} nothing is buffered.
 *
 * <p>Two options the planner sets:
 * <ul>
 * <li>{@code routesOrdinals}: the processor emits its main output with {@code add(item)} and a
 * side output with {@code add(1, item)} (late items); as the last step of its chain both go to
 * the vertex's output ordinals 0 and 1. Without it {@code add(item)} goes to every output edge
 * (a fork of the stage's output).</li>
 * <li>{@code flushOnIdle}: on {@code Watermark.IDLE} from earlier in the chain (an idle source
 * runner) the processor's {@code complete()} is run, which for a window accumulation hands on
 * every open frame: nothing more will come from this input for a while, and a downstream
 * combine that stops waiting for it must not miss the frames. The processor's watermark is not
 * moved. Without it the idle marker is not shown to the processor (time did not move), as the
 * runtime does for vertex inputs.</li>
 * </ul>
 */
public final class ProcessorBodyStep extends AbstractProcessorStep {
    private final Body body;
    private final boolean routesOrdinals;
    private final boolean flushOnIdle;
    private final boolean forwardsWatermarks;

    /** The per-item body of a processor, usually a method reference {@code p::processItem}. */
    @FunctionalInterface
    public interface Body {
        void processItem(Object item) throws Exception;
    }

    public ProcessorBodyStep(Processor processor, Body body, boolean routesOrdinals, boolean flushOnIdle) {
        super(processor);
        this.body = body;
        this.routesOrdinals = routesOrdinals;
        this.flushOnIdle = flushOnIdle;
        this.forwardsWatermarks = processor.forwardsWatermarks();
    }

    @Override
    public void init(Emitter emitter, ProcessorContext context) throws Exception {
        if (routesOrdinals && !emitter.isLast()) {
            throw new IllegalStateException("a step that routes to output ordinals must be the last of its chain");
        }
        initProcessor(emitter, context, routesOrdinals ? Routing.ROUTE_ORDINALS : Routing.FORK);
    }

    @Override
    public void processItem(Object item) throws Exception {
        body.processItem(item);
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        if (timestamp == Long.MAX_VALUE) {
            return !flushOnIdle || processor.complete();
        }
        return processor.tryProcessWatermark(timestamp);
    }

    @Override
    public boolean forwardsWatermarks() {
        return forwardsWatermarks;
    }

    @Override
    public boolean tryProcess() throws Exception {
        return processor.tryProcess();
    }

    @Override
    public boolean complete() throws Exception {
        return completeProcessor();
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        return processor.saveToSnapshot(snapshot);
    }
}
