package io.sluice.engine.core;

/**
 * Optionally implemented by a {@link Processor} that waits for asynchronous events (a
 * {@code CompletableFuture} of a remote call completing on another thread) and must not block the
 * stage's thread while it waits.
 *
 * <p>The runtime gives the processor a wake-up callback before {@link Processor#init}. The
 * processor calls it, from any thread, when an event it waits for has happened; the runtime then
 * calls {@link Processor#tryProcess()} on the stage's thread soon after (and retries a deferred
 * watermark, {@code completeEdge} or {@code complete}), where the processor emits what the event
 * produced. Calls are coalesced: many wake-ups before the stage runs cause one {@code tryProcess}.
 * Without a wake-up the processor is still called on every timer tick (the batch wait time).
 *
 * <p>{@link #acceptsInput()} lets the processor stop the stage from pulling more input while it
 * holds as much work as it may (for example {@code maxConcurrentOps} requests in flight and a
 * batch of items waiting for a free slot); the runtime asks it before each pull, so input is
 * backpressured instead of buffered without bound.
 *
 * <pre>{@code
 * public void setWakeUp(Runnable wakeUp) { this.wakeUp = wakeUp; }
 * ...
 * future.whenComplete((r, e) -> wakeUp.run());
 * }</pre>
 */
public interface WakeUpAware {

    /**
     * Receives the thread-safe callback that asks the runtime to call the processor again soon.
     * Called once, before {@link Processor#init}; the callback does nothing after the processor closed.
     */
    void setWakeUp(Runnable wakeUp);

    /**
     * Whether this instance uses wake-ups at all (a wrapper, such as a fused chain, implements the
     * interface for its members and answers for them); read once, before {@link #setWakeUp}.
     */
    default boolean wantsWakeUps() {
        return true;
    }

    /** Whether the stage may give the processor another input batch now; read on the stage's thread. */
    default boolean acceptsInput() {
        return true;
    }
}
