package io.sluice.engine.core.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.WakeUpAware;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.impl.execution.OutboundCollectors;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.job.JobConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A deterministic, single-threaded runner of a finite {@link Dag}, for tests and debugging. It is
 * not the production runtime (which runs instances concurrently, with backpressure, on several
 * nodes); it follows the same contract so that plans and processors can be checked end to end in
 * plain Java.
 *
 * <pre>{@code
 * CollectingSink<String> sink = TestSinks.collecting();
 * p.readFrom(TestSources.items("a", "b")).map(String::toUpperCase).writeTo(sink);
 * LocalDagRunner.of(p.toDag()).defaultParallelism(3).run();
 * }</pre>
 *
 * <p>How it runs: the DAG is serialized and deserialized first (as it would travel to a node);
 * then vertex by vertex in topological order, it creates and inits all instances of the vertex,
 * runs each instance to completion, then closes them. A source instance gets {@code complete()}
 * until it returns {@code true}. Other instances get their inputs' batches, grouped by edge
 * priority (lower values first, each group completed with {@code completeEdge} before the next
 * starts; inputs of equal priority interleaved batch by batch), then {@code complete()} until
 * {@code true}. The outbox reports {@code hasReachedLimit()} after a batch's worth of items per
 * call, and cuts batches of at most the batch size. Instances are connected as the runtime
 * connects them ({@link ExecutionPlan}), and items are routed and batched by the runtime's
 * {@link OutboundCollectors} (with {@link Partitioner} for partitioned edges). Watermarks are forwarded in-band and delivered to a
 * consumer once every producer instance of every input has sent one (the minimum); because
 * vertices run one after another, this is only good for simple event-time checks.
 */
public final class LocalDagRunner {
    private static final int MAX_IDLE_CALLS = 100_000;
    /** How long a {@link WakeUpAware} processor may wait for its asynchronous events without emitting. */
    private static final long MAX_WAKE_WAIT_NANOS = 60_000_000_000L;

    private final Dag dag;
    private int defaultParallelism = 2;
    private int batchSize = 64;
    private int partitionCount = Partitioner.DEFAULT_PARTITION_COUNT;
    private String jobName = "local";

    private LocalDagRunner(Dag dag) {
        this.dag = dag;
    }

    /** A runner of {@code dag}. */
    public static LocalDagRunner of(Dag dag) {
        return new LocalDagRunner(Objects.requireNonNull(dag, "dag must not be null"));
    }

