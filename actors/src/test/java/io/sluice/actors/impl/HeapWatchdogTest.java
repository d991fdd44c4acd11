package io.sluice.actors.impl;

import com.typesafe.config.ConfigFactory;
import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.job.JobOutOfMemoryException;
import io.sluice.engine.job.JobStatus;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heap watchdog's decisions on a real node with real jobs, GC by GC (the GCs are given to a
 * {@link HeapWatchdog.Judge} of the test's own, so the JVM's real collections do not interfere),
 * and its listener's lifecycle. {@code HeapWatchdogIT} runs the real thing in a 1 GB JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeapWatchdogTest {
    private final List<Sluice> nodes = new ArrayList<>();
    private final List<Job> jobs = new ArrayList<>();

    @AfterEach
    void stop() {
        jobs.forEach(Job::cancel);
        nodes.forEach(Sluice::close);
    }

    private EmbeddedSluice node(String name) {
        Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName(name).withParallelism(2));
        nodes.add(sluice);
        return (EmbeddedSluice) sluice;
    }

    /** An endless stream whose keyed count holds {@code keys} keys once every key has come by. */
    private Job keyedCount(Sluice sluice, String name, int keys) {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.itemStream(20_000, (ts, seq) -> seq % keys))
         .withoutTimestamps()
         .groupingKey(k -> k)
         .rollingAggregate(AggregateOperations.counting())
         .writeTo(SinkBuilder.sinkBuilder("discard", ctx -> new long[1]).<Object>receiveFn((n, item) -> n[0]++).build());
        Job job = sluice.newJob(p, JobConfig.named(name));
        jobs.add(job);
        return job;
    }

    private static long recordsOf(MemoryGuard guard, Job job) {
        long n = 0;
        for (MemoryGuard.Holder h : guard.holders()) {
            if (h.id().jobId().equals(job.id())) {
                n += h.state().accumulatedRecords();
            }
        }
        return n;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A node running a job of 2,000 keys ("big") and one of 100 keys ("small"), both fully grown. */
    private record TwoJobs(MemoryGuard guard, List<HeapWatchdog.Node> nodes, Job big, Job small, String bigVertex) {
    }

    private TwoJobs twoJobs(String nodeName) throws InterruptedException {
        EmbeddedSluice sluice = node(nodeName);
        MemoryGuard guard = MemoryGuard.get(sluice.system());
        Job big = keyedCount(sluice, "big", 2_000);
        Job small = keyedCount(sluice, "small", 100);
        await(() -> recordsOf(guard, big) == 2_000 && recordsOf(guard, small) == 100, "both jobs hold all their keys");
        String bigVertex = guard.holders().stream().filter(h -> h.id().jobId().equals(big.id())).findFirst()
                                .orElseThrow().id().vertexName();
        return new TwoJobs(guard, List.of(new HeapWatchdog.Node(guard, nodeName, 0.9)), big, small, bigVertex);
    }

    @Test
    void when_heapOverThresholdAfterGc_then_jobHoldingMostStateFailsWithClearMessage_andOtherJobRuns() throws Exception {
        TwoJobs t = twoJobs("watchdog-victim");
        HeapWatchdog.Judge judge = new HeapWatchdog.Judge();

        assertNull(judge.onGc(0.899, true, t.nodes()), "below the threshold");
        JobOutOfMemoryException sent = judge.onGc(0.950, false, t.nodes());

        assertNotNull(sent);
        JobFailedException e = assertThrows(JobFailedException.class, t.big()::join);
        JobOutOfMemoryException cause = assertInstanceOf(JobOutOfMemoryException.class, e.getCause());
        assertSame(sent, cause);
        assertEquals("the node's heap is 95% full after GC (limit 90%, sluice.memory.heap-failure-threshold); job 'big'"
                + " holds the most state (2,000 accumulated records, 2,000 of them in vertex '" + t.bigVertex() + "'), so it was"
                + " failed to keep the node running; give the JVM more heap (-Xmx), make the job hold less (fewer distinct"
                + " keys, shorter windows, a state TTL, more nodes), or set JobConfig.setMaxProcessorAccumulatedRecords to"
                + " fail it early with a clear limit", cause.getMessage());
        await(() -> !t.guard().holdsStateOf(t.big().id()), "the failed job's instances unregistered");
        assertEquals(JobStatus.RUNNING, t.small().status());
        assertEquals(100, recordsOf(t.guard(), t.small()));
    }

    @Test
    void when_heapGrowsFastBelowThreshold_then_jobFailsBeforeTheNextGcFillsIt() throws Exception {
        TwoJobs t = twoJobs("watchdog-pace");
        HeapWatchdog.Judge judge = new HeapWatchdog.Judge();

        assertNull(judge.onGc(0.700, false, t.nodes()), "far below the threshold");
        assertNull(judge.onGc(0.780, false, t.nodes()), "growing fast, but not near the threshold yet");
        assertNull(judge.onGc(0.820, false, t.nodes()), "near the threshold, but 4% per GC leaves room for two more");
        JobOutOfMemoryException sent = judge.onGc(0.890, false, t.nodes());

        assertNotNull(sent, "89% after growing 7% in one GC: two more such GCs pass 100%");
        JobFailedException e = assertThrows(JobFailedException.class, t.big()::join);
        assertSame(sent, e.getCause());
        assertTrue(sent.getMessage().startsWith("the node's heap is 89% full after GC (limit 90%,"
                + " sluice.memory.heap-failure-threshold) and grew by 7% of it at the last GC, so it would be full within"
                + " two more; job 'big' holds the most state"), sent.getMessage());
        assertEquals(JobStatus.RUNNING, t.small().status());
    }

    @Test
    void when_heapGrowsSlowlyOrShrinks_then_onlyTheThresholdCounts() {
        assertFalse(HeapWatchdog.Judge.exhaustsSoon(0.89, 0.04, 0.9), "89% + 2 x 4% stays below 100%");
        assertTrue(HeapWatchdog.Judge.exhaustsSoon(0.89, 0.06, 0.9));
        assertFalse(HeapWatchdog.Judge.exhaustsSoon(0.79, 0.20, 0.9), "more than 10 points below the threshold");
        assertFalse(HeapWatchdog.Judge.exhaustsSoon(0.89, -0.05, 0.9), "shrinking");
    }

    @Test
    void when_failedJobStillReleasing_then_noOtherJobFailsUntilAGcCollectsTheOldGeneration() throws Exception {
        TwoJobs t = twoJobs("watchdog-recovery");
        HeapWatchdog.Judge judge = new HeapWatchdog.Judge();
        assertNotNull(judge.onGc(0.950, true, t.nodes()));
        assertNull(judge.onGc(0.990, false, t.nodes()), "the failed job's state may still be in use");
        assertThrows(JobFailedException.class, t.big()::join);
        await(() -> !t.guard().holdsStateOf(t.big().id()), "the failed job's instances unregistered");

        assertNull(judge.onGc(0.950, false, t.nodes()), "a minor GC still counts the dead state in the old generation");
        assertNull(judge.onGc(0.500, false, t.nodes()), "recovered");
        JobOutOfMemoryException second = judge.onGc(0.950, false, t.nodes());

        assertNotNull(second, "a new crossing after the recovery");
        assertTrue(second.getMessage().contains("job 'small' holds the most state (100 accumulated records"),
                second.getMessage());
        assertThrows(JobFailedException.class, t.small()::join);
    }

    @Test
    void when_stillOverThresholdAfterAMajorGc_then_nextLargestJobFails() throws Exception {
        TwoJobs t = twoJobs("watchdog-major");
        HeapWatchdog.Judge judge = new HeapWatchdog.Judge();
        assertNotNull(judge.onGc(0.950, false, t.nodes()));
        assertThrows(JobFailedException.class, t.big()::join);
        await(() -> !t.guard().holdsStateOf(t.big().id()), "the failed job's instances unregistered");

        JobOutOfMemoryException second = judge.onGc(0.960, true, t.nodes());

        assertNotNull(second, "a full GC measured the live heap: the memory is still short");
        assertTrue(second.getMessage().contains("job 'small'"), second.getMessage());
    }

    @Test
    void when_noJobHoldsState_then_nothingIsFailed() {
        EmbeddedSluice sluice = node("watchdog-empty");
        List<HeapWatchdog.Node> watched = List.of(new HeapWatchdog.Node(MemoryGuard.get(sluice.system()), "empty", 0.9));
        HeapWatchdog.Judge judge = new HeapWatchdog.Judge();
        assertNull(judge.onGc(0.999, true, watched));
        assertNull(judge.onGc(0.999, true, watched));
    }

    @Test
    void when_nodesHaveDifferentThresholds_then_onlyJobsOfNodesOverTheirsAreCandidates() throws Exception {
        EmbeddedSluice strict = node("watchdog-strict");
        EmbeddedSluice lenient = node("watchdog-lenient");
        MemoryGuard strictGuard = MemoryGuard.get(strict.system());
        MemoryGuard lenientGuard = MemoryGuard.get(lenient.system());
        Job small = keyedCount(strict, "small-on-strict", 100);
        Job big = keyedCount(lenient, "big-on-lenient", 2_000);
        await(() -> recordsOf(strictGuard, small) == 100 && recordsOf(lenientGuard, big) == 2_000, "both jobs grown");
        List<HeapWatchdog.Node> watched = List.of(new HeapWatchdog.Node(strictGuard, "strict", 0.8),
                new HeapWatchdog.Node(lenientGuard, "lenient", 0.95));

        JobOutOfMemoryException sent = new HeapWatchdog.Judge().onGc(0.900, true, watched);

        assertNotNull(sent);
        assertTrue(sent.getMessage().contains("(limit 80%") && sent.getMessage().contains("job 'small-on-strict'"),
                sent.getMessage());
        assertThrows(JobFailedException.class, small::join);
        assertEquals(JobStatus.RUNNING, big.status());
    }

    @Test
    void when_oldGenerationFullButYoungEmptyAfterGc_then_heapCountsAsFull() {
        // a fixed-size old generation (Parallel, Serial) full of live state, after a full GC emptied the young one
        String old = HeapWatchdog.HeapPools.OLD.iterator().next();
        String young = HeapWatchdog.HeapPools.ALL.stream().filter(n -> !HeapWatchdog.HeapPools.OLD.contains(n))
                                                 .findFirst().orElse(null);
        Map<String, MemoryUsage> after = new HashMap<>();
        after.put(old, new MemoryUsage(0, 99, 100, 100));
        after.put("Metaspace", new MemoryUsage(0, 1000, 1000, -1)); // not heap
        if (young != null) {
            after.put(young, new MemoryUsage(0, 0, 200, 200));
        }
        assertEquals(0.99, HeapWatchdog.fullness(after, 300), 1e-9);

        after.put(old, new MemoryUsage(0, 10, 100, 100));
        if (young != null) {
            after.put(young, new MemoryUsage(0, 170, 200, 200));
            assertEquals(180 / 300.0, HeapWatchdog.fullness(after, 300), 1e-9, "the heap as a whole");
        }
    }

    @Test
    void when_nodesStartAndStop_then_theGcListenerLivesExactlyAsLongAsTheLastNode() {
        int before = HeapWatchdog.watchedNodes();
        EmbeddedSluice a = node("watchdog-a");
        EmbeddedSluice b = node("watchdog-b");
        assertEquals(before + 2, HeapWatchdog.watchedNodes());
        assertTrue(HeapWatchdog.isListening());

        a.close();
        assertEquals(before + 1, HeapWatchdog.watchedNodes());
        assertTrue(HeapWatchdog.isListening());
        b.close();
        b.close();

        assertEquals(before, HeapWatchdog.watchedNodes());
        assertEquals(before > 0, HeapWatchdog.isListening(), "no listener may outlive the last node");
    }

    @Test
    void when_actorSystemTerminatesWithoutClose_then_itsWatchEnds() throws Exception {
        int before = HeapWatchdog.watchedNodes();
        EmbeddedSluice sluice = node("watchdog-terminated");
        sluice.system().terminate();
        sluice.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await(() -> HeapWatchdog.watchedNodes() == before, "the terminated node's watch ended");
    }

    @Test
    void when_thresholdIsNotAFraction_then_startFailsNamingTheKey() {
        for (String bad : List.of("0", "1.5", "-0.2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryGuard.threshold(
                    ConfigFactory.parseString("sluice.memory.heap-failure-threshold = " + bad)));
            assertTrue(e.getMessage().startsWith("sluice.memory.heap-failure-threshold must be a fraction of the maximum"
                    + " heap, above 0 and at most 1 (for example 0.9), but was "), e.getMessage());
        }
        assertEquals(0.85, MemoryGuard.threshold(ConfigFactory.parseString("sluice.memory.heap-failure-threshold = 0.85")));
        assertEquals(0.9, io.sluice.actors.SluiceConfig.defaults().toConfig().getDouble("sluice.memory.heap-failure-threshold"),
                "the default");
    }
}
