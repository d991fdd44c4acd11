package io.sluice.actors.impl;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSelection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart from the last snapshot on one node, with parallelism 2: a user function that throws once
 * at a chosen item, and a stage actor stopped from outside. The pipeline is a replayable stream of
 * {@value #N} numbers (two runners, offsets saved by {@code createSnapshotFn}), a keyed running
 * count ({@code mapStateful}-like {@code rollingAggregate}), and an idempotent sink (a map keyed by
 * (key, count), the way an upsert into a database is idempotent). Checked: exactly once, every
 * (key, count) pair is there once and the last count of each key is exact; at least once, nothing
 * is missing (counts may overshoot); at most once, no pair is there twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartFromSnapshotTest {
    static final long N = 400_000;
    static final int KEYS = 10;
    /** Per test: (key, count) -> how often the sink saw it. */
    static final Map<String, Map<String, AtomicLong>> SEEN = new ConcurrentHashMap<>();
    static final Map<String, AtomicBoolean> THROWN = new ConcurrentHashMap<>();
    /** Tests whose gated source may read its second half. */
    static final java.util.Set<String> RELEASED = ConcurrentHashMap.newKeySet();
    /** Per test: numbers the source read. */
    static final Map<String, AtomicLong> READ = new ConcurrentHashMap<>();

    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("restart-from-snapshot").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** 0..N-1, runner r of 2 (one instance per core of a 2-core node) emits r, r+2, ...; a little slow so that several snapshots happen. */
    static StreamSource<Long> numbers() {
        return SourceBuilder.stream("numbers", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                .<Long>fillBufferFn((st, buf) -> {
                    for (int i = 0; i < 256 && st[0] < N; i++) {
                        buf.add(st[0]);
                        st[0] += st[1];
                    }
                    if (st[0] >= N) {
                        buf.close();
                    } else {
                        Thread.sleep(1);
                    }
                })
                .createSnapshotFn(st -> st[0])
                .restoreSnapshotFn((long[] st, java.util.List<Long> saved) -> {
                    if (!saved.isEmpty()) { // empty: this runner had not saved yet
                        st[0] = saved.get(0);
                    }
                })
                .distributed(2)
                .build();
    }

    static Sink<KeyedResult<Long, Long>> idempotentSink(String test) {
        return SinkBuilder.sinkBuilder("upsert", ctx -> SEEN.computeIfAbsent(test, t -> new ConcurrentHashMap<>()))
                .<KeyedResult<Long, Long>>receiveFn((seen, r) ->
                        seen.computeIfAbsent(r.key() + "=" + r.value(), k -> new AtomicLong()).incrementAndGet())
                .build();
    }

    static Pipeline pipeline(String test, long throwAt) {
        Pipeline p = Pipeline.create();
        p.readFrom(numbers())
         .withoutTimestamps()
         .map(n -> {
             if (n == throwAt && THROWN.computeIfAbsent(test, t -> new AtomicBoolean()).compareAndSet(false, true)) {
                 throw new IllegalStateException("injected failure at item " + n);
             }
             return n;
         })
         .groupingKey(n -> n % KEYS)
         .rollingAggregate(AggregateOperations.counting())
         .writeTo(idempotentSink(test));
        return p;
    }

    static JobConfig config(String name, ProcessingGuarantee guarantee) {
        return JobConfig.named(name).setProcessingGuarantee(guarantee).setSnapshotIntervalMillis(100)
                .setMaxRestartAttempts(3).setRestartBackoffMillis(50);
    }

    /** The job restarted once, and from a snapshot: the items before it were not counted again. */
    private static void checkRestoredFromSnapshot(Job job, String test) {
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        assertTrue(!job.snapshots().isEmpty(), "no snapshot committed");
        Map<String, AtomicLong> seen = SEEN.get(test);
        for (long k = 0; k < KEYS; k++) {
            assertEquals(1, seen.get(k + "=1").get(), "key " + k + ": the first count was emitted again, so the restart"
                    + " began from the start instead of the snapshot");
        }
    }

    private static void check(String test, ProcessingGuarantee guarantee) {
        Map<String, AtomicLong> seen = SEEN.get(test);
        long perKey = N / KEYS;
        Map<Long, Long> maxCount = new HashMap<>();
        for (String pair : seen.keySet()) {
            String[] kv = pair.split("=");
            maxCount.merge(Long.parseLong(kv[0]), Long.parseLong(kv[1]), Math::max);
        }
        switch (guarantee) {
            case EXACTLY_ONCE -> {
                assertEquals(KEYS * perKey, seen.size(), "every (key, count) once");
                for (long k = 0; k < KEYS; k++) {
                    assertEquals(perKey, maxCount.get(k), "final count of key " + k);
                    for (long c = 1; c <= perKey; c++) {
                        assertTrue(seen.containsKey(k + "=" + c), "missing " + k + "=" + c);
                    }
                }
            }
            case AT_LEAST_ONCE -> {
                for (long k = 0; k < KEYS; k++) {
                    for (long c = 1; c <= perKey; c++) {
                        assertTrue(seen.containsKey(k + "=" + c), "missing " + k + "=" + c + ": lost an item");
                    }
                }
            }
            default -> throw new AssertionError(guarantee);
        }
    }

    @Test
    void when_functionThrowsOnceAtMostOnce_then_noItemIsRepeated() {
        String test = "at-most-once";
        Pipeline p = Pipeline.create();
        p.readFrom(numbers()).withoutTimestamps()
         .map(n -> {
             if (n == 3 * N / 4 && THROWN.computeIfAbsent(test, t -> new AtomicBoolean()).compareAndSet(false, true)) {
                 throw new IllegalStateException("injected failure at item " + n);
             }
             return n;
         })
         .writeTo(SinkBuilder.sinkBuilder("items", ctx -> SEEN.computeIfAbsent(test, t -> new ConcurrentHashMap<>()))
                 .<Long>receiveFn((seen, n) -> seen.computeIfAbsent(Long.toString(n), k -> new AtomicLong()).incrementAndGet())
                 .build());
        Job job = sluice.newJob(p, config(test, ProcessingGuarantee.AT_MOST_ONCE));
        job.join();
        assertTrue(THROWN.get(test).get(), "the failure was injected");
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        for (Map.Entry<String, AtomicLong> e : SEEN.get(test).entrySet()) {
            assertEquals(1, e.getValue().get(), "item " + e.getKey() + " was processed twice");
        }
        assertTrue(SEEN.get(test).containsKey(Long.toString(N - 1)), "the job went on after the failure");
    }

    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_functionThrowsOnce_then_jobRestartsFromSnapshotAndCompletes(ProcessingGuarantee guarantee) {
        String test = "throws-" + guarantee;
        Job job = sluice.newJob(pipeline(test, 3 * N / 4), config(test, guarantee));
        job.join();
        assertTrue(THROWN.get(test).get(), "the failure was injected");
        check(test, guarantee);
        checkRestoredFromSnapshot(job, test);
    }

    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_stageActorStopped_then_jobRestartsFromSnapshotAndCompletes(ProcessingGuarantee guarantee) throws Exception {
        String test = "stopped-" + guarantee;
        Job job = sluice.newJob(pipeline(test, -1), config(test, guarantee));
        // wait until a snapshot committed and some output exists, then stop one stage actor
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (SEEN.getOrDefault(test, Map.of()).size() < N / 4 || job.snapshots().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no progress");
            Thread.sleep(5);
        }
        var offsets = job.sourceOffsets();
        assertEquals(java.util.Set.of("numbers"), offsets.keySet(), "source offsets: " + offsets);
        assertEquals(java.util.Set.of(0, 1), offsets.get("numbers").keySet(), "source offsets: " + offsets);
        for (var e : offsets.get("numbers").entrySet()) {
            long next = (Long) e.getValue();
            assertEquals(e.getKey().longValue(), next % 2, "runner " + e.getKey() + "'s next number: " + next);
            assertTrue(next > 0 && next < N + 2, "runner " + e.getKey() + "'s next number: " + next);
        }
        ActorRef victim = findStageActor("rollingAggregate");
        ((EmbeddedSluice) sluice).system().classicSystem().stop(victim);
        job.join();
        check(test, guarantee);
        checkRestoredFromSnapshot(job, test);
    }

    /**
     * A batch job (a finite builder source with snapshot functions, a keyed count emitted at the
     * end) whose aggregation's stage actor is stopped mid-run: the restart restores the partial
     * counts and the source offsets, and every key's final count is exact.
     */
    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_batchStageActorStopped_then_jobRestartsFromSnapshotAndCountsAreExact(ProcessingGuarantee guarantee)
            throws Exception {
        String test = "batch-stopped-" + guarantee;
        AtomicLong read = new AtomicLong();
        READ.put(test, read);
        Pipeline p = Pipeline.create();
        p.readFrom(SourceBuilder.batch("batch-numbers", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                        .<Long>fillBufferFn((st, buf) -> {
                            if (st[0] >= N / 2 && !RELEASED.contains(test)) {
                                return; // half the input, then wait (idle) until the test stopped the actor
                            }
                            int added = 0;
                            for (; added < 256 && st[0] < N; added++) {
                                buf.add(st[0]);
                                st[0] += st[1];
                            }
                            READ.get(test).addAndGet(added);
                            if (st[0] >= N) {
                                buf.close();
                            } else {
                                Thread.sleep(1);
                            }
                        })
                        .createSnapshotFn(st -> st[0])
                        .restoreSnapshotFn((long[] st, java.util.List<Long> saved) -> {
                            if (!saved.isEmpty()) {
                                st[0] = saved.get(0);
                            }
                        })
                        .distributed(2)
                        .build())
         .groupingKey(n -> n % KEYS)
         .aggregate(AggregateOperations.counting())
         .writeTo(idempotentSink(test));
        Job job = sluice.newJob(p, config(test, guarantee));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (read.get() < N / 3 || job.snapshots().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no progress");
            Thread.sleep(5);
        }
        long readAtStop = read.get();
        ((EmbeddedSluice) sluice).system().classicSystem().stop(findStageActor("aggregate"));
        while (job.executions().size() < 2) { // the stopped execution's sources must not read on
            assertTrue(System.nanoTime() < deadline, "no restart after the stage actor stopped");
            Thread.sleep(5);
        }
        RELEASED.add(test);
        job.join();
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        Map<String, AtomicLong> seen = SEEN.get(test);
        for (long k = 0; k < KEYS; k++) {
            assertTrue(seen.containsKey(k + "=" + N / KEYS), "key " + k + ": " + seen.keySet());
        }
        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE) {
            assertEquals(KEYS, seen.size(), "one exact count per key: " + seen.keySet());
        }
        // from the start, the restart would read all N again
        assertTrue(read.get() < readAtStop + N, "read " + readAtStop + " numbers before the stop and " + read.get()
                + " in all: the restart began from the start");
    }

    @Test
    void when_failuresExceedThePolicy_then_jobFailsWithTheOriginalCause() {
        String test = "beyond-policy";
        Pipeline p = Pipeline.create();
        p.readFrom(numbers()).withoutTimestamps()
         .map(n -> {
             if (n == 1000) {
                 throw new IllegalStateException("always fails at 1000");
             }
             return n;
         })
         .groupingKey(n -> n % KEYS)
         .rollingAggregate(AggregateOperations.counting())
         .writeTo(idempotentSink(test));
        Job job = sluice.newJob(p, config(test, ProcessingGuarantee.EXACTLY_ONCE).setMaxRestartAttempts(2));
        JobFailedException e = assertThrows(JobFailedException.class, job::join);
        assertTrue(e.getMessage().contains("always fails at 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("map"), e.getMessage());
    }

    /**
     * Runner 1 emits 1,000 numbers and completes long before runner 0 fails: the snapshot records it
     * as completed, so the restart does not run it again (its keys' first counts are not repeated).
     */
    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_oneSourceCompletedBeforeTheFailure_then_itIsNotRunAgain(ProcessingGuarantee guarantee) {
        String test = "completed-" + guarantee;
        Pipeline p = Pipeline.create();
        p.readFrom(SourceBuilder.stream("uneven", ctx -> new long[] {ctx.globalIndex(), ctx.globalIndex() == 0 ? N : 2_000})
                        .<Long>fillBufferFn((st, buf) -> {
                            for (int i = 0; i < 256 && st[0] < st[1]; i++) {
                                buf.add(st[0]);
                                st[0] += 2;
                            }
                            if (st[0] >= st[1]) {
                                buf.close();
                            } else {
                                Thread.sleep(1);
                            }
                        })
                        .createSnapshotFn(st -> st[0])
                        .restoreSnapshotFn((long[] st, java.util.List<Long> saved) -> {
                            if (!saved.isEmpty()) {
                                st[0] = saved.get(0);
                            }
                        })
                        .distributed(2)
                        .build())
         .withoutTimestamps()
         .map(n -> {
             if (n == 3 * N / 4 && THROWN.computeIfAbsent(test, t -> new AtomicBoolean()).compareAndSet(false, true)) {
                 throw new IllegalStateException("injected failure at item " + n);
             }
             return n;
         })
         .groupingKey(n -> n % KEYS)
         .rollingAggregate(AggregateOperations.counting())
         .writeTo(idempotentSink(test));
        Job job = sluice.newJob(p, config(test, guarantee));
        job.join();
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        Map<String, AtomicLong> seen = SEEN.get(test);
        for (long k = 1; k < KEYS; k += 2) {
            assertEquals(1, seen.get(k + "=1").get(), "key " + k + " of the completed runner counted again");
            assertEquals(1, seen.get(k + "=200").get(), "key " + k + " of the completed runner counted again");
            assertTrue(!seen.containsKey(k + "=201"), "key " + k + " counted beyond its 200 items");
        }
    }

    /**
     * A fast source with native timestamps, fused with a map: its watermarks hold items back (the
     * backlog), so a snapshot often finds the chain at the end of a full call. Snapshots every 20 ms
     * must not stall it (they once did: the chain's per-call limit was not reset for the save).
     */
    @Test
    void when_fusedTimestampedSourceSnapshotsOften_then_jobCompletesWithSnapshots() {
        String test = "fused-timestamped";
        long n = 5_000_000;
        Pipeline p = Pipeline.create();
        p.readFrom(SourceBuilder.timestampedStream("fast", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                        .<Long>fillBufferFn((st, buf) -> {
                            for (int i = 0; i < 1024 && st[0] < n; i++) {
                                buf.add(st[0], st[0] / 1000);
                                st[0] += st[1];
                            }
                            if (st[0] >= n) {
                                buf.close();
                            }
                        })
                        .createSnapshotFn(st -> st[0])
                        .restoreSnapshotFn((long[] st, java.util.List<Long> saved) -> st[0] = saved.get(0))
                        .distributed(2)
                        .build())
         .withNativeTimestamps(0)
         .map(x -> x % KEYS)
         .groupingKey(k -> k)
         .window(io.sluice.engine.pipeline.WindowDefinition.tumbling(100))
         .aggregate(AggregateOperations.counting())
         .writeTo(SinkBuilder.sinkBuilder("windows", ctx -> SEEN.computeIfAbsent(test, t -> new ConcurrentHashMap<>()))
                 .<Object>receiveFn((seen, r) -> seen.computeIfAbsent(r.toString(), k -> new AtomicLong()).incrementAndGet())
                 .build());
        Job job = sluice.newJob(p, config(test, ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(20));
        job.join();
        assertTrue(job.snapshots().size() >= 2, "snapshots taken: " + job.snapshots().size());
        assertEquals(n / 1000 / 100 * KEYS, SEEN.get(test).size(), "one result per key and 100 ms window");
    }

    /** The classic ref of a running stage actor whose name contains {@code vertexPart}. */
    private static ActorRef findStageActor(String vertexPart) throws Exception {
        var system = ((EmbeddedSluice) sluice).system().classicSystem();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ActorSelection sel = system.actorSelection("/user/job-*/execution-*/*" + vertexPart + "*");
            try {
                return sel.resolveOne(Duration.ofMillis(500)).toCompletableFuture().get();
            } catch (Exception notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no stage actor named *" + vertexPart + "*");
    }
}
