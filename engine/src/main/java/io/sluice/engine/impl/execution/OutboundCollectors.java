package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Barrier;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.function.FunctionEx;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The outbox of one processor instance: routes each emitted item along the vertex's output edges
 * (per edge: partitioned by key, broadcast, or round-robin / isolated / all-to-one to one consumer
 * at a time) into per-outlet batches, and queues the sealed batches, watermarks and barriers per
 * outlet until the runtime takes them. Models: Jet's {@code OutboundCollector}s and
 * {@code OutboxImpl}. Used by {@link ProcessorDriver} and by {@code LocalDagRunner}.
 *
 * <p>Design note. One outlet is one connection to one consumer instance (an
 * {@link ExecutionPlan.OutletSpec}); outlets of an output ordinal are consecutive, so that for a
 * partitioned edge outlet {@code first + k} is consumer {@code k}. A batch is sealed when it holds
 * {@code batchSize} items or the estimated bytes of its items ({@link ItemSizeEstimator}) reach
 * {@code maxBatchBytes}. Output is soft-bounded: {@link #hasReachedLimit()} turns true once about
 * two full batches per outlet are waiting, or once the estimated bytes queued on all outlets
 * (ready and partial batches) reach as many times the byte budget of a batch. Watermarks and
 * barriers are queued behind everything emitted before them (partial batches are flushed first),
 * so they never overtake data. Not thread-safe: only the instance's thread uses it.
 */
public final class OutboundCollectors implements Outbox {

    private final String vertexName;
    private final int batchSize;
    private final long maxBatchBytes;
    private final Outlet[] outlets;
    /** Per output ordinal. */
    private final OutputEdge[] outputEdges;
    private final int readyLimit;
    private final long queuedBytesLimit;
    private final ItemSizeEstimator sizeEstimator = new ItemSizeEstimator();
    private int readyBatches;
    /** Estimated bytes of all batches on the outlets, ready and partial. */
    private long queuedBytes;
    private long emittedItems;

    /**
     * @param vertexName     the vertex, named in errors
     * @param outlets        the instance's outputs in outlet order (by ordinal, then consumer)
     * @param edgesByIndex   all edges of the DAG, by index (for routing)
     * @param partitionCount the job's number of key partitions
     * @param batchSize      maximum items per batch
     * @param maxBatchBytes  estimated bytes at which a batch is sealed before it is full; positive
     */
    public OutboundCollectors(String vertexName, List<ExecutionPlan.OutletSpec> outlets, IntFunction<Edge> edgesByIndex,
                              int partitionCount, int batchSize, long maxBatchBytes) {
        if (maxBatchBytes <= 0) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, but was " + maxBatchBytes);
        }
        this.vertexName = vertexName;
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        this.outlets = new Outlet[outlets.size()];
        int maxOutOrdinal = -1;
        for (ExecutionPlan.OutletSpec o : outlets) {
            maxOutOrdinal = Math.max(maxOutOrdinal, o.ordinal());
        }
        this.outputEdges = new OutputEdge[maxOutOrdinal + 1];
        for (int i = 0; i < outlets.size(); i++) {
            this.outlets[i] = new Outlet();
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
                outputEdges[ord] = new OutputEdge(RoutingPolicy.UNICAST, null, 0, 0, partitionCount);
            } else {
                outputEdges[ord] = new OutputEdge(edge.routing(), edge.partitionKeyFn(), first, count, partitionCount);
            }
        }
        this.readyLimit = Math.max(4, 2 * this.outlets.length);
        this.queuedBytesLimit = readyLimit * maxBatchBytes;
    }

    // ------------------------------------------------------------------------------ Outbox (processor side)

    @Override
    public void add(Object item) {
        if (item == null) {
            throw new NullPointerException("processor of '" + vertexName + "' emitted null");
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
            throw new NullPointerException("processor of '" + vertexName + "' emitted null");
        }
        if (ordinal < 0 || ordinal >= outputEdges.length) {
            throw new IllegalArgumentException("output ordinal " + ordinal + " does not exist; vertex '"
                    + vertexName + "' has " + outputEdges.length + " output(s)");
        }
        emittedItems++;
        route(outputEdges[ordinal], item, sizeEstimator.estimate(item));
    }

    @Override
    public void addWatermark(long timestamp) {
        addControl(new Watermark(timestamp));
    }

    /** Queues {@code barrier} on every outlet, behind everything emitted before it. */
    public void addBarrier(Barrier barrier) {
        addControl(barrier);
    }

    private void addControl(EdgeItem item) {
        for (Outlet o : outlets) {
            o.flush();
            o.ready.add(item);
        }
    }

    /** Whether enough output is queued (in batches or in estimated bytes) that no new work should start. */
    @Override
    public boolean hasReachedLimit() {
        return readyBatches >= readyLimit || queuedBytes >= queuedBytesLimit;
    }

    @Override
    public int outputCount() {
        return outputEdges.length;
    }

    // ------------------------------------------------------------------------------ runtime side

    /** Items emitted so far. */
    public long emittedItems() {
        return emittedItems;
    }

    /** The number of outlets. */
    public int outletCount() {
        return outlets.length;
    }

    /** Whether outlet {@code outlet} has an item ready. */
    public boolean hasOutput(int outlet) {
        return !outlets[outlet].ready.isEmpty();
    }

    /** Takes the next ready item of outlet {@code outlet}, or {@code null}. */
    public EdgeItem poll(int outlet) {
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

    /** Whether no outlet holds anything, ready or partial. */
    public boolean isEmpty() {
        if (readyBatches != 0) {
            return false;
        }
        for (Outlet o : outlets) {
            if (!o.ready.isEmpty() || o.size > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One output connection: the batch being filled and the sealed ones waiting for demand.
     */
    private final class Outlet {
        final ArrayDeque<EdgeItem> ready = new ArrayDeque<>();
        /** Estimated bytes of each batch in {@link #ready}, in order (watermarks and barriers have none). */
        final ArrayDeque<Long> readyBytes = new ArrayDeque<>();
        Object[] items = new Object[Math.min(batchSize, 64)];
        int size;
        /** Estimated bytes of the partial batch. */
        long bytes;

        /** Adds an item of about {@code itemBytes}; returns whether that sealed the batch. */
        boolean add(Object item, long itemBytes) {
            if (size == items.length) {
                items = Arrays.copyOf(items, Math.min(batchSize, size * 4));
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

    /** The routing state of one output ordinal over its consecutive outlets {@code first .. first+count-1}. */
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
}
