package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Barrier;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.core.WakeUpAware;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * Drives one processor instance: feeds it input batches, coalesces watermarks, honours input
 * priorities, aligns snapshot barriers and takes snapshots, calls {@code completeEdge}/{@code
 * complete}, and hands what it emits to its {@link OutboundCollectors} (per-outlet batches routed
 * by the edges' policies). Pure Java and single-threaded: the runtime's GraphStage calls it from
 * the stream interpreter, the test kits call it directly.
 *
 * <p>Design note. The driver is a state machine ({@link DriverState}, as Jet's
 * {@code ProcessorTasklet}): only {@code PROCESSING} takes input; every other state is a
 * processor call that may return {@code false} and is repeated on the next {@link #runPending},
 * {@link #tick} or {@link #onWakeUp} before anything else happens. An item that arrives while the
 * driver is not {@code PROCESSING} (the stage had pulled its inlet before) is kept, at most one per
 * inlet since an inlet is pulled once per item, and handed to the processor when the driver is
 * back to {@code PROCESSING}, in arrival order per inlet, with that inlet's completion behind it.
 *
 * <p>Output is soft-bounded (see {@link OutboundCollectors}): the driver neither takes input nor
 * calls re-entrant methods while {@link #hasReachedLimit()}; snapshot and commit calls ignore the
 * limit (a barrier is not a batch).
 *
 * <p>Snapshots ({@link #enableSnapshots}). With {@code EXACTLY_ONCE} barriers are aligned (an inlet
 * that delivered barrier {@code n} waits for the others); with {@code AT_LEAST_ONCE} the snapshot
 * is taken when barrier {@code n} arrived on every input but no input waits; with {@code
 * AT_MOST_ONCE} the first barrier {@code n} triggers it ({@link BarrierAligner} explains what each
 * means for a restore). A source takes a snapshot when asked ({@link #requestSnapshot}). Taking
 * snapshot {@code n}:
 * <ol>
 *   <li>a watermark the processor deferred and pending edge completions are finished first: they
 *       come from input that arrived before the barrier, so they belong to the snapshot, and a
 *       forwarded watermark goes out before the barrier;</li>
 *   <li>{@code snapshotCommitPrepare()} until {@code true};</li>
 *   <li>{@code saveToSnapshot} until {@code true}, every pair going to
 *       {@link SnapshotListener#save};</li>
 *   <li>partial batches are flushed and {@code Barrier(n)} is queued on every outlet;</li>
 *   <li>{@link SnapshotListener#saved}.</li>
 * </ol>
 * {@link #snapshotCommitted} runs phase two ({@code snapshotCommitFinish}) before any later
 * input or snapshot, then tells {@link SnapshotListener#commitFinished}. A snapshot due before the
 * outcome of the previous one arrived (barrier {@code n + 1} overtook the coordinator's message
 * about {@code n}) waits in {@code SNAPSHOT_PREPARE}, taking no input, until it arrives: a
 * processor prepares at most one snapshot at a time, and commits or discards it before preparing
 * the next. So the coordinator must send the outcome of every snapshot to every live instance
 * before (or while) it starts the next one.
 * An input of lower priority is not pulled until the higher ones complete, so an aligned
 * snapshot with a never-ending higher-priority input waits forever (as in Jet).
 */
public final class ProcessorDriver {

    private final Processor processor;
    /** The processor, if it waits for asynchronous events ({@link WakeUpAware}), else {@code null}. */
    private final WakeUpAware wakeUpAware;
    private final boolean forwardsWatermarks;
    private final ProcessorContext context;
    private final OutboundCollectors outbox;

    // inputs
    private final int[] inletOrdinal;
    private final int[] inletPriority;
    private final boolean[] inletDone;
    private final int[] openInletsPerOrdinal;
    private int openInlets;
    private int currentPriority;
    private final WatermarkCoalescer coalescer;
    private final ArrayDeque<Integer> pendingEdgeCompletions = new ArrayDeque<>();
    private long pendingWatermark = WatermarkCoalescer.NONE;
    /** All inputs went idle while the processor could not be told; told when back to PROCESSING. */
    private boolean idlePending;
    /** Items that arrived while not PROCESSING, per inlet. */
    private final EdgeItem[] stashed;
    /** The inlet completed behind its stashed item. */
    private final boolean[] completionStashed;
    private int stashedCount;

    private DriverState state;
    private boolean completeCalled;
    private boolean closed;

    // snapshots
    private ProcessingGuarantee guarantee = ProcessingGuarantee.NONE;
    private SnapshotListener listener;
    private final BarrierAligner aligner;
    /** The snapshot due or being taken, or {@link BarrierAligner#NONE}. */
    private long dueSnapshot = BarrierAligner.NONE;
    /** The last snapshot a source was asked for. */
    private long lastRequested = BarrierAligner.NONE;
    /** The last snapshot whose {@code snapshotCommitPrepare} returned {@code true}. */
    private long lastPrepared = BarrierAligner.NONE;
    /** A snapshot was prepared and its commit has not been reported yet. */
    private boolean preparedUncommitted;
    private boolean commitPending;
    private boolean commitSuccess;
    /** The snapshot whose commit is pending, reported to the listener when it finished; {@link BarrierAligner#NONE} after a restore. */
    private long commitId = BarrierAligner.NONE;
    private long snapshotsTaken;
    private final SnapshotOutbox snapshotOutbox = this::saveEntry;

    /** Set from another thread by {@link #abort}; checked at each call from the stage and, in a fused chain, per item. */
    private volatile Exception abortCause;

    /**
     * A driver with the default byte budget per batch ({@link JobConfig#DEFAULT_MAX_BATCH_BYTES}).
     *
     * @see #ProcessorDriver(Processor, ProcessorContext, List, List, java.util.function.IntFunction, int, long, long)
     */
    public ProcessorDriver(Processor processor, ProcessorContext context, List<ExecutionPlan.InletSpec> inlets,
                           List<ExecutionPlan.OutletSpec> outlets, java.util.function.IntFunction<Edge> edgesByIndex,
                           int batchSize, long idleTimeoutNanos) {
        this(processor, context, inlets, outlets, edgesByIndex, batchSize, JobConfig.DEFAULT_MAX_BATCH_BYTES, idleTimeoutNanos);
    }

    /**
     * @param processor        the processor instance
     * @param context          its context
     * @param inlets           its inputs in stage inlet order
     * @param outlets          its outputs in stage outlet order
     * @param edgesByIndex     all edges of the DAG, by index (for routing)
     * @param batchSize        maximum items per emitted batch
     * @param maxBatchBytes    estimated bytes at which a batch is sealed before it is full; positive
     * @param idleTimeoutNanos input idle timeout for watermarks; 0 = never
     */
    public ProcessorDriver(Processor processor, ProcessorContext context, List<ExecutionPlan.InletSpec> inlets,
                           List<ExecutionPlan.OutletSpec> outlets, java.util.function.IntFunction<Edge> edgesByIndex,
                           int batchSize, long maxBatchBytes, long idleTimeoutNanos) {
        this.outbox = new OutboundCollectors(context.vertexName(), outlets, edgesByIndex, context.partitionCount(),
                batchSize, maxBatchBytes);
        this.processor = processor;
        this.wakeUpAware = processor instanceof WakeUpAware w && w.wantsWakeUps() ? w : null;
        this.forwardsWatermarks = processor.forwardsWatermarks();
        this.context = context;
        int n = inlets.size();
        this.inletOrdinal = new int[n];
        this.inletPriority = new int[n];
        this.inletDone = new boolean[n];
        this.stashed = new EdgeItem[n];
        this.completionStashed = new boolean[n];
        int maxOrdinal = -1;
        for (int i = 0; i < n; i++) {
            inletOrdinal[i] = inlets.get(i).ordinal();
            inletPriority[i] = inlets.get(i).priority();
            maxOrdinal = Math.max(maxOrdinal, inletOrdinal[i]);
        }
        this.openInletsPerOrdinal = new int[maxOrdinal + 1];
        for (int ord : inletOrdinal) {
            openInletsPerOrdinal[ord]++;
        }
        this.openInlets = n;
        this.currentPriority = minOpenPriority();
        this.coalescer = new WatermarkCoalescer(n, idleTimeoutNanos);
        this.aligner = new BarrierAligner(n);
        this.state = n == 0 ? DriverState.COMPLETING : DriverState.PROCESSING;
    }

    // ----------------------------------------------------------------------------------- lifecycle

    /**
     * Makes this instance take part in snapshots. Call before {@link #init()}. With
     * {@link ProcessingGuarantee#NONE} nothing changes: a {@link Barrier} on an input is an error.
     *
     * @param guarantee the job's guarantee: {@code EXACTLY_ONCE} aligns barriers, {@code AT_LEAST_ONCE}
     *                  snapshots at the last barrier without holding inputs, {@code AT_MOST_ONCE} at the first
     * @param listener  receives the saved state and the end of each snapshot
     */
    public void enableSnapshots(ProcessingGuarantee guarantee, SnapshotListener listener) {
        this.guarantee = java.util.Objects.requireNonNull(guarantee, "guarantee");
        this.listener = guarantee == ProcessingGuarantee.NONE ? null
                : java.util.Objects.requireNonNull(listener, "listener");
        aligner.setGuarantee(guarantee);
    }

    /** Initialises the processor. */
    public void init() throws Exception {
        processor.init(outbox, context);
    }

    /**
     * Restores the processor's state: {@code restoreFromSnapshot} per entry, {@code
     * finishSnapshotRestore()}, then {@code snapshotCommitFinish(true)} (repeated from {@link
     * #runPending}/{@link #tick} until it returns {@code true}, before any input) so that a sink
     * commits what the restored snapshot prepared. Call after {@link #init()}, before any input.
     */
    public void restore(Iterable<Map.Entry<Object, Object>> entries) throws Exception {
        checkAborted();
        try {
            for (Map.Entry<Object, Object> e : entries) {
                processor.restoreFromSnapshot(e.getKey(), e.getValue());
            }
            processor.finishSnapshotRestore();
            commitPending = true;
            commitSuccess = true;
            commitId = BarrierAligner.NONE;
            if (state != DriverState.DONE) {
                state = DriverState.COMMIT_FINISH;
            }
            advance(false);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    /**
     * Asks the processor to stop calling user code (thread-safe): a {@link Cancellable} processor
     * stops at its next item. The runtime stops the stage after this; the driver is not used again.
     */
    public void cancel() {
        if (processor instanceof Cancellable c) {
            c.cancel();
        }
    }

    /**
     * The stage a failure of the last call came from: the failing member of a fused chain as the
     * user named it, else {@code fallback} (the vertex's description).
     */
    public String failingStage(String fallback) {
        String label = processor instanceof FailureAttribution a ? a.failingMemberLabel() : null;
        return label != null ? label : fallback;
    }

    /** Closes the processor once; safe to call after a failure. */
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            processor.close();
        }
    }

    /**
     * Makes the next call from the stage ({@link #onItem}, {@link #runPending}, {@link #tick}) throw
     * {@code cause} instead of running the processor, so the stage fails with it. Thread-safe: the
     * node's heap watchdog calls it to stop a job at once, even while the stage is busy (a busy
     * stage may not see a stop request that goes through its actor's mailbox for a long time).
     */
    public void abort(Exception cause) {
        abortCause = cause;
        cancel(); // a fused chain busy in a long call stops at its next item, not at the next call
    }

    private void checkAborted() throws Exception {
        Exception cause = abortCause;
        if (cause != null) {
            throw cause;
        }
    }

    /** A processor that stopped because {@link #abort} cancelled it fails with the abort's cause. */
    private Exception abortedOr(Exception e) {
        Exception cause = abortCause;
        return cause != null && e instanceof java.util.concurrent.CancellationException ? cause : e;
    }

    public boolean isSource() {
        return inletOrdinal.length == 0;
    }

    public int inletCount() {
        return inletOrdinal.length;
    }

    public int outletCount() {
        return outbox.outletCount();
    }

    /** Whether the processor has finished, no commit is pending, and everything it emitted was taken from the outlets. */
    public boolean isDone() {
        return state == DriverState.DONE && !commitPending && outbox.isEmpty();
    }

    /** Whether the processor has finished (its output may still be queued). */
    public boolean isProcessorDone() {
        return state == DriverState.DONE;
    }

    /** What the driver is doing now, for tests and diagnostics. */
    DriverState state() {
        return state;
    }

    /**
     * A number that grows whenever the processor made progress: items emitted, snapshots taken, plus
     * work done inside a fused chain that emits nothing (sources use it to detect an idle call).
     */
    public long emittedItems() {
        long n = outbox.emittedItems() + snapshotsTaken;
        return processor instanceof ProgressReporting p ? n + p.progressCount() : n;
    }

    // ---------------------------------------------------------------------------------- input side

    /** Whether enough output is queued (in batches or in estimated bytes) that no new work should start. */
    public boolean hasReachedLimit() {
        return outbox.hasReachedLimit();
    }

    /** Whether the stage may pull inlet {@code inlet} now. */
    public boolean wantsInput(int inlet) {
        return state == DriverState.PROCESSING && !inletDone[inlet] && stashed[inlet] == null
                && !aligner.isHeld(inlet) && inletPriority[inlet] <= currentPriority && !outbox.hasReachedLimit()
                && (wakeUpAware == null || wakeUpAware.acceptsInput());
    }

    /**
     * Gives a {@link WakeUpAware} processor the callback it calls (from any thread) when an
     * asynchronous event it waits for happened; the runtime must answer it by calling
     * {@link #onWakeUp()} on the stage's thread. Call before {@link #init()}. No-op for other processors.
     */
    public void setWakeUp(Runnable wakeUp) {
        if (wakeUpAware != null) {
            wakeUpAware.setWakeUp(wakeUp);
        }
    }

    /** Whether the processor asked for wake-ups ({@link WakeUpAware}). */
    public boolean wantsWakeUps() {
        return wakeUpAware != null;
    }

    /**
     * The processor asked to be woken: lets it emit what its asynchronous events produced
     * ({@code tryProcess()}), unless output is at the limit (then the next tick or pull does it);
     * during a snapshot or commit it retries that step instead. The caller should then run
     * {@link #runPending()}, which retries a deferred watermark or completion.
     */
    public void onWakeUp() throws Exception {
        checkAborted();
        try {
            if (isSnapshotOrCommitStep()) {
                advance(false);
            } else if (state != DriverState.DONE && !outbox.hasReachedLimit()) {
                processor.tryProcess();
            }
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private boolean isSnapshotOrCommitStep() {
        return state == DriverState.SNAPSHOT_PREPARE || state == DriverState.SNAPSHOT_SAVE
                || state == DriverState.COMMIT_FINISH;
    }

    /** Handles one item that arrived on {@code inlet}. */
    public void onItem(int inlet, EdgeItem item, long nowNanos) throws Exception {
        checkAborted();
        try {
            if (state != DriverState.PROCESSING) {
                stash(inlet, item);
                return;
            }
            dispatch(inlet, item, nowNanos);
            if (dueSnapshot != BarrierAligner.NONE) {
                advance(false); // a barrier made a snapshot due: take it now, before any other input
            }
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private void stash(int inlet, EdgeItem item) {
        if (stashed[inlet] != null) {
            throw new IllegalStateException("inlet " + inlet + " of '" + context.vertexName()
                    + "' delivered a second item while the driver was not taking input; pull an inlet only when wantsInput()");
        }
        stashed[inlet] = item;
        stashedCount++;
    }

    private void dispatch(int inlet, EdgeItem item, long nowNanos) throws Exception {
        if (item instanceof Batch batch) {
            coalescer.observeActivity(inlet, nowNanos);
            if (!batch.isEmpty()) {
                processor.process(inletOrdinal[inlet], batch);
            }
        } else if (item instanceof Watermark wm) {
            long coalesced = coalescer.observeWatermark(inlet, wm.timestamp(), nowNanos);
            if (coalesced != WatermarkCoalescer.NONE) {
                offerWatermark(coalesced);
            }
        } else if (item instanceof Barrier barrier) {
            if (guarantee == ProcessingGuarantee.NONE) {
                throw new IllegalStateException("'" + context.vertexName() + "' received snapshot barrier "
                        + barrier.snapshotId() + ", but snapshots are not enabled for it (processing guarantee NONE)");
            }
            long due = aligner.onBarrier(inlet, barrier.snapshotId(), inletDone, openInlets);
            if (due != BarrierAligner.NONE) {
                dueSnapshot = due;
            }
        }
    }

    /** Inlet {@code inlet} has no more items. */
    public void onInletComplete(int inlet, long nowNanos) throws Exception {
        if (inletDone[inlet] || completionStashed[inlet]) {
            return;
        }
        if (stashed[inlet] != null) {
            completionStashed[inlet] = true; // after the item it delivered before
            return;
        }
        inletCompleted(inlet);
        runPending();
    }

    private void inletCompleted(int inlet) throws Exception {
        inletDone[inlet] = true;
        openInlets--;
        if (--openInletsPerOrdinal[inletOrdinal[inlet]] == 0) {
            pendingEdgeCompletions.add(inletOrdinal[inlet]);
        }
        currentPriority = minOpenPriority();
        long due = aligner.onInletDone(inlet);
        if (due != BarrierAligner.NONE) {
            dueSnapshot = due;
        }
        long coalesced = coalescer.inputDone(inlet);
        if (coalesced != WatermarkCoalescer.NONE && openInlets > 0) {
            offerWatermark(coalesced);
        }
    }

    private int minOpenPriority() {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < inletPriority.length; i++) {
            if (!inletDone[i]) {
                min = Math.min(min, inletPriority[i]);
            }
        }
        return min;
    }

    private void offerWatermark(long timestamp) throws Exception {
        if (timestamp == WatermarkCoalescer.IDLE) {
            // all inputs idle: tell consumers; time did not move, so the processor's watermark
            // handling is not involved, but a processor holding partial state may hand it on first
            if (pendingWatermark == WatermarkCoalescer.NONE) {
                if (state != DriverState.PROCESSING) {
                    idlePending = true;
                } else {
                    signalIdle();
                }
            }
            return;
        }
        if (pendingWatermark != WatermarkCoalescer.NONE) {
            pendingWatermark = Math.max(pendingWatermark, timestamp);
            return;
        }
        pendingWatermark = timestamp;
        if (state == DriverState.PROCESSING) {
            if (processor.tryProcessWatermark(timestamp)) {
                forwardWatermark();
            } else {
                state = DriverState.PROCESS_WATERMARK;
            }
        } // else the state machine gets to it (nextState)
    }

    private void forwardWatermark() {
        if (forwardsWatermarks) {
            outbox.addWatermark(pendingWatermark);
        }
        pendingWatermark = WatermarkCoalescer.NONE;
    }

    private void signalIdle() throws Exception {
        idlePending = false;
        if (processor instanceof IdleAware idleAware) {
            idleAware.onAllInputsIdle();
        } else {
            outbox.addWatermark(Long.MAX_VALUE);
        }
    }

    /**
     * Does pending work: a watermark the processor deferred, edge completions, a due snapshot or
     * commit, and, once all inputs are done (or for a source), {@code complete()}. Stops when
     * output reaches the limit (snapshot and commit steps ignore the limit).
     */
    public void runPending() throws Exception {
        checkAborted();
        try {
            advance(true);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    /**
     * Runs the state machine until a step must wait (the processor returned {@code false}, output is
     * at the limit, or there is nothing to do). {@code mayComplete}: whether {@code complete()} may be
     * called (once).
     */
    private void advance(boolean mayComplete) throws Exception {
        while (true) {
            switch (state) {
                case PROCESSING -> {
                    if (stashedCount > 0) {
                        replayStashed();
                    }
                    if (idlePending && state == DriverState.PROCESSING && pendingWatermark == WatermarkCoalescer.NONE) {
                        signalIdle();
                    }
                    if (state == DriverState.PROCESSING) {
                        DriverState next = nextState();
                        if (next == DriverState.PROCESSING) {
                            return;
                        }
                        state = next;
                    }
                }
                case PROCESS_WATERMARK -> {
                    if (outbox.hasReachedLimit() || !processor.tryProcessWatermark(pendingWatermark)) {
                        return;
                    }
                    forwardWatermark();
                    state = nextState();
                }
                case COMPLETE_EDGE -> {
                    if (outbox.hasReachedLimit() || !processor.completeEdge(pendingEdgeCompletions.peek())) {
                        return;
                    }
                    pendingEdgeCompletions.poll();
                    state = nextState();
                }
                case COMMIT_FINISH -> {
                    if (!processor.snapshotCommitFinish(commitSuccess)) {
                        return;
                    }
                    state = commitFinished();
                }
                case SNAPSHOT_PREPARE -> {
                    if (preparedUncommitted) {
                        return; // the outcome of the previous snapshot has not arrived yet: phase two comes first
                    }
                    if (!processor.snapshotCommitPrepare()) {
                        return;
                    }
                    lastPrepared = dueSnapshot;
                    preparedUncommitted = true;
                    state = DriverState.SNAPSHOT_SAVE;
                }
                case SNAPSHOT_SAVE -> {
                    if (!processor.saveToSnapshot(snapshotOutbox)) {
                        return;
                    }
                    long id = dueSnapshot;
                    outbox.addBarrier(new Barrier(id)); // flushes partial batches first
                    dueSnapshot = BarrierAligner.NONE;
                    snapshotsTaken++;
                    state = nextState();
                    listener.saved(id);
                }
                case COMPLETING -> {
                    DriverState next = nextState();
                    if (next != DriverState.COMPLETING) {
                        state = next;
                        continue;
                    }
                    if (!mayComplete || outbox.hasReachedLimit()) {
                        return;
                    }
                    completeCalled = true;
                    if (processor.complete()) {
                        state = DriverState.DONE;
                        outbox.flushAll();
                    }
                    return; // once per call: the stage moves the output in between
                }
                case DONE -> {
                    if (commitPending && processor.snapshotCommitFinish(commitSuccess)) {
                        commitFinished();
                    }
                    return;
                }
                default -> throw new AssertionError(state);
            }
        }
    }

    /** {@code snapshotCommitFinish} returned {@code true}: tells the listener; returns the next state. */
    private DriverState commitFinished() {
        commitPending = false;
        DriverState next = state == DriverState.DONE ? DriverState.DONE : nextState();
        long id = commitId;
        commitId = BarrierAligner.NONE;
        if (id != BarrierAligner.NONE && listener != null) {
            listener.commitFinished(id);
        }
        return next;
    }

    /** What to do next, in this order: commit, deferred watermark, edge completions, snapshot, complete, input. */
    private DriverState nextState() {
        if (commitPending) {
            return DriverState.COMMIT_FINISH;
        }
        if (pendingWatermark != WatermarkCoalescer.NONE) {
            return DriverState.PROCESS_WATERMARK;
        }
        if (!pendingEdgeCompletions.isEmpty()) {
            return DriverState.COMPLETE_EDGE;
        }
        if (dueSnapshot != BarrierAligner.NONE) {
            return DriverState.SNAPSHOT_PREPARE;
        }
        return openInlets == 0 ? DriverState.COMPLETING : DriverState.PROCESSING;
    }

    /** Hands stashed items (and completions behind them) to the processor until it leaves PROCESSING or a snapshot is due. */
    private void replayStashed() throws Exception {
        for (int i = 0; i < stashed.length && stashedCount > 0; i++) {
            EdgeItem item = stashed[i];
            if (item == null) {
                continue;
            }
            stashed[i] = null;
            stashedCount--;
            dispatch(i, item, System.nanoTime());
            if (completionStashed[i]) {
                completionStashed[i] = false;
                inletCompleted(i);
            }
            if (state != DriverState.PROCESSING || nextState() != DriverState.PROCESSING) {
                return;
            }
        }
    }

    private void saveEntry(Object key, Object value) {
        if (key == null || value == null) {
            throw new NullPointerException("processor of '" + context.vertexName() + "' saved a null "
                    + (key == null ? "key" : "value") + " to snapshot " + dueSnapshot);
        }
        listener.save(dueSnapshot, key, value);
    }

    /** Timer tick: flush partial batches, let the processor run timers, mark idle inputs, retry a deferred snapshot or commit step. */
    public void tick(long nowNanos) throws Exception {
        checkAborted();
        try {
            doTick(nowNanos);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private void doTick(long nowNanos) throws Exception {
        if (state == DriverState.DONE) {
            advance(false); // a pending commit
            return;
        }
        if (!isSource()) {
            long coalesced = coalescer.checkIdle(nowNanos);
            if (coalesced != WatermarkCoalescer.NONE) {
                offerWatermark(coalesced);
            }
        }
        if (isSnapshotOrCommitStep() || dueSnapshot != BarrierAligner.NONE) {
            advance(false);
        }
        if (!isSnapshotOrCommitStep() && state != DriverState.DONE) {
            processor.tryProcess();
        }
        outbox.flushAll();
    }

    /** Whether {@code complete()} has been called at least once. */
    public boolean isCompleting() {
        return completeCalled;
    }

    // ------------------------------------------------------------------------------------ snapshots

    /**
     * A source (no inlets) takes snapshot {@code snapshotId} at the next opportunity: the next
     * {@link #runPending} or {@link #tick}, between two processor calls. A source that is done
     * ignores it, and so does a source asked again for a snapshot it already took.
     *
     * @throws IllegalStateException if this is not a source or snapshots are not enabled
     */
    public void requestSnapshot(long snapshotId) {
        if (!isSource()) {
            throw new IllegalStateException("requestSnapshot is for sources, but '" + context.vertexName() + "' has "
                    + inletCount() + " input(s): it takes snapshots when barriers arrive");
        }
        if (guarantee == ProcessingGuarantee.NONE) {
            throw new IllegalStateException("snapshots are not enabled for '" + context.vertexName()
                    + "' (processing guarantee NONE); call enableSnapshots first");
        }
        if (state == DriverState.DONE || (lastRequested != BarrierAligner.NONE && snapshotId <= lastRequested)) {
            return;
        }
        if (dueSnapshot != BarrierAligner.NONE) {
            throw new IllegalStateException("snapshot " + snapshotId + " requested while snapshot " + dueSnapshot
                    + " is still being taken by '" + context.vertexName() + "'");
        }
        lastRequested = snapshotId;
        dueSnapshot = snapshotId;
    }

    /**
     * Snapshot {@code snapshotId} committed ({@code success}) or failed: calls {@code
     * snapshotCommitFinish(success)} for the last snapshot this instance prepared, now if possible,
     * else from {@link #runPending}/{@link #tick} until it returns {@code true}, before any later
     * input or snapshot, then {@link SnapshotListener#commitFinished}. If this instance prepared
     * nothing since the last commit, only tells the listener (at once).
     *
     * @throws IllegalStateException if this instance already prepared a newer snapshot (the
     *                               coordinator must start a snapshot only after the previous one's commit finished everywhere)
     */
    public void snapshotCommitted(long snapshotId, boolean success) throws Exception {
        checkAborted();
        if (!preparedUncommitted) {
            if (listener != null) {
                listener.commitFinished(snapshotId);
            }
            return;
        }
        if (snapshotId < lastPrepared || state == DriverState.SNAPSHOT_SAVE) {
            throw new IllegalStateException("snapshot " + snapshotId + " " + (success ? "committed" : "failed")
                    + " after '" + context.vertexName() + "' prepared snapshot " + lastPrepared
                    + "; start a snapshot only after every instance finished committing the previous one");
        }
        preparedUncommitted = false;
        commitPending = true;
        commitSuccess = success;
        commitId = snapshotId;
        try {
            if (state != DriverState.DONE) {
                state = DriverState.COMMIT_FINISH;
            }
            advance(false);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    /**
     * Saves the processor's state now, outside any snapshot, into {@code out}: an at-most-once
     * source records its offset this way, between two calls, before its output is pushed.
     *
     * @return {@code false} if the processor was not ready to save (its state was not recorded)
     */
    public boolean saveStateNow(io.sluice.engine.core.SnapshotOutbox out) throws Exception {
        checkAborted();
        return processor.saveToSnapshot(out);
    }

    /**
     * At most once, for a source whose vertex fuses later stages (perhaps a sink): {@code record}
     * gets the source's state after each of its calls and before that call's output reaches the
     * fused stages, so nothing is written before its offset is recorded.
     *
     * @return whether the processor does this; if not, its output waits in the outlets, and the
     *         runtime records the state after the call ({@link #saveStateNow}) before pushing it
     */
    public boolean recordSourceStateBeforeHandOff(io.sluice.engine.function.ConsumerEx<java.util.List<Object>> record) {
        return processor instanceof io.sluice.engine.impl.processor.FusedProcessor f
                && f.recordHeadStateBeforeHandOff(record);
    }

    /** The driver's state in one line, for diagnosing a stage that does not move (logged by the runtime). */
    public String describe() {
        StringBuilder sb = new StringBuilder("state=").append(state)
                .append(" dueSnapshot=").append(dueSnapshot == BarrierAligner.NONE ? "-" : String.valueOf(dueSnapshot))
                .append(" aligning=").append(aligner.isAligning())
                .append(" pendingWatermark=").append(pendingWatermark == WatermarkCoalescer.NONE ? "-" : String.valueOf(pendingWatermark))
                .append(" edgeCompletions=").append(pendingEdgeCompletions)
                .append(" commitPending=").append(commitPending)
                .append(" atLimit=").append(outbox.hasReachedLimit())
                .append(" stashed=").append(stashedCount)
                .append(" openInlets=").append(openInlets)
                .append(" wantsInput=[");
        for (int i = 0; i < inletOrdinal.length; i++) {
            sb.append(i > 0 ? "," : "").append(wantsInput(i) ? "y" : inletDone[i] ? "done" : aligner.isHeld(i) ? "held" : "n");
        }
        return sb.append("] emitted=").append(emittedItems()).toString();
    }

    /** Whether barriers arrived (or a source was asked) for a snapshot that this instance has not saved yet. */
    public boolean isSnapshotInProgress() {
        return dueSnapshot != BarrierAligner.NONE || aligner.isAligning();
    }

    /** Whether a {@code snapshotCommitFinish} (after {@link #snapshotCommitted} or {@link #restore}) has not returned {@code true} yet. */
    public boolean isCommitPending() {
        return commitPending;
    }

    /** The processing guarantee given to {@link #enableSnapshots}; {@code NONE} by default. */
    public ProcessingGuarantee processingGuarantee() {
        return guarantee;
    }

    // --------------------------------------------------------------------------------- output side

    /** Whether outlet {@code outlet} has an item ready. */
    public boolean hasOutput(int outlet) {
        return outbox.hasOutput(outlet);
    }

    /** Takes the next ready item of outlet {@code outlet}, or {@code null}. */
    public EdgeItem pollOutput(int outlet) {
        return outbox.poll(outlet);
    }

    /** The estimated bytes of all batches on the outlets, ready to go or still being filled. */
    public long queuedBytes() {
        return outbox.queuedBytes();
    }

    /** Moves all partial batches to the ready queues. */
    public void flushAll() {
        outbox.flushAll();
    }
}
