package io.sluice.actors;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime on hand-built DAGs: wiring, routing policies, completion, failure, cancellation, backpressure. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RuntimeTest {
    private static Sluice sluice;

    /** What test sinks received, per test run key. */
    static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("runtime-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** Emits the longs [from, to) of its share: instance i of n emits values v with v % n == i. */
    static final class RangeSource implements Processor {
        private final long to;
        private long next;
        private long step;
        private Outbox outbox;

        RangeSource(long to) {
            this.to = to;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
            this.next = context.globalIndex();
            this.step = context.totalParallelism();
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new AssertionError();
        }

        @Override
        public boolean complete() {
            for (int i = 0; i < 500 && next < to; i++, next += step) {
                outbox.add(next);
            }
            return next >= to;
        }
    }

    /** Forwards items, optionally transformed by a static function id. */
    static final class PassThrough implements Processor {
        private Outbox outbox;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            for (Object o : batch) {
                outbox.add(o);
            }
        }
    }

    /** Collects items into RECEIVED under a key, tagged with the instance index and input ordinal. */
    static final class CollectSink implements Processor {
        private final String key;
        private int index;

        CollectSink(String key) {
            this.key = key;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            index = context.globalIndex();
        }

        @Override
        public void process(int ordinal, Batch batch) {
            List<Object> list = RECEIVED.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()));
            for (Object o : batch) {
                list.add(index + ":" + ordinal + ":" + o);
            }
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static List<Object> received(String key) {
        return RECEIVED.getOrDefault(key, List.of());
    }

    @Test
    void when_partitionedEdge_then_eachKeyReachesOneInstanceAndNothingIsLost() {
        String key = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new RangeSource(100_000)).localParallelism(2);
        Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key)).localParallelism(2);
        dag.edge(Edge.between(source, sink).partitioned((Long v) -> v % 10));

        Job job = sluice.newJob(dag, JobConfig.named("partitioned"));
        job.join();

        assertEquals(JobStatus.COMPLETED, job.status());
        List<Object> items = received(key);
        assertEquals(100_000, items.size());
        Map<Long, Integer> ownerOfKey = new ConcurrentHashMap<>();
        long sum = 0;
        for (Object o : items) {
            String[] parts = ((String) o).split(":");
            long v = Long.parseLong(parts[2]);
            sum += v;
            Integer previous = ownerOfKey.putIfAbsent(v % 10, Integer.parseInt(parts[0]));
            if (previous != null) {
                assertEquals(previous, Integer.parseInt(parts[0]), "key " + (v % 10) + " went to two instances");
            }
        }
        assertEquals(99_999L * 100_000 / 2, sum);
    }

    @Test
    void when_broadcastEdge_then_everyInstanceGetsEverything() {
        String key = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new RangeSource(1000)).localParallelism(1);
        Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key)).localParallelism(3);
        dag.edge(Edge.between(source, sink).broadcast());

        sluice.newJob(dag, JobConfig.named("broadcast")).join();

        assertEquals(3000, received(key).size());
        for (int i = 0; i < 3; i++) {
            String prefix = i + ":";
            assertEquals(1000, received(key).stream().filter(o -> ((String) o).startsWith(prefix)).count());
        }
    }

    @Test
    void when_allToOne_then_onlyInstanceZeroReceives() {
        String key = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new RangeSource(5000)).localParallelism(2);
        Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key)).localParallelism(2);
        dag.edge(Edge.between(source, sink).allToOne());

        sluice.newJob(dag, JobConfig.named("all-to-one")).join();

        assertEquals(5000, received(key).size());
        assertTrue(received(key).stream().allMatch(o -> ((String) o).startsWith("0:")));
    }

    @Test
    void when_unicastToMoreInstances_then_loadIsSpreadAndComplete() {
        String key = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new RangeSource(200_000)).localParallelism(1);
        Vertex pass = dag.newVertex("pass", ctx -> new PassThrough()).localParallelism(2);
        Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key)).localParallelism(2);
        dag.edge(Edge.between(source, pass));
        dag.edge(Edge.between(pass, sink).isolated());

        sluice.newJob(dag, new JobConfig().setBatchSize(100)).join();

        List<Object> items = received(key);
        assertEquals(200_000, items.size());
        long onZero = items.stream().filter(o -> ((String) o).startsWith("0:")).count();
        assertTrue(onZero > 0 && onZero < 200_000, "unicast should use both instances, instance 0 got " + onZero);
    }

    @Test
    void when_priorities_then_lowerPriorityInputIsConsumedFirst() {
        String key = key();
        Dag dag = new Dag();
        Vertex primary = dag.newVertex("primary", ctx -> new RangeSource(10_000)).localParallelism(2);
        Vertex side = dag.newVertex("side", ctx -> new RangeSource(10_000)).localParallelism(2);
        Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key)).localParallelism(1);
        dag.edge(Edge.between(primary, sink).priority(1));
        dag.edge(Edge.from(side).to(sink, 1).priority(0));

        sluice.newJob(dag, JobConfig.named("priorities")).join();

        List<Object> items = new ArrayList<>(received(key));
        assertEquals(20_000, items.size());
        int lastSide = -1;
        int firstPrimary = Integer.MAX_VALUE;
        for (int i = 0; i < items.size(); i++) {
            String ordinal = ((String) items.get(i)).split(":")[1];
            if (ordinal.equals("1")) {
                lastSide = i;
            } else {
                firstPrimary = Math.min(firstPrimary, i);
            }
        }
        assertTrue(lastSide < firstPrimary, "side input must be complete before primary input starts");
    }

    /** Throws on a given value. */
    static final class Exploding implements Processor {
        static final IllegalArgumentException BOOM = new IllegalArgumentException("boom at 777");

        @Override
        public void process(int ordinal, Batch batch) {
            for (Object o : batch) {
                if ((Long) o == 777L) {
                    throw BOOM;
                }
            }
        }
    }

    @Test
    void when_processorThrows_then_jobFailsWithThatCause() {
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new RangeSource(100_000)).localParallelism(2);
        Vertex sink = dag.newVertex("sink", ctx -> new Exploding()).localParallelism(2);
        dag.edge(Edge.between(source, sink));

        Job job = sluice.newJob(dag, JobConfig.named("exploding"));
        JobFailedException e = assertThrows(JobFailedException.class, job::join);

        assertSame(Exploding.BOOM, e.getCause());
        assertTrue(e.getMessage().contains("boom at 777"), e.getMessage());
        assertEquals(JobStatus.FAILED, job.status());
    }

    /** Fails in init. */
    static final class FailingInit implements Processor {
        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            throw new IllegalStateException("cannot open input");
        }

        @Override
        public void process(int ordinal, Batch batch) {
        }
    }

    @Test
    void when_initThrows_then_jobFailsWithThatCause() {
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new FailingInit());
        Vertex sink = dag.newVertex("sink", ctx -> new PassThrough());
        dag.edge(Edge.between(source, sink));

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(dag, new JobConfig()).join());
        assertEquals("cannot open input", e.getCause().getMessage());
    }

    @Test
    void when_dagCapturesNonSerializable_then_newJobFailsNamingTheClass() {
        Object notSerializable = new Object();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> {
            notSerializable.hashCode();
            return new RangeSource(10);
        });
        Vertex sink = dag.newVertex("sink", ctx -> new PassThrough());
        dag.edge(Edge.between(source, sink));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sluice.newJob(dag, new JobConfig()));
        assertTrue(e.getMessage().contains("java.lang.Object") && e.getMessage().contains("not Serializable"), e.getMessage());
    }

    /** A source that never ends, counting what it emitted. */
    static final class Endless implements Processor {
        private final String counter;
        private Outbox outbox;
        private long n;

        Endless(String counter) {
            this.counter = counter;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
        }

        @Override
        public boolean complete() {
            for (int i = 0; i < 100; i++) {
                outbox.add(n++);
            }
            COUNTERS.computeIfAbsent(counter, k -> new AtomicLong()).addAndGet(100);
            return false;
        }
    }

    /** A sink that sleeps per batch, counting what it received. */
    static final class SlowSink implements Processor {
        private final String counter;

        SlowSink(String counter) {
            this.counter = counter;
        }

        @Override
        public void process(int ordinal, Batch batch) throws InterruptedException {
            COUNTERS.computeIfAbsent(counter, k -> new AtomicLong()).addAndGet(batch.size());
            Thread.sleep(5);
        }
    }

    @Test
    void when_sinkIsSlow_then_sourceIsHeldBackAndCancelStopsPromptly() throws Exception {
        String emitted = key();
        String received = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new Endless(emitted)).localParallelism(1);
        Vertex sink = dag.newVertex("sink", ctx -> new SlowSink(received)).localParallelism(1);
        dag.edge(Edge.between(source, sink));

        Job job = sluice.newJob(dag, new JobConfig().setBatchSize(1000));
        Thread.sleep(1500);
        long ahead = COUNTERS.get(emitted).get() - COUNTERS.get(received).get();
        // bounded by buffers: outbox limit + stream buffers (16 + 16 batches), never millions
        assertTrue(ahead < 100_000, "source ran " + ahead + " items ahead of a slow sink: no backpressure");
        assertTrue(COUNTERS.get(received).get() > 0);

        long t0 = System.nanoTime();
        job.cancel();
        assertThrows(JobCancelledException.class, job::join);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "cancel took too long");
        assertEquals(JobStatus.CANCELLED, job.status());
    }

    /** Emits {@code count} strings of {@code length} chars. */
    static final class BigStrings implements Processor {
        private final int count;
        private final int length;
        private int emitted;
        private Outbox outbox;

        BigStrings(int count, int length) {
            this.count = count;
            this.length = length;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new AssertionError();
        }

        @Override
        public boolean complete() {
            while (emitted < count && !outbox.hasReachedLimit()) {
                outbox.add(String.valueOf((char) ('a' + emitted % 26)).repeat(length));
                emitted++;
            }
            return emitted == count;
        }
    }

    /** Records the size of every batch it receives. */
    static final class BatchSizeSink implements Processor {
        private final String key;

        BatchSizeSink(String key) {
            this.key = key;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            RECEIVED.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(batch.size());
        }
    }

    private static List<Object> batchSizesOf(long vertexMaxBatchBytes, JobConfig config) {
        String key = key();
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new BigStrings(300, 1000)).localParallelism(1)
                .maxBatchBytes(vertexMaxBatchBytes);
        Vertex sink = dag.newVertex("sink", ctx -> new BatchSizeSink(key)).localParallelism(1);
        dag.edge(Edge.between(source, sink));
        sluice.newJob(dag, config).join();
        return received(key);
    }

    @Test
    void when_maxBatchBytesOfJobOrVertex_then_batchesAreSealedByBytes() {
        // strings of 1000 chars count about 2 KB each: 1024 of them would make a 2 MB batch
        List<Object> byDefault = batchSizesOf(0, new JobConfig());
        List<Object> byJob = batchSizesOf(0, new JobConfig().setMaxBatchBytes(16 * 1024));
        List<Object> byVertex = batchSizesOf(4 * 1024, new JobConfig().setMaxBatchBytes(16 * 1024));

        assertEquals(300, byJob.stream().mapToInt(o -> (Integer) o).sum());
        assertEquals(300, byVertex.stream().mapToInt(o -> (Integer) o).sum());
        assertTrue(byDefault.stream().allMatch(n -> (Integer) n <= 1 + (1 << 20) / 2000), "default (1 MiB): " + byDefault);
        assertTrue(byJob.stream().allMatch(n -> (Integer) n <= 9), "job's 16 KiB: " + byJob);
        assertTrue(byVertex.stream().allMatch(n -> (Integer) n <= 3), "vertex's 4 KiB: " + byVertex);
    }

    @Test
    void when_dagHasCycle_then_newJobFailsFast() {
        Dag dag = new Dag();
        Vertex a = dag.newVertex("a", ctx -> new PassThrough());
        Vertex b = dag.newVertex("b", ctx -> new PassThrough());
        dag.edge(Edge.between(a, b));
        dag.edge(Edge.between(b, a));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sluice.newJob(dag, new JobConfig()));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void when_manyJobsInParallel_then_allComplete() {
        List<Job> jobs = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int j = 0; j < 8; j++) {
            String key = key();
            keys.add(key);
            Dag dag = new Dag();
            Vertex source = dag.newVertex("source", ctx -> new RangeSource(20_000));
            Vertex sink = dag.newVertex("sink", ctx -> new CollectSink(key));
            dag.edge(Edge.between(source, sink).partitioned((Long v) -> v));
            jobs.add(sluice.newJob(dag, new JobConfig()));
        }
        jobs.forEach(Job::join);
        for (String key : keys) {
            assertEquals(20_000, received(key).size());
        }
    }
}
