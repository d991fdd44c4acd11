package io.sluice.engine.impl.processor;

/**
 * Where a fused step puts its output: a direct call of the next step's {@code processItem}
 * (or, for the last step, the vertex's outbox). Counts emissions so that a re-entrant
 * {@code complete()} yields after about a batch even when the chain ends in a fused sink.
 */
public final class Emitter {
    private final FusedProcessor owner;
    private final ItemProcessor next;
    private final int nextIndex;

    Emitter(FusedProcessor owner, ItemProcessor next, int nextIndex) {
        this.owner = owner;
        this.next = next;
        this.nextIndex = nextIndex;
    }

    /** Passes {@code item} (not {@code null}) to the next step. */
    public void emit(Object item) throws Exception {
        owner.emitted++;
        owner.totalEmitted++;
        next.processItem(item);
    }

    /** Passes a watermark to the steps after this one and then to the outbox, in order. */
    public void emitWatermark(long timestamp) throws Exception {
        owner.forwardWatermark(nextIndex, timestamp);
    }

    /** Whether a re-entrant {@code complete()} should return {@code false} now. */
    public boolean hasReachedLimit() {
        return owner.hasReachedLimit();
    }
}
