package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Barrier;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.core.WakeUpAware;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.job.JobConfig;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Drives one processor instance: feeds it input batches, coalesces watermarks, honours input
 * priorities, calls {@code completeEdge}/{@code complete}, and turns what it emits into
 * per-outlet batches routed by the edges' policies. Pure Java and single-threaded: the runtime's
 * GraphStage calls it from the stream interpreter, the test kits call it directly.
 *
 * <p>Design note. Output is soft-bounded: the processor may emit any amount within one call, but
 * the driver reports {@link #hasReachedLimit()} once about two full batches per outlet are waiting,
 * or once the estimated bytes queued on all outlets (ready and partial batches) reach as many
 * times the byte budget of a batch, and then neither accepts input nor calls re-entrant methods
 * until the stage drained them. A batch is sealed when it holds {@code batchSize} items or when
 * the estimated bytes of its items ({@link ItemSizeEstimator}) reach {@code maxBatchBytes}, so a
 * batch of large items stays around the byte budget (it exceeds it by less than one item) and the
 * stream buffers between instances, which count batches, are bounded in bytes too. A watermark is
 * queued behind everything emitted before it (partial batches are flushed first), so watermarks
 * never overtake data. Items on outlet queues are {@link Batch}es, {@link Watermark}s and, later,
 * {@link Barrier}s.
 */
public final class ProcessorDriver {

    private final Processor processor;
    /** The processor, if it waits for asynchronous events ({@link WakeUpAware}), else {@code null}. */
    private final WakeUpAware wakeUpAware;
    private final boolean forwardsWatermarks;
    private final ProcessorContext context;
    private final int batchSize;
    private final long maxBatchBytes;

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

    // outputs
    private final Outlet[] outlets;
    private final OutputEdge[] outputEdges;
    private final int readyLimit;
    private final long queuedBytesLimit;
    private final ItemSizeEstimator sizeEstimator = new ItemSizeEstimator();
    private int readyBatches;
    /** Estimated bytes of all batches on the outlets, ready and partial. */
    private long queuedBytes;
    private long emittedItems;

    private boolean completeCalled;
    private boolean processorDone;
    private boolean closed;
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
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, but was " + maxBatchBytes);
        }
        this.processor = processor;
        this.wakeUpAware = processor instanceof WakeUpAware w && w.wantsWakeUps() ? w : null;
        this.forwardsWatermarks = processor.forwardsWatermarks();
        this.context = context;
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        int n = inlets.size();
        this.inletOrdinal = new int[n];
        this.inletPriority = new int[n];
        this.inletDone = new boolean[n];
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

        this.outlets = new Outlet[outlets.size()];
        int maxOutOrdinal = -1;
        for (ExecutionPlan.OutletSpec o : outlets) {
            maxOutOrdinal = Math.max(maxOutOrdinal, o.ordinal());
        }
        this.outputEdges = new OutputEdge[maxOutOrdinal + 1];
        for (int i = 0; i < outlets.size(); i++) {
            this.outlets[i] = new Outlet(batchSize);
        }
        for (int ord = 0; ord <= maxOutOrdinal; ord++) {
            int first = -1;
            int count = 0;
            Edge edge = null;
            for (int i = 0; i < outlets.size(); i++) {
                if (outlets.get(i).ordinal() == ord) {
                    if (first < 0) {
                        first = i;
                        edge = edgesByIndex.apply(outlets.get(i).edgeIndex());
                    }
                    count++;
                }
            }
            if (edge == null) {
                // the consumer vertex has no instance connected to this producer (isolated edge with fewer consumers)
                outputEdges[ord] = new OutputEdge(RoutingPolicy.UNICAST, null, 0, 0, context.partitionCount());
            } else {
                outputEdges[ord] = new OutputEdge(edge.routing(), edge.partitionKeyFn(), first, count, context.partitionCount());
            }
        }
        this.readyLimit = Math.max(4, 2 * this.outlets.length);
        this.queuedBytesLimit = readyLimit * maxBatchBytes;
    }

    // ----------------------------------------------------------------------------------- lifecycle

    /** Initialises the processor. */
    public void init() throws Exception {
        processor.init(outbox, context);
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
        return outlets.length;
    }

    /** Whether the processor has finished and everything it emitted was taken from the outlets. */
    public boolean isDone() {
        return processorDone && readyBatches == 0 && allOutletsEmpty();
    }

    /** Whether the processor has finished (its output may still be queued). */
    public boolean isProcessorDone() {
        return processorDone;
    }

    /**
     * A number that grows whenever the processor made progress: items emitted, plus work done
     * inside a fused chain that emits nothing (sources use it to detect an idle call).
     */
    public long emittedItems() {
        return processor instanceof ProgressReporting p ? emittedItems + p.progressCount() : emittedItems;
    }

    // ---------------------------------------------------------------------------------- input side

    /** Whether enough output is queued (in batches or in estimated bytes) that no new work should start. */
    public boolean hasReachedLimit() {
        return readyBatches >= readyLimit || queuedBytes >= queuedBytesLimit;
    }

    /** Whether the stage may pull inlet {@code inlet} now. */
    public boolean wantsInput(int inlet) {
        return !inletDone[inlet] && inletPriority[inlet] <= currentPriority && !hasReachedLimit()
                && pendingWatermark == WatermarkCoalescer.NONE && pendingEdgeCompletions.isEmpty()
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
     * ({@code tryProcess()}), unless output is at the limit (then the next tick or pull does it).
     * The caller should then run {@link #runPending()}, which retries a deferred watermark or completion.
     */
    public void onWakeUp() throws Exception {
        checkAborted();
        try {
            if (!processorDone && !hasReachedLimit()) {
                processor.tryProcess();
            }
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    /** Handles one item that arrived on {@code inlet}. */
    public void onItem(int inlet, EdgeItem item, long nowNanos) throws Exception {
        checkAborted();
        try {
            handleItem(inlet, item, nowNanos);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private void handleItem(int inlet, EdgeItem item, long nowNanos) throws Exception {
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
        } else if (item instanceof Barrier) {
            throw new IllegalStateException("received a snapshot barrier, but this runtime does not take snapshots yet");
        }
    }

    /** Inlet {@code inlet} has no more items. */
    public void onInletComplete(int inlet, long nowNanos) throws Exception {
        if (inletDone[inlet]) {
            return;
        }
        inletDone[inlet] = true;
        openInlets--;
        if (--openInletsPerOrdinal[inletOrdinal[inlet]] == 0) {
            pendingEdgeCompletions.add(inletOrdinal[inlet]);
        }
        currentPriority = minOpenPriority();
        long coalesced = coalescer.inputDone(inlet);
        if (coalesced != WatermarkCoalescer.NONE && openInlets > 0) {
            offerWatermark(coalesced);
        }
        runPending();
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
                if (processor instanceof IdleAware idleAware) {
                    idleAware.onAllInputsIdle();
                } else {
                    outbox.addWatermark(Long.MAX_VALUE);
                }
            }
            return;
        }
        if (pendingWatermark != WatermarkCoalescer.NONE) {
            pendingWatermark = Math.max(pendingWatermark, timestamp);
            return;
        }
        pendingWatermark = timestamp;
        tryWatermark();
    }

    private void tryWatermark() throws Exception {
        if (processor.tryProcessWatermark(pendingWatermark)) {
            if (forwardsWatermarks) {
                outbox.addWatermark(pendingWatermark);
            }
            pendingWatermark = WatermarkCoalescer.NONE;
        }
    }

    /**
     * Does pending work: a watermark the processor deferred, edge completions, and, once all
     * inputs are done (or for a source), {@code complete()}. Stops when output reaches the limit.
     */
    public void runPending() throws Exception {
        checkAborted();
        try {
            doRunPending();
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private void doRunPending() throws Exception {
        if (processorDone) {
            return;
        }
        if (pendingWatermark != WatermarkCoalescer.NONE) {
            if (hasReachedLimit()) {
                return;
            }
            tryWatermark();
            if (pendingWatermark != WatermarkCoalescer.NONE) {
                return;
            }
        }
        while (!pendingEdgeCompletions.isEmpty()) {
            if (hasReachedLimit() || !processor.completeEdge(pendingEdgeCompletions.peek())) {
                return;
            }
            pendingEdgeCompletions.poll();
        }
        if (openInlets == 0 && !hasReachedLimit()) {
            completeCalled = true;
            if (processor.complete()) {
                processorDone = true;
                flushAll();
            }
        }
    }

    /** Timer tick: flush partial batches, let the processor run timers, mark idle inputs. */
    public void tick(long nowNanos) throws Exception {
        checkAborted();
        try {
            doTick(nowNanos);
        } catch (Exception e) {
            throw abortedOr(e);
        }
    }

    private void doTick(long nowNanos) throws Exception {
        if (processorDone) {
            return;
        }
        if (!isSource()) {
            long coalesced = coalescer.checkIdle(nowNanos);
            if (coalesced != WatermarkCoalescer.NONE) {
                offerWatermark(coalesced);
            }
        }
        processor.tryProcess();
        flushAll();
    }

    /** Whether {@code complete()} has been called at least once. */
    public boolean isCompleting() {
        return completeCalled;
    }

    // --------------------------------------------------------------------------------- output side

    /** Whether outlet {@code outlet} has an item ready. */
    public boolean hasOutput(int outlet) {
        return !outlets[outlet].ready.isEmpty();
    }

    /** Takes the next ready item of outlet {@code outlet}, or {@code null}. */
    public EdgeItem pollOutput(int outlet) {
        Outlet o = outlets[outlet];
        EdgeItem item = o.ready.poll();
        if (item instanceof Batch) {
            readyBatches--;
            queuedBytes -= o.readyBytes.poll();
        }
        return item;
    }

    /** The estimated bytes of all batches on the outlets, ready to go or still being filled. */
    public long queuedBytes() {
        return queuedBytes;
    }

    /** Moves all partial batches to the ready queues. */
    public void flushAll() {
        for (Outlet o : outlets) {
            o.flush();
        }
    }

    private boolean allOutletsEmpty() {
        for (Outlet o : outlets) {
            if (!o.ready.isEmpty() || o.size > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One output connection: the batch being filled and the sealed ones waiting for demand. A
     * batch is sealed when it holds {@code batchSize} items or its items' estimated bytes reach
     * {@code maxBatchBytes}.
     */
    private final class Outlet {
        final ArrayDeque<EdgeItem> ready = new ArrayDeque<>();
        /** Estimated bytes of each batch in {@link #ready}, in order (watermarks have none). */
        final ArrayDeque<Long> readyBytes = new ArrayDeque<>();
        Object[] items;
        int size;
        /** Estimated bytes of the partial batch. */
        long bytes;

        Outlet(int batchSize) {
            this.items = new Object[Math.min(batchSize, 64)];
        }

        /** Adds an item of about {@code itemBytes}; returns whether that sealed the batch. */
        boolean add(Object item, long itemBytes) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, Math.min(batchSize, size * 4));
            }
            items[size++] = item;
            bytes += itemBytes;
            queuedBytes += itemBytes;
            if (size == batchSize || bytes >= maxBatchBytes) {
                flush();
                return true;
            }
            return false;
        }

        /** Queues the partial batch, if any. */
        void flush() {
            if (size == 0) {
                return;
            }
            ready.add(Batch.wrap(items, size));
            readyBytes.add(bytes);
            readyBatches++;
            // the next batch starts with room for as many items as this one had (at least 64)
            items = new Object[Math.min(batchSize, Math.max(64, size))];
            size = 0;
            bytes = 0;
        }
    }

    private static final class OutputEdge {
        final RoutingPolicy routing;
        final FunctionEx<Object, Object> keyFn;
        final int first;
        final int count;
        final int partitionCount;
        int next;
        int sentToCurrent;

        OutputEdge(RoutingPolicy routing, FunctionEx<Object, Object> keyFn, int first, int count, int partitionCount) {
            this.routing = routing;
            this.keyFn = keyFn;
            this.first = first;
            this.count = count;
            this.partitionCount = partitionCount;
        }
    }

    private void route(OutputEdge e, Object item, long itemBytes) {
        if (e.count == 0) {
            return;
        }
        switch (e.routing) {
            case PARTITIONED -> {
                int partition = Partitioner.partition(e.keyFn.apply(item), e.partitionCount);
                outlets[e.first + Partitioner.owner(partition, e.count)].add(item, itemBytes);
            }
            case BROADCAST -> {
                for (int i = 0; i < e.count; i++) {
                    outlets[e.first + i].add(item, itemBytes);
                }
            }
            default -> {
                // unicast, isolated, all-to-one: fill one consumer's batch, then move to the next
                boolean sealed = outlets[e.first + e.next].add(item, itemBytes);
                if (e.count > 1 && (++e.sentToCurrent >= batchSize || sealed)) {
                    e.sentToCurrent = 0;
                    e.next = (e.next + 1) % e.count;
                }
            }
        }
    }

    private final Outbox outbox = new Outbox() {
        @Override
        public void add(Object item) {
            if (item == null) {
                throw new NullPointerException("processor of '" + context.vertexName() + "' emitted null");
            }
            emittedItems++;
            if (outputEdges.length == 0) {
                return;
            }
            long itemBytes = sizeEstimator.estimate(item); // once, however many outlets get the item
            for (OutputEdge e : outputEdges) {
                route(e, item, itemBytes);
            }
        }

        @Override
        public void add(int ordinal, Object item) {
            if (item == null) {
                throw new NullPointerException("processor of '" + context.vertexName() + "' emitted null");
            }
            if (ordinal < 0 || ordinal >= outputEdges.length) {
                throw new IllegalArgumentException("output ordinal " + ordinal + " does not exist; vertex '"
                        + context.vertexName() + "' has " + outputEdges.length + " output(s)");
            }
            emittedItems++;
            route(outputEdges[ordinal], item, sizeEstimator.estimate(item));
        }

        @Override
        public void addWatermark(long timestamp) {
            Watermark wm = new Watermark(timestamp);
            for (Outlet o : outlets) {
                o.flush();
                o.ready.add(wm);
            }
        }

        @Override
        public boolean hasReachedLimit() {
            return ProcessorDriver.this.hasReachedLimit();
        }

        @Override
        public int outputCount() {
            return outputEdges.length;
        }
    };
}
