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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's life on one in-memory node: restart policy, suspend on failure, suspend/resume, restart, cancel, lookup. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobLifecycleTest {
    private static Sluice sluice;

    /** Per test key: how many times the failing stage threw, how many items sinks received. */
    static final Map<String, AtomicInteger> THROWN = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> RECEIVED = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("lifecycle-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** Emits 0..count-1 then completes; count < 0: emits forever (a streaming source). */
    static final class CountingSource implements Processor {
        private final long count;
        private long next;
        private Outbox outbox;

        CountingSource(long count) {
            this.count = count;
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
            for (int i = 0; i < 100 && (count < 0 || next < count); i++) {
                outbox.add(next++);
            }
            if (count < 0) {
                Thread.onSpinWait();
            }
            return count >= 0 && next >= count;
        }
    }

    /** Throws on its first item while THROWN[key] < failures (each throw counts one). */
    static final class FailingStage implements Processor {
        private final String key;
        private final int failures;
        private Outbox outbox;

        FailingStage(String key, int failures) {
            this.key = key;
            this.failures = failures;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            if (THROWN.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() < failures) {
                throw new IllegalStateException("boom #" + THROWN.get(key).get());
            }
            THROWN.get(key).decrementAndGet();
            for (Object o : batch) {
                outbox.add(o);
            }
        }
    }

    static final class CountingSink implements Processor {
        private final String key;

        CountingSink(String key) {
            this.key = key;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
        }

        @Override
        public void process(int ordinal, Batch batch) {
            RECEIVED.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(batch.size());
        }
    }

    /** source(count) -> failing(key, failures) -> sink(key), parallelism 1. */
    static Dag dag(String key, long count, int failures) {
        Dag dag = new Dag();
        Vertex source = dag.newVertex("source", ctx -> new CountingSource(count)).localParallelism(1);
        Vertex mid = dag.newVertex("parse", ctx -> new FailingStage(key, failures)).localParallelism(1);
        Vertex sink = dag.newVertex("sink", ctx -> new CountingSink(key)).localParallelism(1);
        dag.edge(Edge.between(source, mid));
        dag.edge(Edge.between(mid, sink));
        return dag;
    }

    static long received(String key) {
        AtomicLong n = RECEIVED.get(key);
        return n == null ? 0 : n.get();
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void when_failuresWithinRestartAttempts_then_jobRestartsAndCompletes() {
        String key = key();
        Job job = sluice.newJob(dag(key, 1_000, 2), JobConfig.named("flaky").setMaxRestartAttempts(2)
                .setRestartBackoffMillis(10));

        job.join();

        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(2, THROWN.get(key).get());
        assertEquals(1_000, received(key));
        List<JobExecutionInfo> executions = job.executions();
        assertEquals(3, executions.size(), executions.toString());
        assertTrue(executions.get(0).outcome().startsWith("failed: in stage 'parse'"), executions.toString());
        assertTrue(executions.get(0).outcome().contains("boom #1"), executions.toString());
        assertEquals("completed", executions.get(2).outcome());
        assertTrue(job.lastCommittedSnapshotId().isEmpty(), "a job with guarantee NONE takes no snapshots");
    }

    @Test
    void when_failuresBeyondRestartAttempts_then_jobFailsWithOriginalCauseNamingTheStage() {
        String key = key();
        Job job = sluice.newJob(dag(key, 1_000, 100), JobConfig.named("broken").setMaxRestartAttempts(1)
                .setRestartBackoffMillis(10));

        JobFailedException e = assertThrows(JobFailedException.class, job::join);

        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(e.getMessage().contains("in stage 'parse' (vertex 'parse', instance #0 of 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("boom #2"), "the cause of the last attempt: " + e.getMessage());
        assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
        assertEquals(2, job.executions().size());
        assertThrows(IllegalStateException.class, job::resume);
    }

    @Test
    void when_suspendOnFailure_then_jobWaitsSuspendedWithCause_and_resumeContinues() {
        String key = key();
        Job job = sluice.newJob(dag(key, 1_000, 1), JobConfig.named("suspends").setMaxRestartAttempts(0)
                .setSuspendOnFailure(true));

        await("the job is suspended", () -> job.status() == JobStatus.SUSPENDED);
        assertTrue(job.suspensionCause().orElseThrow().startsWith("in stage 'parse' (vertex 'parse', instance #0 of 1):"),
                job.suspensionCause().toString());
        assertTrue(job.suspensionCause().orElseThrow().contains("boom #1"), job.suspensionCause().toString());
        assertFalse(job.future().isDone());

        job.resume();
        job.join();

        assertEquals(JobStatus.COMPLETED, job.status());
        assertEquals(1_000, received(key));
        assertEquals(2, job.executions().size());
    }

    @Test
    void when_cancelled_then_joinThrowsCancelled() {
        String key = key();
        Job job = sluice.newJob(dag(key, -1, 0), JobConfig.named("endless"));
        await("items flow", () -> received(key) > 0);

        job.cancel();

        assertThrows(JobCancelledException.class, job::join);
        assertEquals(JobStatus.CANCELLED, job.status());
        assertThrows(IllegalStateException.class, job::suspend);
        job.cancel(); // cancelling an ended job does nothing
    }

    @Test
    void when_cancelledRightAfterSubmit_then_cancelled() {
        String key = key();
        Job job = sluice.newJob(dag(key, -1, 0), JobConfig.named("cancelled-at-once"));
        job.cancel(); // may reach the node before the job is registered

        assertThrows(JobCancelledException.class, job::join);
        assertEquals(JobStatus.CANCELLED, job.status());
    }

    @Test
    void when_streamingJobSuspendedAndResumed_then_itStopsAndRunsAgain() {
        String key = key();
        Job job = sluice.newJob(dag(key, -1, 0), JobConfig.named("suspend-resume"));
        await("the job runs", () -> job.status() == JobStatus.RUNNING && received(key) > 0);

        job.suspend();
        await("the job is suspended", () -> job.status() == JobStatus.SUSPENDED);
        long atSuspend = received(key);
        assertTrue(job.suspensionCause().isEmpty());
        assertThrows(IllegalStateException.class, job::restart, "a suspended job is resumed, not restarted");

        job.resume();
        await("the job runs again", () -> job.status() == JobStatus.RUNNING && received(key) > atSuspend);
        List<JobExecutionInfo> executions = job.executions();
        assertEquals(2, executions.size());
        assertEquals("suspended", executions.get(0).outcome());
        assertNull(executions.get(1).outcome());

        job.restart();
        await("a third execution runs", () -> job.executions().size() == 3 && job.status() == JobStatus.RUNNING);
        assertEquals("restart requested", job.executions().get(1).outcome());

        job.cancel();
        assertThrows(JobCancelledException.class, job::join);
    }

    @Test
    void when_newJobIfAbsent_then_theLiveJobOfThatNameIsReturned() {
        String key = key();
        String name = "singleton-" + key;
        Job first = sluice.newJobIfAbsent(dag(key, -1, 0), JobConfig.named(name));
        Job again = sluice.newJobIfAbsent(dag(key, -1, 0), JobConfig.named(name));

        assertSame(first, again);
        assertSame(first, sluice.getJob(name).orElseThrow());
        assertTrue(sluice.getJob("no such job " + key).isEmpty());

        first.cancel();
        assertThrows(JobCancelledException.class, first::join);
        assertSame(first, sluice.getJob(name).orElseThrow(), "an ended job is still found by name");
        Job second = sluice.newJobIfAbsent(dag(key, -1, 0), JobConfig.named(name));
        assertFalse(first == second, "the first one ended: a new job starts");
        assertSame(second, sluice.getJob(name).orElseThrow(), "the live job wins");
        second.cancel();
        assertThrows(JobCancelledException.class, second::join);
    }

    @Test
    void when_newJobIfAbsentWithoutName_then_clearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sluice.newJobIfAbsent(dag(key(), 1, 0), new JobConfig()));
        assertTrue(e.getMessage().contains("JobConfig.named"), e.getMessage());
    }

    @Test
    void when_initialSnapshotDoesNotExist_then_submissionFailsClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sluice.newJob(dag(key(), 1, 0), JobConfig.named("v2").setInitialSnapshotName("v1-final")));
        assertTrue(e.getMessage().contains("initial snapshot 'v1-final' does not exist"), e.getMessage());
    }

    @Test
    void when_exportFromJobWithoutSnapshot_then_refusedWithReason() {
        String key = key();
        Job job = sluice.newJob(dag(key, -1, 0), JobConfig.named("no-guarantee-export"));
        await("the job runs", () -> job.status() == JobStatus.RUNNING);
        job.suspend();
        await("the job is suspended", () -> job.status() == JobStatus.SUSPENDED);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.exportSnapshot("x"));
        assertTrue(e.getMessage().contains("no committed snapshot"), e.getMessage());

        job.cancel();
        assertThrows(JobCancelledException.class, job::join);
    }
}
