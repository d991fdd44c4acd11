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
    /** The chain member a failure below this emitter is attributed to: the next step, or this step for the outbox. */
    private final int failureMember;

    Emitter(FusedProcessor owner, ItemProcessor next, int nextIndex) {
        this.owner = owner;
        this.next = next;
        this.nextIndex = nextIndex;
        this.failureMember = next instanceof FusedProcessor.OutboxStep ? nextIndex : nextIndex + 1;
    }

    /** Passes {@code item} (not {@code null}) to the next step. */
    public void emit(Object item) throws Exception {
        owner.emitted++;
        owner.totalEmitted++;
        try {
            next.processItem(item);
        } catch (Throwable t) {
            owner.noteFailure(failureMember);
            throw t;
        }
    }

    /**
     * Emits {@code item} to output ordinal {@code ordinal} of the vertex. Only the last step of a
     * chain can address ordinals other than 0 (its emitter leads to the vertex's outbox); for it,
     * ordinal 0 is the main output. For any other step ordinal 0 is {@link #emit} and other
     * ordinals are an error.
     */
    public void emit(int ordinal, Object item) throws Exception {
        if (next instanceof FusedProcessor.OutboxStep last) {
            owner.emitted++;
            try {
                last.outbox.add(ordinal, item);
            } catch (Throwable t) {
                owner.noteFailure(failureMember);
                throw t;
            }
        } else if (ordinal == 0) {
            emit(item);
        } else {
            throw new IllegalArgumentException("a fused step that is not the last of its chain has one output (ordinal 0),"
                    + " but it emitted to ordinal " + ordinal);
        }
    }

    /** Whether this emitter leads to the vertex's outbox (its step is the last of the chain). */
    public boolean isLast() {
        return next instanceof FusedProcessor.OutboxStep;
    }

    /** The number of output ordinals the step can address (the outbox's for the last step, else 1). */
    public int outputCount() {
        return next instanceof FusedProcessor.OutboxStep last ? last.outbox.outputCount() : 1;
    }

    /** The step this emitter passes items to (package-private: for wrapping steps). */
    ItemProcessor next() {
        return next;
    }

    /** An emitter at the same chain position that passes items to {@code target} instead. */
    Emitter redirect(ItemProcessor target) {
        return new Emitter(owner, target, nextIndex);
    }

    /**
     * Passes a watermark to the steps after this one and then to the outbox, in order, at once:
     * items this step emits afterwards do not overtake it.
     */
    public void emitWatermark(long timestamp) throws Exception {
        owner.forwardEmittedWatermark(nextIndex, timestamp);
    }

    /** Whether a re-entrant {@code complete()} should return {@code false} now. */
    public boolean hasReachedLimit() {
        return owner.hasReachedLimit();
    }
}
