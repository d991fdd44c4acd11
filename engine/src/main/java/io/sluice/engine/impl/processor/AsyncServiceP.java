package io.sluice.engine.impl.processor;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.core.WakeUpAware;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.ServiceFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The processor of {@code mapUsingServiceAsync} and {@code mapUsingServiceAsyncBatched} (keyed or
 * not): calls the user function, which returns a {@link CompletableFuture}, for each item (or each
 * list of up to {@code maxBatchSize} items) and emits the results when the futures complete,
 * without ever blocking the stage's thread.
 *
 * <p>Design note.
 * <ul>
 * <li>Requests: {@code waiting} holds input items not yet passed to the function; a request is
 * started for them while fewer than {@code maxConcurrentOps} requests of this instance are in
 * flight. Ordered, a request stays counted until its results are emitted (as Jet's ordered
 * processor counts its queue), so at most {@code maxConcurrentOps} results wait behind a slow one.</li>
 * <li>Completion: each future, when it completes (on whatever thread), calls the runtime's
 * wake-up ({@link WakeUpAware}); the runtime then calls {@link #tryProcess()} on the stage's
 * thread, which emits the completed results: ordered, from the head of the queue while its
 * future is done; unordered, from a concurrent queue the completions feed. Every entry point
 * ({@code process}, {@code tryProcess}, {@code tryProcessWatermark}, {@code complete},
 * {@code saveToSnapshot}) first emits what completed and starts what it may.</li>
 * <li>Backpressure: {@link #acceptsInput()} is false while a batch's worth of items waits for a
 * free slot, so the stage stops pulling input; the items held are bounded by about
 * {@code batchSize + maxConcurrentOps * maxBatchSize}.</li>
 * <li>Watermarks: the processor emits them itself ({@link #forwardsWatermarks()} is
 * {@code false}): {@link #tryProcessWatermark} queues the watermark behind the items received
 * before it, and it goes out once all of those have been emitted, so a watermark never overtakes
 * pending items, and input keeps flowing meanwhile (as in Jet's async processors). Ordered, the
 * watermark is an entry of the request queue; unordered, each request remembers how many
 * watermarks had been queued when it started (its epoch), and watermark {@code e} goes out when no
 * request of epoch {@code <= e} is outstanding; results of later requests may go out before it.
 * The idle marker (all inputs idle) is queued the same way ({@code IdleAware}).</li>
 * <li>Results: a {@code null} future or a {@code null} result (a {@code null} element of a batch
 * result) drops the item; a batch result must have one element per input item. A future that
 * completed exceptionally fails the job with a message naming the stage and the cause.</li>
 * <li>Event time: with {@code TimestampedItem} input the function gets the inner item and each
 * result is wrapped with its input's timestamp.</li>
 * <li>Snapshots: {@link #saveToSnapshot} first emits what completed, then saves, in input order,
 * the input items of the requests whose results were not emitted yet, the watermarks between them
 * and the items not started yet, each under a {@link HeldKey} (state of the instance); the
 * requests go on. A restored instance starts requests for those items again, before any new input
 * (as Jet's async processors do), so a restore neither loses nor repeats a result. Unordered, the
 * requests are saved by epoch, each watermark after the requests it waits for.</li>
 * </ul>
 */
public final class AsyncServiceP implements Processor, WakeUpAware, StateReporting,
        io.sluice.engine.impl.execution.IdleAware {

    /** Creates the processors; holds the shared service of this JVM, as {@link ServiceStepSupplier} does. */
    public static final class Supplier implements ProcessorSupplier {
        private final String stageName;
        private final ServiceFactory<Object> serviceFactory;
        private final int maxConcurrentOps;
        private final boolean preserveOrder;
        private final int maxBatchSize;
        private final BiFunctionEx<Object, Object, CompletableFuture<?>> itemFn;
        private final BiFunctionEx<Object, List<Object>, CompletableFuture<? extends List<?>>> batchFn;
        private final boolean timestamped;
        private transient ServiceStepSupplier.Holder holder;

        /**
         * @param itemFn  per-item function, or {@code null} when {@code batchFn} is given
         * @param batchFn per-list function ({@code maxBatchSize} items at most), or {@code null}
         */
        @SuppressWarnings("unchecked")
        public Supplier(String stageName, ServiceFactory<?> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
                        int maxBatchSize, BiFunctionEx<?, ?, ?> itemFn, BiFunctionEx<?, ?, ?> batchFn,
                        boolean timestamped) {
            this.stageName = stageName;
            this.serviceFactory = (ServiceFactory<Object>) serviceFactory;
            this.maxConcurrentOps = maxConcurrentOps;
            this.preserveOrder = preserveOrder;
            this.maxBatchSize = maxBatchSize;
            this.itemFn = (BiFunctionEx<Object, Object, CompletableFuture<?>>) itemFn;
            this.batchFn = (BiFunctionEx<Object, List<Object>, CompletableFuture<? extends List<?>>>) batchFn;
            this.timestamped = timestamped;
        }

        @Override
        public Processor get(ProcessorContext context) {
            return new AsyncServiceP(this);
        }

        private synchronized ServiceStepSupplier.Holder holder() {
            if (holder == null) {
                holder = new ServiceStepSupplier.Holder();
            }
            return holder;
        }
    }

    /** One request: its input items (as received, maybe {@code TimestampedItem}s), its future and epoch. */
    private static final class Request {
        final Object[] inputs;
        final CompletableFuture<?> future;
        final long epoch;

        Request(Object[] inputs, CompletableFuture<?> future, long epoch) {
            this.inputs = inputs;
            this.future = future;
            this.epoch = epoch;
        }
    }

    /** A watermark queued behind the items received before it; {@code epoch}: its number, from 0. */
    private record PendingWatermark(long timestamp, long epoch) {
    }

    /**
     * The snapshot key of one item (or watermark) an instance held: the instance's global index and the
     * item's position. State of the instance ({@link SnapshotKeys.Local}), restored in this order.
     */
    public record HeldKey(int instance, long position) implements java.io.Serializable, SnapshotKeys.Local, Comparable<HeldKey> {
        @Override
        public int compareTo(HeldKey o) {
            return instance != o.instance ? Integer.compare(instance, o.instance) : Long.compare(position, o.position);
        }
    }

    /** A saved watermark between held items. */
    public record HeldWatermark(long timestamp) implements java.io.Serializable {
    }

    private final Supplier supplier;
    /** Input items not yet passed to the function, and the watermarks between them. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    /** Ordered: the requests in flight or completed but not yet emitted, and the watermarks between them. */
    private final ArrayDeque<Object> ordered = new ArrayDeque<>();
    /** Unordered: the watermarks taken from {@code waiting}, waiting for the requests started before them. */
    private final ArrayDeque<PendingWatermark> watermarks = new ArrayDeque<>();
    /** Unordered: outstanding requests per epoch (requests started after that many watermarks). */
    private final java.util.TreeMap<Long, Integer> outstandingPerEpoch = new java.util.TreeMap<>();
    /** Watermarks taken from {@code waiting} so far: the epoch of requests started now. */
    private long epoch;
    /** Items (not watermarks) in {@code waiting}. */
    private int waitingItems;
    /** Unordered: the requests whose futures completed, fed from the completing threads. */
    private final ConcurrentLinkedQueue<Request> completed = new ConcurrentLinkedQueue<>();
    /** Unordered: the requests started and not yet emitted, in start order (for snapshots). */
    private final java.util.Set<Request> outstanding = new java.util.LinkedHashSet<>();
    /** Items and watermarks being restored, in saved order. */
    private final java.util.TreeMap<HeldKey, Object> restoring = new java.util.TreeMap<>();
    /** Requests started and not yet emitted (ordered and unordered). */
    private int inFlight;
    /** Input items in requests not yet emitted. */
    private volatile long inFlightItems;
    private volatile Runnable wakeUp = () -> { };
    private volatile boolean closed;
    private Outbox outbox;
    private ProcessorContext context;
    private Object service;
    private boolean acquired;
    private int acceptLimit;

    private AsyncServiceP(Supplier supplier) {
        this.supplier = supplier;
    }

    @Override
    public void setWakeUp(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public boolean acceptsInput() {
        return waitingItems < acceptLimit;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws Exception {
        this.outbox = outbox;
        this.context = context;
        this.acceptLimit = Math.max(1, context.batchSize());
        ServiceFactory<Object> factory = supplier.serviceFactory;
        service = factory.isShared() ? supplier.holder().acquire(factory, context) : factory.createFn().applyEx(context);
        acquired = true;
    }

    @Override
    public long accumulatedRecords() {
        return waitingItems + inFlightItems;
    }

    /** This processor emits watermarks itself, each after the items received before it. */
    @Override
    public boolean forwardsWatermarks() {
        return false;
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        for (int i = 0, n = batch.size(); i < n; i++) {
            waiting.add(items[i]);
        }
        waitingItems += batch.size();
        long held = waitingItems + inFlightItems;
        if (held > context.maxProcessorAccumulatedRecords()) {
            throw new AccumulationLimitExceededException(context, supplier.stageName + " items waiting or in flight", held);
        }
        run(false);
    }

    @Override
    public boolean tryProcess() throws Exception {
        run(true);
        return true;
    }

    @Override
    public boolean tryProcessWatermark(long timestamp) throws Exception {
        waiting.add(new PendingWatermark(timestamp, -1));
        run(false);
        return true;
    }

    /** All inputs went idle: the idle marker ({@code Long.MAX_VALUE}) is queued like a watermark, behind the items held. */
    @Override
    public void onAllInputsIdle() throws Exception {
        waiting.add(new PendingWatermark(Long.MAX_VALUE, -1));
        run(false);
    }

    @Override
    public boolean complete() throws Exception {
        return run(true);
    }

    /** Emits what completed, then saves what is held: the inputs of requests not emitted yet and the items not started. */
    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        run(true);
        int instance = context.globalIndex();
        long position = 0;
        if (supplier.preserveOrder) {
            for (Object entry : ordered) {
                if (entry instanceof PendingWatermark wm) {
                    snapshot.save(new HeldKey(instance, position++), new HeldWatermark(wm.timestamp()));
                } else {
                    for (Object input : ((Request) entry).inputs) {
                        snapshot.save(new HeldKey(instance, position++), input);
                    }
                }
            }
        } else {
            List<Request> requests = new ArrayList<>(outstanding);
            requests.sort(java.util.Comparator.comparingLong(r -> r.epoch));
            java.util.Iterator<PendingWatermark> wms = watermarks.iterator();
            PendingWatermark wm = wms.hasNext() ? wms.next() : null;
            for (Request r : requests) {
                while (wm != null && wm.epoch() < r.epoch) { // the watermark came before this request's items
                    snapshot.save(new HeldKey(instance, position++), new HeldWatermark(wm.timestamp()));
                    wm = wms.hasNext() ? wms.next() : null;
                }
                for (Object input : r.inputs) {
                    snapshot.save(new HeldKey(instance, position++), input);
                }
            }
            for (; wm != null; wm = wms.hasNext() ? wms.next() : null) {
                snapshot.save(new HeldKey(instance, position++), new HeldWatermark(wm.timestamp()));
            }
        }
        for (Object entry : waiting) {
            snapshot.save(new HeldKey(instance, position++),
                    entry instanceof PendingWatermark wm ? new HeldWatermark(wm.timestamp()) : entry);
        }
        return true;
    }

    /** Receives one held item or watermark (of any instance, when restored at a lower parallelism). */
    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        restoring.put((HeldKey) key, value);
    }

    /** Queues the restored items and watermarks, in saved order, ahead of any new input: requests start for them again. */
    @Override
    public void finishSnapshotRestore() {
        for (Object value : restoring.values()) {
            if (value instanceof HeldWatermark wm) {
                waiting.add(new PendingWatermark(wm.timestamp(), -1));
            } else {
                waiting.add(value);
                waitingItems++;
            }
        }
        restoring.clear();
    }

    /**
     * Emits completed results and starts requests while it can.
     *
     * @param paced stop emitting when the outbox is at its limit (re-entrant calls)
     * @return whether nothing is waiting or in flight
     */
    private boolean run(boolean paced) throws Exception {
        boolean progress = true;
        while (progress) {
            progress = false;
            if (paced && outbox.hasReachedLimit()) {
                break;
            }
            if (supplier.preserveOrder) {
                for (Object head; (head = ordered.peek()) != null && !(paced && outbox.hasReachedLimit()); ) {
                    if (head instanceof PendingWatermark wm) {
                        outbox.addWatermark(wm.timestamp());
                    } else if (((Request) head).future.isDone()) {
                        emit((Request) head);
                    } else {
                        break;
                    }
                    ordered.poll();
                    progress = true;
                }
            } else {
                for (Request r; !(paced && outbox.hasReachedLimit()) && (r = completed.poll()) != null; ) {
                    outstanding.remove(r);
                    emit(r);
                    finished(r.epoch);
                    progress = true;
                }
                for (PendingWatermark wm; (wm = watermarks.peek()) != null
                        && (outstandingPerEpoch.isEmpty() || outstandingPerEpoch.firstKey() > wm.epoch()); ) {
                    outbox.addWatermark(wm.timestamp());
                    watermarks.poll();
                    progress = true;
                }
            }
            while (!waiting.isEmpty() && (waiting.peek() instanceof PendingWatermark || inFlight < supplier.maxConcurrentOps)) {
                start();
                progress = true;
            }
        }
        return waiting.isEmpty() && inFlight == 0 && ordered.isEmpty() && watermarks.isEmpty();
    }

    private void finished(long requestEpoch) {
        outstandingPerEpoch.compute(requestEpoch, (e, n) -> n == 1 ? null : n - 1);
    }

    /** Starts a request for the items at the head of {@code waiting}, or moves the watermark there on. */
    private void start() throws Exception {
        if (waiting.peek() instanceof PendingWatermark wm) {
            waiting.poll();
            PendingWatermark numbered = new PendingWatermark(wm.timestamp(), epoch++);
            if (supplier.preserveOrder) {
                ordered.add(numbered);
            } else {
                watermarks.add(numbered);
            }
            return;
        }
        Object[] inputs;
        CompletableFuture<?> future;
        if (supplier.batchFn == null) {
            inputs = new Object[] {waiting.poll()};
            waitingItems--;
            future = supplier.itemFn.applyEx(service, unwrap(inputs[0]));
        } else {
            List<Object> taken = new ArrayList<>();
            while (taken.size() < supplier.maxBatchSize && waiting.peek() != null
                    && !(waiting.peek() instanceof PendingWatermark)) {
                taken.add(waiting.poll());
            }
            waitingItems -= taken.size();
            inputs = taken.toArray();
            List<Object> list = new ArrayList<>(inputs.length);
            for (Object input : inputs) {
                list.add(unwrap(input));
            }
            future = supplier.batchFn.applyEx(service, list);
        }
        if (future == null) {
            return; // a null future filters the item(s) out, as in Jet
        }
        Request request = new Request(inputs, future, epoch);
        inFlight++;
        inFlightItems += inputs.length;
        if (supplier.preserveOrder) {
            ordered.add(request);
            future.whenComplete((r, e) -> wake());
        } else {
            outstandingPerEpoch.merge(epoch, 1, Integer::sum);
            outstanding.add(request);
            future.whenComplete((r, e) -> {
                completed.add(request);
                wake();
            });
        }
    }

    private void wake() {
        if (!closed) {
            wakeUp.run();
        }
    }

    private Object unwrap(Object item) {
        return supplier.timestamped ? ((TimestampedItem<?>) item).item() : item;
    }

    private void emit(Request r) {
        inFlight--;
        inFlightItems -= r.inputs.length;
        Object result = resultOf(r);
        if (supplier.batchFn == null) {
            emitOne(r.inputs[0], result);
            return;
        }
        if (result == null) {
            return;
        }
        List<?> results = (List<?>) result;
        if (results.size() != r.inputs.length) {
            throw new IllegalStateException("stage '" + supplier.stageName + "': mapAsyncFn was given " + r.inputs.length
                    + " items but its future completed with " + results.size() + " results; return exactly one result"
                    + " per input item, in the same order (null to drop an item)");
        }
        for (int i = 0; i < r.inputs.length; i++) {
            emitOne(r.inputs[i], results.get(i));
        }
    }

    private void emitOne(Object input, Object result) {
        if (result == null) {
            return;
        }
        outbox.add(supplier.timestamped ? new TimestampedItem<>(((TimestampedItem<?>) input).timestamp(), result) : result);
    }

    private Object resultOf(Request r) {
        try {
            return r.future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new AsyncServiceException("stage '" + supplier.stageName + "': the future returned by mapAsyncFn"
                    + " completed exceptionally: " + cause, cause);
        } catch (java.util.concurrent.CancellationException e) {
            throw new AsyncServiceException("stage '" + supplier.stageName + "': the future returned by mapAsyncFn"
                    + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e); // not reached: the future is done
        }
    }

    /** Outstanding futures are not waited for; the service is released. */
    @Override
    public void close() throws Exception {
        closed = true;
        if (!acquired) {
            return;
        }
        acquired = false;
        ServiceFactory<Object> factory = supplier.serviceFactory;
        if (factory.isShared()) {
            supplier.holder().release(factory);
        } else {
            factory.destroyFn().acceptEx(service);
        }
        service = null;
    }

    /** A request of an async service stage failed. */
    public static final class AsyncServiceException extends RuntimeException {
        AsyncServiceException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
