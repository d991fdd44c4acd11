package io.sluice.actors.impl;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.actors.Job;
import io.sluice.actors.JobSnapshotInfo;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job operations end to end on one embedded node (parallelism 2, snapshots in memory):
 * suspend/resume, restart, export and job upgrade, and a state that cannot be encoded. The
 * pipeline: a replayable stream of numbers whose two runners stop at a limit the test moves
 * ({@link #LIMIT}), a keyed running count named {@code counter} ({@code mapStateful}), and an
 * idempotent sink (a map keyed by (key, count), as an upsert into a database). Exactly once means:
 * every (key, count) pair is there, and none was emitted twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JobOperationsE2ETest {
    static final long N = 200_000;
    static final int KEYS = 10;
    /** Per test: (key, count) -> how often the sink saw it. */
    static final Map<String, Map<String, AtomicLong>> SEEN = new ConcurrentHashMap<>();
    /** Per test: the sources emit numbers below this only. */
    static final Map<String, AtomicLong> LIMIT = new ConcurrentHashMap<>();

    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("job-operations").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** 0..n-1 below the test's limit; runner r of 2 emits r, r+2, ...; its offset is its snapshot. */
    static StreamSource<Long> numbers(String test, long n) {
        return SourceBuilder.stream("numbers", ctx -> new long[] {ctx.globalIndex(), ctx.totalParallelism()})
                .<Long>fillBufferFn((st, buf) -> {
                    long limit = Math.min(n, LIMIT.computeIfAbsent(test, t -> new AtomicLong(Long.MAX_VALUE)).get());
                    for (int i = 0; i < 64 && st[0] < limit; i++) {
                        buf.add(st[0]);
                        st[0] += st[1];
                    }
                    if (st[0] >= n) {
                        buf.close();
                    } else {
                        Thread.sleep(1);
                    }
                })
                .createSnapshotFn(st -> st[0])
                .restoreSnapshotFn((long[] st, List<Long> saved) -> {
                    if (!saved.isEmpty()) {
                        st[0] = saved.get(0);
                    }
                })
                .distributed(2)
                .build();
    }

    static Sink<KeyedResult<Long, Long>> idempotentSink(String seenKey) {
        return SinkBuilder.sinkBuilder("upsert", ctx -> SEEN.computeIfAbsent(seenKey, t -> new ConcurrentHashMap<>()))
                .<KeyedResult<Long, Long>>receiveFn((seen, r) ->
                        seen.computeIfAbsent(r.key() + "=" + r.value(), k -> new AtomicLong()).incrementAndGet())
                .build();
    }

    /** numbers -> running count per key (stage 'counter', a long[] per key) -> the idempotent sink. */
    static Pipeline counting(String test, String seenKey) {
        Pipeline p = Pipeline.create();
        counter(p, test).writeTo(idempotentSink(seenKey));
        return p;
    }

    static StreamStage<KeyedResult<Long, Long>> counter(Pipeline p, String test) {
        return p.readFrom(numbers(test, N))
                .withoutTimestamps()
                .groupingKey(n -> n % KEYS)
                .mapStateful(() -> new long[1], (long[] c, Long k, Long n) -> {
                    c[0]++;
                    return KeyedResult.of(k, c[0]);
                })
                .setName("counter");
    }

    static JobConfig config(String name) {
        return JobConfig.named(name).setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                .setSnapshotIntervalMillis(100).setMaxRestartAttempts(2).setRestartBackoffMillis(50);
    }

    static void limit(String test, long limit) {
        LIMIT.computeIfAbsent(test, t -> new AtomicLong()).set(limit);
    }

    static int seen(String key) {
        return SEEN.getOrDefault(key, Map.of()).size();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    /**
     * Every (key, count) pair of the whole stream is in {@code seen} and no count goes beyond the
     * key's items (the idempotent sink's content is exact); with {@code noneTwice} also no pair was
     * emitted twice (nothing was replayed: the job stopped at a terminal snapshot).
     */
    static void checkExactlyOnce(Map<String, AtomicLong> seen, boolean noneTwice) {
        long perKey = N / KEYS;
        assertEquals(KEYS * perKey, seen.size(), "every (key, count) once");
        for (long k = 0; k < KEYS; k++) {
            for (long c = 1; c <= perKey; c++) {
                AtomicLong times = seen.get(k + "=" + c);
                assertTrue(times != null, "missing " + k + "=" + c);
                if (noneTwice) {
                    assertEquals(1, times.get(), k + "=" + c + " was emitted " + times.get() + " times");
                }
            }
            assertFalse(seen.containsKey(k + "=" + (perKey + 1)), "key " + k + " counted beyond " + perKey);
            assertEquals(1, seen.get(k + "=1").get(), "key " + k + ": the first count was emitted again, so a"
                    + " restart began from the start instead of the snapshot");
        }
    }

    /**
     * Runs to the half-way limit, suspends (a terminal snapshot), shows that nothing moves while
     * suspended although the limit was lifted, and resumes from that snapshot.
     */
    @Test
    void when_suspendedAndResumed_then_jobContinuesFromTheTerminalSnapshot() throws Exception {
        String test = "suspend";
        limit(test, N / 2);
        Job job = sluice.newJob(counting(test, test), config(test));
        await("the first half and a snapshot", () -> seen(test) == N / 2 && !job.snapshots().isEmpty());
        int snapshotsBefore = job.snapshots().size();

        job.suspend();
        await("SUSPENDED", () -> job.status() == JobStatus.SUSPENDED);
        List<JobSnapshotInfo> snapshots = job.snapshots();
        assertTrue(snapshots.size() > snapshotsBefore, "a terminal snapshot was committed: " + snapshots);
        assertEquals(snapshots.get(snapshots.size() - 1).id(), job.lastCommittedSnapshotId().getAsLong());
        assertEquals("suspended", job.executions().get(0).outcome(), "executions: " + job.executions());
        assertTrue(job.suspensionCause().isEmpty(), "a user's suspend has no cause");
        assertThrows(IllegalStateException.class, job::restart, "restart of a suspended job is refused");
        assertEquals(Map.of("numbers", Map.of(0, N / 2, 1, N / 2 + 1)), job.sourceOffsets(),
                "the runners stopped at the limit, and the terminal snapshot holds where");

        limit(test, N);
        Thread.sleep(500); // nothing to await: the absence of progress
        assertEquals(N / 2, seen(test), "the job made progress while suspended");
        assertEquals(snapshots, job.snapshots(), "a snapshot was taken while suspended");

        job.resume();
        job.join();
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        checkExactlyOnce(SEEN.get(test), true);
    }

    /** restart() mid-stream: the new execution starts from the last snapshot, the output is exact. */
    @Test
    void when_restartedWhileRunning_then_jobContinuesFromTheLastSnapshot() throws Exception {
        String test = "restart";
        Job job = sluice.newJob(counting(test, test), config(test));
        await("a quarter and a snapshot", () -> seen(test) >= N / 4 && !job.snapshots().isEmpty());
        assertThrows(IllegalStateException.class, job::resume, "resume of a running job is refused");
        job.restart();
        job.join();
        assertEquals(2, job.executions().size(), "executions: " + job.executions());
        assertEquals("restart requested", job.executions().get(0).outcome());
        // the sink is idempotent, not transactional: what it got after the last snapshot is emitted again
        checkExactlyOnce(SEEN.get(test), false);
    }

    /**
     * Version 1 runs to the half-way limit; an export while it runs leaves it running;
     * cancelAndExportSnapshot ends it. Version 2 (the same source and 'counter', then a new stage)
     * starts from the export: the counts go on where version 1 stopped.
     */
    @Test
    void when_newVersionStartsFromExport_then_stateOfStagesWithTheSameNameCarriesOver() throws Exception {
        String test = "upgrade";
        limit(test, N / 2);
        Job v1 = sluice.newJob(counting(test, test + "-v1"), config(test + "-v1"));
        await("the first half", () -> seen(test + "-v1") == N / 2);

        v1.exportSnapshot("upgrade-running");
        assertEquals(JobStatus.RUNNING, v1.status(), "an export leaves the job running");
        assertEquals("upgrade-running", v1.snapshots().get(v1.snapshots().size() - 1).exportName());

        v1.cancelAndExportSnapshot("upgrade-final");
        assertThrows(JobCancelledException.class, v1::join);
        assertEquals(JobStatus.CANCELLED, v1.status());

        limit(test, N);
        Pipeline v2 = Pipeline.create();
        counter(v2, test)
                .filter(r -> r.value() > 0) // a stage version 1 did not have
                .setName("v2-only")
                .writeTo(idempotentSink(test + "-v2"));
        Job job2 = sluice.newJob(v2, config(test + "-v2").setInitialSnapshotName("upgrade-final"));
        job2.join();

        Map<String, AtomicLong> v2Seen = SEEN.get(test + "-v2");
        for (long k = 0; k < KEYS; k++) {
            assertFalse(v2Seen.containsKey(k + "=1"), "key " + k + ": version 2 counted from 1, its state was lost");
        }
        Map<String, AtomicLong> all = new HashMap<>(SEEN.get(test + "-v1"));
        v2Seen.forEach((pair, times) -> all.merge(pair, times, (a, b) -> new AtomicLong(a.get() + b.get())));
        checkExactlyOnce(all, true);
    }

    /**
     * Version 3's 'counter' keeps a different class of state than the export holds (a map instead
     * of a long[]): the job fails naming the stage, both classes, the snapshot and the fix. The
     * state is restored as objects, so the failure comes from the stage's function at the first
     * item of a restored key (after the restart attempts), not from the restore itself.
     */
    @Test
    void when_newVersionCannotReadTheState_then_startFailsNamingTheStage() throws Exception {
        String test = "incompatible";
        limit(test, N / 4);
        Job v1 = sluice.newJob(counting(test, test + "-v1"), config(test + "-v1"));
        await("a quarter", () -> seen(test + "-v1") == N / 4);
        v1.cancelAndExportSnapshot("incompatible-v1");
        assertThrows(JobCancelledException.class, v1::join);

        limit(test, N);
        Pipeline v3 = Pipeline.create();
        v3.readFrom(numbers(test, N))
          .withoutTimestamps()
          .groupingKey(n -> n % KEYS)
          .mapStateful(HashMap::new, (HashMap<String, Long> m, Long k, Long n) -> {
              long c = m.merge("count", 1L, Long::sum);
              return KeyedResult.of(k, c);
          })
          .setName("counter")
          .writeTo(idempotentSink(test + "-v3"));
        Job job3 = sluice.newJob(v3, config(test + "-v3").setInitialSnapshotName("incompatible-v1"));
        JobFailedException e = assertThrows(JobFailedException.class, job3::join);
        String message = e.getMessage();
        assertTrue(message.contains("'counter'"), message);
        assertTrue(message.contains("ClassCastException"), message);
        assertTrue(message.contains("class [J cannot be cast to class java.util.HashMap"), "names both classes: " + message);
        assertTrue(message.contains("restored its state from exported snapshot 'incompatible-v1'"), message);
        assertTrue(message.contains("setName"), "says what to do: " + message);
        assertTrue(e.getCause().getCause() instanceof ClassCastException, "the original is the cause's cause");
    }

    /**
     * Version 4 makes 'counter' a window aggregation, whose restore expects window frames: the
     * restore itself throws, so the job fails at the start, with the same explanation.
     */
    @Test
    void when_stageOfTheSameNameIsAnotherOperation_then_restoreFailsNamingTheStage() throws Exception {
        String test = "other-operation";
        limit(test, N / 4);
        Job v1 = sluice.newJob(counting(test, test + "-v1"), config(test + "-v1"));
        await("a quarter", () -> seen(test + "-v1") == N / 4);
        v1.cancelAndExportSnapshot("other-operation-v1");
        assertThrows(JobCancelledException.class, v1::join);

        Pipeline v4 = Pipeline.create();
        v4.readFrom(numbers(test, N))
          .withIngestionTimestamps()
          .groupingKey(n -> n % KEYS)
          .window(io.sluice.engine.pipeline.WindowDefinition.tumbling(1000))
          .aggregate(io.sluice.engine.aggregate.AggregateOperations.counting())
          .setName("counter")
          .writeTo(SinkBuilder.sinkBuilder("windows", ctx -> SEEN.computeIfAbsent(test + "-v4", t -> new ConcurrentHashMap<>()))
                  .<Object>receiveFn((seen, r) -> seen.computeIfAbsent(r.toString(), k -> new AtomicLong()).incrementAndGet())
                  .build());
        Job job4 = sluice.newJob(v4, config(test + "-v4").setInitialSnapshotName("other-operation-v1"));
        JobFailedException e = assertThrows(JobFailedException.class, job4::join);
        String message = e.getMessage();
        // the window aggregation's combining member restored the state: 'counter(window-combine)'
        assertTrue(message.contains("stage 'counter(window-combine)' restored its state from exported snapshot"
                + " 'other-operation-v1'"), message);
        assertTrue(message.contains("ClassCastException"), message);
        assertEquals(0, seen(test + "-v4"), "nothing was emitted");
    }

    /** A state object Kryo cannot write (it holds a Thread) fails each snapshot, never the job. */
    @Test
    void when_stateCannotBeEncoded_then_snapshotFailsAndJobCompletes() throws Exception {
        String test = "unencodable";
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger coordinatorLog = (Logger) LoggerFactory.getLogger(JobCoordinator.class);
        coordinatorLog.addAppender(log);
        try {
            Pipeline p = Pipeline.create();
            p.readFrom(numbers(test, N / 4))
             .withoutTimestamps()
             .groupingKey(n -> n % KEYS)
             .mapStateful(ThreadHolder::new, (ThreadHolder h, Long k, Long n) -> KeyedResult.of(k, ++h.count))
             .setName("holder")
             .writeTo(idempotentSink(test));
            Job job = sluice.newJob(p, config(test));
            job.join();
            assertTrue(job.snapshots().isEmpty(), "no snapshot committed: " + job.snapshots());
            assertEquals(1, job.executions().size(), "the job was not restarted: " + job.executions());
            assertEquals(N / 4, seen(test), "the job processed everything");
            List<String> warnings = log.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("'" + test + "'") && m.contains("failed")).toList();
            assertFalse(warnings.isEmpty(), "a failed snapshot was logged: " + log.list);
            String warning = warnings.get(0);
            assertTrue(warning.contains("stage 'holder"), warning); // 'holder -> upsert': the sink is fused into it
            assertTrue(warning.contains("field 'owner' of " + ThreadHolder.class.getName()), warning);
        } finally {
            coordinatorLog.detachAppender(log);
        }
    }

    /**
     * suspend() of a job whose snapshots all fail: the terminal snapshot fails too, so the execution
     * is just stopped and the job is SUSPENDED without one; it cannot be exported, and resume()
     * starts from the beginning (there is nothing to restore), which an idempotent sink absorbs.
     */
    @Test
    void when_terminalSnapshotFails_then_jobIsSuspendedWithoutOneAndResumesFromTheStart() throws Exception {
        String test = "suspend-unencodable";
        limit(test, N / 8);
        Pipeline p = Pipeline.create();
        p.readFrom(numbers(test, N / 4))
         .withoutTimestamps()
         .groupingKey(n -> n % KEYS)
         .mapStateful(ThreadHolder::new, (ThreadHolder h, Long k, Long n) -> KeyedResult.of(k, ++h.count))
         .setName("holder")
         .writeTo(idempotentSink(test));
        Job job = sluice.newJob(p, config(test));
        await("an eighth", () -> seen(test) == N / 8);
        job.suspend();
        await("SUSPENDED", () -> job.status() == JobStatus.SUSPENDED);
        assertTrue(job.snapshots().isEmpty(), "no snapshot committed: " + job.snapshots());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.exportSnapshot("nothing"));
        assertTrue(e.getMessage().contains("no committed snapshot"), e.getMessage());

        limit(test, N);
        job.resume();
        job.join();
        assertEquals(N / 4, seen(test), "every (key, count) of the stream");
        for (long k = 0; k < KEYS; k++) {
            assertEquals(2, SEEN.get(test).get(k + "=1").get(), "key " + k + ": resumed from the start");
        }
    }

    /** A state class Kryo cannot write: it holds the thread that created it. */
    static final class ThreadHolder {
        final Thread owner = Thread.currentThread();
        long count;
    }
}
