package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.impl.execution.StateReporting;

/**
 * A vertex's processor made of a head {@link Processor} (a source, a multi-input processor such
 * as a hash join, a custom processor, or none: the identity) followed by a chain of fused
 * {@link ItemProcessor} steps.
 *
 * <p>Design notes:
 * <ul>
 * <li>Items flow by direct calls: the head's outbox (or, for the identity head, the loop over the
 * input batch) calls step 0's {@code processItem}; each step's {@link Emitter} calls the next
 * step's; the last step's emitter adds to the real outbox. Nothing is allocated per item.</li>
 * <li>{@code complete()} completes the members in order (head, then step 0, 1, ...): a member is
 * completed only after every member before it, so a stateful step has seen all its input. The
 * index of the member being completed survives re-entrant calls.</li>
 * <li>Pacing: {@link #hasReachedLimit()} is true when the real outbox says so or when about a
 * batch ({@code ProcessorContext.batchSize()}) has been emitted inside the chain in the current
 * call, so a chain ending in a fused sink still yields.</li>
 * <li>Watermarks a member emits go through the steps after it, in order; if a step asks to be
 * called again, the watermark is pending, {@code hasReachedLimit()} is true, and it is resumed
 * at the start of the next call. A newer watermark emitted meanwhile replaces the pending one
 * (watermarks only grow, so it subsumes it). Items must not overtake a watermark a member
 * <em>emits</em> (before the item that advanced it): a source head stops and keeps the rest of its
 * fill while the watermark is pending ({@code StreamSourceP}'s backlog), and should a head emit an
 * item anyway, the watermark is first pushed through with the limit lifted; a step (a timestamp
 * assigner) cannot stop its input, so its watermarks are always pushed through at once
 * ({@link #forwardEmittedWatermark}), like the output of one input batch.</li>
 * <li>A member that does not forward watermarks (a timestamp assigner) ends the input
 * watermark's way through the chain and swallows watermarks of members before it; the fused
 * processor then reports {@code forwardsWatermarks() == false} to the runtime.</li>
 * <li>Only the last step may emit to output ordinals other than 0 ({@link Emitter#emit(int, Object)}).</li>
 * <li>Snapshot keys are wrapped in {@link ChainKey} (member index, same hash) so members do not
 * collide and each key keeps its partition.</li>
 * <li>Exceptions of user functions propagate unchanged (checked ones too, through
 * {@link ProcessorUtil#sneakyThrow}); the member that threw is remembered on the way out (the
 * innermost catch in an {@link Emitter} wins), so the runtime can name the stage
 * ({@link #failingMemberLabel()}). A try/catch costs nothing until something is thrown.</li>
 * <li>Cancellation: {@link #cancel()} may be called from any thread; the flag is checked before
 * each input item, each item the head emits, and in {@link #hasReachedLimit()}, so user code stops
 * being called within one item.</li>
 * <li>Time slice: a re-entrant call (a source, a final emission) also yields once it has run for
 * about {@link #SLICE_NANOS} (checked every few {@code hasReachedLimit()} calls), so a slow fused
 * sink does not hold its thread for a whole batch. Cancellation does not wait for it.</li>
 * <li>{@code maxProcessorAccumulatedRecords} applies to each member on its own (as if each were a
 * processor); {@link #accumulatedRecords()} reports the sum, for the heap watchdog.</li>
 * </ul>
 */