    /** The parallelism of vertices with parallelism -1; default 2. */
    public LocalDagRunner defaultParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("defaultParallelism must be positive, but was " + parallelism);
        }
        this.defaultParallelism = parallelism;
        return this;
    }

    /** The maximum items per batch on edges; default 64. */
    public LocalDagRunner batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, but was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The number of key partitions; default 271. */
    public LocalDagRunner partitionCount(int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be positive, but was " + partitionCount);
        }
        this.partitionCount = partitionCount;
        return this;
    }

    /** The job name in the processors' context; default "local". */
    public LocalDagRunner jobName(String jobName) {
        this.jobName = Util.checkName(jobName, "jobName");
        return this;
    }

    /**
     * Runs the DAG to completion.
     *
     * @throws Exception what a processor threw, unchanged
     */
    public void run() throws Exception {
        dag.validate();
        Dag copy = Util.roundTrip(dag);
        ExecutionPlan plan = ExecutionPlan.of(copy, defaultParallelism);
        Map<Vertex, Inbox[]> inboxes = new IdentityHashMap<>();
        for (Vertex v : copy.vertices()) {
            Inbox[] boxes = new Inbox[v.effectiveParallelism(defaultParallelism)];
            for (int i = 0; i < boxes.length; i++) {
                boxes[i] = new Inbox();
            }
            inboxes.put(v, boxes);
        }
        for (Vertex v : copy.topologicalOrder()) {
            runVertex(copy, plan, v, inboxes);
        }
    }

    private void runVertex(Dag dag, ExecutionPlan plan, Vertex v, Map<Vertex, Inbox[]> inboxes) throws Exception {
        int parallelism = v.effectiveParallelism(defaultParallelism);
        List<Edge> in = dag.inboundEdges(v);
        List<Edge> out = dag.outboundEdges(v);
        Processor[] processors = new Processor[parallelism];
        RunnerOutbox[] outboxes = new RunnerOutbox[parallelism];
        // instances run one after another, so one signal serves all of them
        java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
        try {
            for (int i = 0; i < parallelism; i++) {
                ProcessorContext ctx = new ProcessorContext(jobName, v.name(), i, i, parallelism, partitionCount, batchSize);
                outboxes[i] = new RunnerOutbox(i, v.name(), plan, plan.vertexPlan(v).outlets(i), inboxes);
                processors[i] = v.supplier().get(ctx);
                if (processors[i] instanceof WakeUpAware w && w.wantsWakeUps()) {
                    w.setWakeUp(wake::release);
                }
                processors[i].init(outboxes[i], ctx);
            }
            for (int i = 0; i < parallelism; i++) {
                runInstance(v, i, processors[i], outboxes[i], in, plan.vertexPlan(v).inlets(i).size(), inboxes.get(v)[i],
                        processors[i] instanceof WakeUpAware w && w.wantsWakeUps() ? wake : null);
            }
        } finally {
            Exception failure = null;
            for (Processor p : processors) {
                if (p == null) {
                    continue;
                }
                try {
                    p.close();
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void runInstance(Vertex v, int index, Processor p, RunnerOutbox outbox, List<Edge> in, int inletCount,
                             Inbox inbox, java.util.concurrent.Semaphore wake) throws Exception {
        String who = "vertex '" + v.name() + "' instance " + index;
        TreeMap<Integer, List<Edge>> byPriority = new TreeMap<>();
        for (Edge e : in) {
            byPriority.computeIfAbsent(e.priority(), k -> new ArrayList<>()).add(e);
        }
        WatermarkCoalescer coalescer = new WatermarkCoalescer(inletCount);
        boolean forwardsWatermarks = p.forwardsWatermarks();
        for (List<Edge> group : byPriority.values()) {
            boolean any = true;
            while (any) {
                any = false;
                for (Edge e : group) {
                    ArrayDeque<Object> queue = inbox.queue(e.destOrdinal());
                    Object entry = queue.poll();
                    if (entry == null) {
                        continue;
                    }
                    any = true;
                    if (entry instanceof Batch batch) {
                        outbox.newCall();
                        p.process(e.destOrdinal(), batch);
                        outbox.flush();
                    } else {
                        SourcedWatermark wm = (SourcedWatermark) entry;
                        long coalesced = coalescer.offer(wm);
                        if (coalesced != Long.MIN_VALUE) {
                            callUntilDone(who + " tryProcessWatermark", outbox, wake, () -> p.tryProcessWatermark(coalesced));
                            if (forwardsWatermarks) { // else the processor emits its own (a timestamp assigner, an async stage, a stream join)
                                outbox.addWatermark(coalesced);
                            }
                            outbox.flush();
                        }
                    }
                }
            }
            for (Edge e : group) {
                callUntilDone(who + " completeEdge(" + e.destOrdinal() + ")", outbox, wake,
                        () -> p.completeEdge(e.destOrdinal()));
            }
        }
        callUntilDone(who + " complete()", outbox, wake, p::complete);
    }

    private interface Call {
        boolean call() throws Exception;
    }

    /**
     * Calls {@code call} until it returns {@code true}. With {@code wake} (a {@link WakeUpAware}
     * processor waiting for asynchronous events) an idle call waits for the processor's wake-up
     * (or 10 ms) instead of spinning, for at most {@link #MAX_WAKE_WAIT_NANOS} without progress.
     */
    private static void callUntilDone(String what, RunnerOutbox outbox, java.util.concurrent.Semaphore wake, Call call)
            throws Exception {
        long idleSince = System.nanoTime();
        for (int idle = 0; ; ) {
            outbox.newCall();
            boolean done = call.call();
            int emitted = outbox.emittedInCall;
            outbox.flush();
            if (done) {
                return;
            }
            idle = emitted == 0 ? idle + 1 : 0;
            if (wake != null) {
                if (emitted != 0) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > MAX_WAKE_WAIT_NANOS) {
                    throw new IllegalStateException(what + " returned false for " + MAX_WAKE_WAIT_NANOS / 1_000_000_000L
                            + " s without emitting while waiting for asynchronous events");
                } else {
                    wake.tryAcquire(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
                continue;
            }
            if (idle == MAX_IDLE_CALLS) {
                throw new IllegalStateException(what + " returned false " + MAX_IDLE_CALLS + " times in a row without"
                        + " emitting; LocalDagRunner only runs finite (batch) DAGs");
            }
        }
    }

    /** The input queues of one instance, per input ordinal. */
    private static final class Inbox {
        private final Map<Integer, ArrayDeque<Object>> queues = new HashMap<>();

        ArrayDeque<Object> queue(int ordinal) {
            return queues.computeIfAbsent(ordinal, k -> new ArrayDeque<>());
        }
    }

    /** A watermark in a queue, with the producer that sent it. */
    private record SourcedWatermark(int ordinal, int producer, long timestamp) {
    }

    /** The minimum watermark over all producer instances of all inputs of one consumer instance. */
    private static final class WatermarkCoalescer {
        private final Map<Long, Long> latest = new HashMap<>();
        private final int expected;
        private long delivered = Long.MIN_VALUE;

        /** @param inletCount the producer instances connected to this consumer instance, over all inputs */
        WatermarkCoalescer(int inletCount) {
            this.expected = inletCount;
        }

        /** Records a watermark; returns the new coalesced watermark, or {@code Long.MIN_VALUE} if it did not advance. */
        long offer(SourcedWatermark wm) {
            latest.put(((long) wm.ordinal() << 32) | wm.producer(), wm.timestamp());
            if (latest.size() < expected) {
                return Long.MIN_VALUE;
            }
            long min = Long.MAX_VALUE;
            for (long ts : latest.values()) {
                min = Math.min(min, ts);
            }
            if (min <= delivered) {
                return Long.MIN_VALUE;
            }
            delivered = min;
            return min;
        }
    }

    /**
     * The outbox of one producer instance: the runtime's {@link OutboundCollectors} (routing and
     * batching per edge policy), drained into the consumers' inboxes at the end of every call.
     * It reports {@code hasReachedLimit()} after a batch's worth of items in the current call.
     */
    private final class RunnerOutbox implements Outbox {
        private final int producer;
        private final OutboundCollectors collectors;
        /** Per outlet: the consumer instance's inbox queue and the input ordinal it arrives on. */
        private final ArrayDeque<Object>[] targets;
        private final int[] targetOrdinal;
        int emittedInCall;

        @SuppressWarnings("unchecked")
        RunnerOutbox(int producer, String vertexName, ExecutionPlan plan, List<ExecutionPlan.OutletSpec> outlets,
                     Map<Vertex, Inbox[]> inboxes) {
            this.producer = producer;
            this.collectors = new OutboundCollectors(vertexName, outlets, plan::edge, partitionCount, batchSize,
                    JobConfig.DEFAULT_MAX_BATCH_BYTES);
            this.targets = new ArrayDeque[outlets.size()];
            this.targetOrdinal = new int[outlets.size()];
            for (int j = 0; j < outlets.size(); j++) {
                ExecutionPlan.OutletSpec o = outlets.get(j);
                Edge e = plan.edge(o.edgeIndex());
                targetOrdinal[j] = e.destOrdinal();
                targets[j] = inboxes.get(e.destination())[o.consumer()].queue(e.destOrdinal());
            }
        }

        void newCall() {
            emittedInCall = 0;
        }

        @Override
        public void add(Object item) {
            Objects.requireNonNull(item, "a processor emitted null");
            emittedInCall++;
            collectors.add(item);
        }

        @Override
        public void add(int ordinal, Object item) {
            Objects.requireNonNull(item, "a processor emitted null");
            emittedInCall++;
            collectors.add(ordinal, item);
        }

        /** Sends every batch and watermark, partly filled batches included (the end of a processor call). */
        void flush() {
            collectors.flushAll();
            for (int j = 0; j < targets.length; j++) {
                EdgeItem item;
                while ((item = collectors.poll(j)) != null) {
                    if (item instanceof Watermark wm) {
                        targets[j].add(new SourcedWatermark(targetOrdinal[j], producer, wm.timestamp()));
                    } else {
                        targets[j].add(item);
                    }
                }
            }
        }

        @Override
        public void addWatermark(long timestamp) {
            collectors.addWatermark(timestamp);
        }

        @Override
        public boolean hasReachedLimit() {
            return emittedInCall >= batchSize;
        }

        @Override
        public int outputCount() {
            return collectors.outputCount();
        }
    }

    @Override
    public String toString() {
        return "LocalDagRunner{defaultParallelism=" + defaultParallelism + ", batchSize=" + batchSize + "}";
    }
}
