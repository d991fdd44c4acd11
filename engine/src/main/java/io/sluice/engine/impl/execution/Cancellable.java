package io.sluice.engine.impl.execution;

import java.util.concurrent.CancellationException;

/**
 * Implemented by processors that run user code in loops of their own (a fused chain): the
 * runtime calls {@link #cancel()} from another thread when the execution stops, and the processor
 * checks the flag between items, so that a cancelled execution stops calling user code within
 * one item rather than after a whole batch.
 *
 * <p>A processor that saw the flag throws {@link #cancelled(String)}; the runtime, which knows it
 * is stopping, does not report that as a failure.
 */
public interface Cancellable {
    /** Asks the processor to stop at the next item; may be called from any thread, more than once. */
    void cancel();

    /** The exception a processor throws when it stops because it was cancelled. */
    static CancellationException cancelled(String vertexName) {
        return new CancellationException("the execution of vertex '" + vertexName + "' was cancelled");
    }
}