public final class FusedProcessor implements Processor, io.sluice.engine.impl.execution.ProgressReporting,
        io.sluice.engine.impl.execution.IdleAware, io.sluice.engine.impl.execution.Cancellable,
        io.sluice.engine.impl.execution.FailureAttribution, StateReporting, io.sluice.engine.core.WakeUpAware {
    /** How long one re-entrant call may run before it yields (10 ms: 1 ms cost the Q5 latency benchmark ~20% at p50). */
    static final long SLICE_NANOS = 10_000_000L;
    /** {@code hasReachedLimit()} calls between two reads of the clock. */
    private static final int SLICE_CHECK_INTERVAL = 4;

    private final Processor head;
    /**
     * At most once: receives the head's saved state ({@code [ChainKey(0, k), v, ...]}) after each
     * {@code complete()} call of a source head and before that call's output goes on to the steps
     * (a fused sink would otherwise write before the source's offset is recorded); {@code null}
     * otherwise. While it is set, the head's output of a call is held and handed on after it.
     */
    private io.sluice.engine.function.ConsumerEx<java.util.List<Object>> beforeHandOff;
    private boolean holdingHeadOutput;
    /** The head's output held during a call: items and {@link HeldWatermark}s, in order. */
    private final java.util.ArrayList<Object> held = new java.util.ArrayList<>();

    private record HeldWatermark(long timestamp) {
    }

    /** The outbox of the head when steps follow it, else {@code null}. */
    private HeadOutbox headOutbox;
    private final ItemProcessor[] steps;
    /** Labels of the members: index 0 the head (or the identity), i the step i - 1. */
    private final String[] memberLabels;
    private String vertexName = "?";
    /** Set by another thread to stop; read before each item. */
    private volatile boolean cancelled;
    /** The member being called by the current top-level call (for failures outside the item path). */
    private int activeMember;
    /** The member whose exception is propagating, or -1. */
    private int failedMember = -1;
    private long sliceStart;
    private int sliceCountdown = SLICE_CHECK_INTERVAL;
    /** Calls that yielded because their time slice ran out (counts as progress). */
    private long sliceYields;
    private ItemProcessor first;
    private Outbox outbox;
    private int limit;
    /** Items emitted inside the chain during the current top-level call. */
    int emitted;
    /** Items emitted inside the chain since the start (progress for the runtime). */
    long totalEmitted;
    private int completeIndex;
    private int watermarkIndex;
    private int saveIndex;
    /** The member whose {@code snapshotCommitPrepare} / {@code snapshotCommitFinish} runs next (resumable, like {@link #saveIndex}). */
    private int prepareIndex;
    private int finishIndex;
    private int pendingWatermarkStep = -1;
    private long pendingWatermark;
    /**
     * True while a step handles the pending watermark: it may emit (paced by the batch limit and the
     * outbox), while members before it must wait until the watermark has passed.
     */
    private boolean handingOnWatermark;
    /** True while an emitted watermark is pushed through the chain at once: the limit is lifted. */
    private boolean forcingWatermark;
    /** The last member (0 = head) that receives the input watermark: the first that does not forward watermarks, or the last step. */
    private final int lastInputWatermarkMember;

    /**
     * @param head  the head processor, or {@code null} for the identity
     * @param steps the fused steps, in order
     */
    public FusedProcessor(Processor head, ItemProcessor... steps) {
        this(head, null, steps);
    }

    /**
     * @param head         the head processor, or {@code null} for the identity
     * @param memberLabels the members' labels (head first, then one per step) for failure
     *                     messages, or {@code null}
     * @param steps        the fused steps, in order
     */
    public FusedProcessor(Processor head, String[] memberLabels, ItemProcessor... steps) {
        this.head = head;
        this.steps = steps.clone();
        this.memberLabels = new String[this.steps.length + 1];
        if (memberLabels != null) {
            System.arraycopy(memberLabels, 0, this.memberLabels, 0, Math.min(memberLabels.length, this.memberLabels.length));
        }
        int last = this.steps.length;
        if (head != null && !head.forwardsWatermarks()) {
            last = 0;
        } else {
            for (int i = 0; i < this.steps.length; i++) {
                if (!this.steps[i].forwardsWatermarks()) {
                    last = i + 1;
                    break;
                }
            }
        }
        this.lastInputWatermarkMember = last;
    }

    /**
     * {@code false} when a member (the head or a step) replaces event time: the input watermark
     * then stops at that member, and only watermarks emitted by it (or later members) go out.
     */
    @Override
    public boolean forwardsWatermarks() {
        return lastInputWatermarkMember == steps.length && (head == null || head.forwardsWatermarks())
                && (steps.length == 0 || steps[steps.length - 1].forwardsWatermarks());
    }

    /** Hands the wake-up callback to a head that waits for asynchronous events (an async service stage). */
    @Override
    public void setWakeUp(Runnable wakeUp) {
        if (head instanceof io.sluice.engine.core.WakeUpAware w) {
            w.setWakeUp(wakeUp);
        }
    }

    @Override
    public boolean wantsWakeUps() {
        return head instanceof io.sluice.engine.core.WakeUpAware w && w.wantsWakeUps();
    }

    @Override
    public boolean acceptsInput() {
        return !(head instanceof io.sluice.engine.core.WakeUpAware w) || w.acceptsInput();
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        this.outbox = outbox;
        this.limit = Math.max(1, context.batchSize());
        this.vertexName = context.vertexName();
        startCall();
        ItemProcessor toOutbox = new OutboxStep(outbox);
        for (int i = 0; i < steps.length; i++) {
            ItemProcessor next = i + 1 < steps.length ? steps[i + 1] : toOutbox;
            activeMember = i + 1;
            steps[i].init(new Emitter(this, next, i + 1), context);
        }
        first = steps.length > 0 ? steps[0] : toOutbox;
        if (head != null) {
            activeMember = 0;
            headOutbox = steps.length > 0 ? new HeadOutbox() : null;
            head.init(steps.length > 0 ? headOutbox : outbox, context);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (head instanceof io.sluice.engine.impl.execution.Cancellable c) {
            c.cancel();
        }
        for (ItemProcessor step : steps) {
            if (step instanceof io.sluice.engine.impl.execution.Cancellable c) {
                c.cancel();
            }
        }
    }

    @Override
    public String failingMemberLabel() {
        int member = failedMember >= 0 ? failedMember : activeMember;
        return memberLabels[Math.min(member, memberLabels.length - 1)];
    }

    /** Remembers that member {@code member} threw, unless a member nearer the throw already did. */
    void noteFailure(int member) {
        if (failedMember < 0) {
            failedMember = member;
        }
    }

    /** The exception thrown once the flag is seen. */
    private RuntimeException cancelledException() {
        return io.sluice.engine.impl.execution.Cancellable.cancelled(vertexName);
    }

    /** The start of a top-level call: pacing, time slice and failure attribution start over. */
    private void startCall() {
        emitted = 0;
        failedMember = -1;
        sliceStart = System.nanoTime();
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        startCall();
        resumeWatermarkBeforeInput();
        if (head == null) {
            Object[] items = batch.array();
            ItemProcessor target = first;
            try {
                for (int i = 0, n = batch.size(); i < n; i++) {
                    if (cancelled) {
                        throw cancelledException();
                    }
                    target.processItem(items[i]);
                }
            } catch (Throwable t) {
                noteFailure(1);
                throw t;
            }
        } else {
            activeMember = 0;
            head.process(ordinal, batch);
        }
        endBatch();
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        startCall();
        if (!resumePendingWatermark()) {
            return false;
        }
        try {
            while (watermarkIndex <= lastInputWatermarkMember) {
                activeMember = watermarkIndex;
                boolean done = watermarkIndex == 0
                        ? head == null || head.tryProcessWatermark(timestamp)
                        : steps[watermarkIndex - 1].tryProcessWatermark(timestamp);
                if (!done) {
                    return false;
                }
                watermarkIndex++;
            }
            if (pendingWatermarkStep >= 0) {
                return false; // resumed first thing in the next call; watermarkIndex stays past the end
            }
            watermarkIndex = 0;
            return true;
        } finally {
            endBatch();
        }
    }

    @Override
    public boolean tryProcess() throws Exception {
        startCall();
        if (!resumePendingWatermark()) {
            return false;
        }
        activeMember = 0;
        boolean done = head == null || head.tryProcess();
        for (int i = 0; i < steps.length; i++) {
            activeMember = i + 1;
            done &= steps[i].tryProcess();
        }
        endBatch();
        return done;
    }

    @Override
    public boolean completeEdge(int ordinal) throws Exception {
        startCall();
        activeMember = 0;
        boolean done = head == null || head.completeEdge(ordinal);
        endBatch();
        return done;
    }

    @Override
    public boolean complete() throws Exception {
        startCall();
        if (!resumePendingWatermark()) {
            return false;
        }
        while (completeIndex <= steps.length) {
            activeMember = completeIndex;
            boolean done = completeIndex == 0
                    ? head == null || completeHead()
                    : steps[completeIndex - 1].complete();
            endBatch();
            if (!done) {
                return false;
            }
            completeIndex++;
            if (completeIndex <= steps.length && hasReachedLimit()) {
                return false;
            }
        }
        return pendingWatermarkStep < 0;
    }

    /**
     * At most once, for a source head: hold the head's output of each {@code complete()} call, give
     * {@code record} the head's state, then hand the output on to the steps, so that no fused step
     * or sink sees an item before the offset that covers it was recorded.
     *
     * @return {@code true}; {@code false} if no step follows a head (the runtime records after the call)
     */
    public boolean recordHeadStateBeforeHandOff(io.sluice.engine.function.ConsumerEx<java.util.List<Object>> record) {
        if (head == null || steps.length == 0) {
            return false; // nothing fused after the head: its output waits in the outlets until recorded
        }
        this.beforeHandOff = record;
        return true;
    }

    private boolean completeHead() throws Exception {
        if (beforeHandOff == null) {
            return head.complete();
        }
        boolean done;
        java.util.List<Object> pairs = new java.util.ArrayList<>();
        boolean saved;
        holdingHeadOutput = true;
        try {
            done = head.complete();
            if (held.isEmpty()) {
                return done;
            }
            // held too: a head that drains held-back items while saving (StreamSourceP) emits them here
            saved = head.saveToSnapshot((key, value) -> {
                pairs.add(new ChainKey(0, key));
                pairs.add(value);
            });
        } finally {
            holdingHeadOutput = false;
        }
        if (saved || done) { // else keep holding: handed on after the next call's record
            if (saved) {
                beforeHandOff.acceptEx(pairs);
            }
            Object[] output = held.toArray();
            held.clear();
            for (Object o : output) {
                if (o instanceof HeldWatermark w) {
                    headOutbox.addWatermark(w.timestamp());
                } else {
                    headOutbox.add(o);
                }
            }
        }
        return done;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        // a call like any other: a source head may first emit what it holds back (its backlog)
        // through the chain, paced by the limit of this call, behind a watermark still pending
        startCall();
        if (!resumePendingWatermark()) {
            return false;
        }
        while (saveIndex <= steps.length) {
            int member = saveIndex;
            activeMember = member;
            SnapshotOutbox wrapping = (key, value) -> snapshot.save(new ChainKey(member, key), value);
            boolean done = member == 0
                    ? head == null || head.saveToSnapshot(wrapping)
                    : steps[member - 1].saveToSnapshot(wrapping);
            if (member == 0) {
                endBatch();
            }
            if (!done) {
                return false;
            }
            saveIndex++;
        }
        saveIndex = 0;
        return true;
    }

    /** Phase one for every member, in chain order (a fused sink is a member). */
    @Override
    public boolean snapshotCommitPrepare() throws Exception {
        while (prepareIndex <= steps.length) {
            activeMember = prepareIndex;
            boolean done = prepareIndex == 0
                    ? head == null || head.snapshotCommitPrepare()
                    : steps[prepareIndex - 1].snapshotCommitPrepare();
            if (!done) {
                return false;
            }
            prepareIndex++;
        }
        prepareIndex = 0;
        return true;
    }

    /** Phase two for every member, in chain order. */
    @Override
    public boolean snapshotCommitFinish(boolean success) throws Exception {
        while (finishIndex <= steps.length) {
            activeMember = finishIndex;
            boolean done = finishIndex == 0
                    ? head == null || head.snapshotCommitFinish(success)
                    : steps[finishIndex - 1].snapshotCommitFinish(success);
            if (!done) {
                return false;
            }
            finishIndex++;
        }
        finishIndex = 0;
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) throws Exception {
        if (!(key instanceof ChainKey chainKey) || chainKey.member() < 0 || chainKey.member() > steps.length) {
            throw new IllegalStateException("snapshot key " + key + " does not belong to this fused chain of "
                    + (steps.length + 1) + " members; was the job's pipeline changed since the snapshot?");
        }
        if (chainKey.member() == 0) {
            if (head != null) {
                head.restoreFromSnapshot(chainKey.key(), value);
            }
        } else {
            steps[chainKey.member() - 1].restoreFromSnapshot(chainKey.key(), value);
        }
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        if (head != null) {
            head.finishSnapshotRestore();
        }
        for (ItemProcessor step : steps) {
            step.finishSnapshotRestore();
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        if (head != null) {
            failure = closeQuietly(head::close, null);
        }
        for (ItemProcessor step : steps) {
            failure = closeQuietly(step::close, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static Exception closeQuietly(Closer closer, Exception failure) {
        try {
            closer.close();
        } catch (Exception e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Whether members should stop emitting in a re-entrant call. */
    /**
     * All inputs are idle: the idle marker goes through the steps (a window accumulate step hands
     * on its open frames on it, see {@code ProcessorBodyStep}) and then out, exactly like an idle
     * marker a head emits. The head is not involved (for it, time did not move), unless it is
     * {@link io.sluice.engine.impl.execution.IdleAware} itself (a stream join that may still emit
     * results below its watermark): then it emits the idle marker when it is ready.
     */
    @Override
    public void onAllInputsIdle() throws Exception {
        startCall();
        if (head instanceof io.sluice.engine.impl.execution.IdleAware idleAwareHead) {
            // a head holding items (an async stage, a stream join) emits the idle marker behind them, through the steps
            activeMember = 0;
            idleAwareHead.onAllInputsIdle();
        } else {
            forwardWatermark(0, Long.MAX_VALUE);
        }
        endBatch();
    }

    @Override
    public long progressCount() {
        return totalEmitted + sliceYields;
    }

    /** The records all members hold (each member's own limit is checked by the member). */
    @Override
    public long accumulatedRecords() {
        long sum = head instanceof StateReporting r ? r.accumulatedRecords() : 0;
        for (ItemProcessor step : steps) {
            sum += step.accumulatedRecords();
        }
        return sum;
    }

    boolean hasReachedLimit() {
        if (cancelled) {
            throw cancelledException();
        }
        if (forcingWatermark) {
            return false;
        }
        if ((pendingWatermarkStep >= 0 && !handingOnWatermark) || emitted >= limit || outbox.hasReachedLimit()) {
            return true;
        }
        if (--sliceCountdown <= 0) {
            sliceCountdown = SLICE_CHECK_INTERVAL;
            if (System.nanoTime() - sliceStart > SLICE_NANOS) {
                // out of time: the rest of this call yields like a full batch, and counts as progress
                // so that the runtime calls again rather than taking the processor for idle
                emitted = limit;
                sliceYields++;
                return true;
            }
        }
        return false;
    }

    private void endBatch() throws Exception {
        for (int i = 0; i < steps.length; i++) {
            activeMember = i + 1;
            steps[i].endBatch();
        }
    }

    /** Passes a watermark emitted inside the chain to steps {@code fromStep..} and then the outbox. */
    void forwardWatermark(int fromStep, long timestamp) throws Exception {
        if (pendingWatermarkStep >= 0) {
            // Watermarks only grow, so the newer one subsumes the pending one: the refusing step
            // (and any step from fromStep on) gets the newer value instead. An idle marker does
            // not replace a real pending watermark.
            if (timestamp != Long.MAX_VALUE) {
                pendingWatermark = Math.max(pendingWatermark, timestamp);
                pendingWatermarkStep = Math.min(pendingWatermarkStep, fromStep);
            }
            return;
        }
        pendingWatermark = timestamp;
        pendingWatermarkStep = fromStep;
        resumePendingWatermark();
    }

    /**
     * A watermark a member emitted in its item flow (before the item that advanced it): forwarded
     * like {@link #forwardWatermark}, and if a step asked to be called again it is pushed through
     * at once with the limit lifted, so that the member's next items cannot overtake it.
     */
    void forwardEmittedWatermark(int fromStep, long timestamp) throws Exception {
        forwardWatermark(fromStep, timestamp);
        if (pendingWatermarkStep >= 0 && !handingOnWatermark && !forcingWatermark) {
            forcePendingWatermark();
        }
    }

    /** Pushes the pending watermark through the remaining steps with the limit lifted. */
    private void forcePendingWatermark() {
        forcingWatermark = true;
        try {
            resumeWatermarkBeforeInput();
        } catch (Exception e) {
            throw ProcessorUtil.sneakyThrow(e);
        } finally {
            forcingWatermark = false;
        }
    }

    private boolean resumePendingWatermark() throws Exception {
        if (pendingWatermarkStep < 0) {
            return true;
        }
        for (int i = pendingWatermarkStep; i < steps.length; i++) {
            boolean done;
            activeMember = i + 1;
            handingOnWatermark = true;
            try {
                done = steps[i].tryProcessWatermark(pendingWatermark);
            } finally {
                handingOnWatermark = false;
            }
            if (!done) {
                pendingWatermarkStep = i;
                return false;
            }
            if (!steps[i].forwardsWatermarks()) {
                pendingWatermarkStep = -1; // swallowed: this step makes its own event time
                return true;
            }
        }
        pendingWatermarkStep = -1;
        outbox.addWatermark(pendingWatermark);
        return true;
    }

    private void resumeWatermarkBeforeInput() throws Exception {
        for (int attempt = 0; !resumePendingWatermark(); attempt++) {
            if (attempt == 1000) {
                throw new IllegalStateException("step " + pendingWatermarkStep + " of the fused chain keeps refusing watermark "
                        + pendingWatermark + " (tryProcessWatermark returns false) while input is waiting");
            }
        }
    }

    /** The last link of the chain: the vertex's outbox. */
    static final class OutboxStep implements ItemProcessor {
        final Outbox outbox;

        OutboxStep(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void processItem(Object item) {
            outbox.add(item);
        }
    }

    /** The head's outbox: items go straight into step 0. */
    private final class HeadOutbox implements Outbox {
        @Override
        public void add(Object item) {
            if (cancelled) {
                throw cancelledException();
            }
            if (holdingHeadOutput) {
                held.add(item);
                emitted++; // paces the head as if handed on
                return;
            }
            if (pendingWatermarkStep >= 0 && !handingOnWatermark) {
                forcePendingWatermark(); // the item must not overtake the head's pending watermark
            }
            emitted++;
            totalEmitted++;
            try {
                first.processItem(item);
            } catch (Throwable t) {
                noteFailure(1);
                throw ProcessorUtil.sneakyThrow(t);
            }
        }

        @Override
        public void add(int ordinal, Object item) {
            if (ordinal != 0) {
                throw new IllegalArgumentException("a processor fused with later stages has one output (ordinal 0), but it"
                        + " emitted to ordinal " + ordinal);
            }
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
            if (holdingHeadOutput) {
                held.add(new HeldWatermark(timestamp));
                return;
            }
            try {
                forwardWatermark(0, timestamp);
            } catch (Exception e) {
                throw ProcessorUtil.sneakyThrow(e);
            }
        }

        @Override
        public boolean hasReachedLimit() {
            return FusedProcessor.this.hasReachedLimit();
        }

        @Override
        public int outputCount() {
            return 1;
        }
    }
}
