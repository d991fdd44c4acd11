package io.sluice.engine.impl.execution;

/**
 * Implemented by processors that must act when all their inputs have gone idle, before their
 * consumers stop waiting for them: a window accumulate stage hands on its open frames, so that a
 * downstream combine which now ignores this instance does not close windows without them.
 *
 * <p>The runtime calls {@link #onAllInputsIdle()} instead of forwarding {@code Watermark.IDLE}
 * itself; the processor must emit {@code outbox.addWatermark(Long.MAX_VALUE)} (the idle marker)
 * once it has emitted what it holds, possibly in a later call when the outbox was full.
 */
public interface IdleAware {
    /** All inputs are idle: emit what must go out first, then the idle marker. */
    void onAllInputsIdle() throws Exception;
}
