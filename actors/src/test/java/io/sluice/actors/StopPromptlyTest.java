package io.sluice.actors;

import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancellation, failure and close stop user code promptly, whatever it does: a sink that sleeps
 * per item (interrupted), one that burns CPU and swallows interrupts (the flag between items),
 * fused with its source or in a vertex of its own; and no item reaches the sink after
 * {@code join()} returned.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StopPromptlyTest {
    /** Items each test sink received, per test. */
    static final Map<String, AtomicLong> RECEIVED = new ConcurrentHashMap<>();
    private static final List<Integer> MANY = IntStream.range(0, 200_000).boxed().collect(Collectors.toList());

    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stop-promptly-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** A sink that sleeps 2 ms per item, like a slow remote call. */
    static Sink<Object> sleepingSink(String key) {
        return SinkBuilder.sinkBuilder("sleepingSink", ctx -> RECEIVED.computeIfAbsent(key, k -> new AtomicLong()))
                .receiveFn((AtomicLong counter, Object item) -> {
                    counter.incrementAndGet();
                    Thread.sleep(2);
                })
                .build();
    }

    /** A sink that burns 2 ms of CPU per item and ignores interrupts. */
    static Sink<Object> spinningSink(String key) {
        return SinkBuilder.sinkBuilder("spinningSink", ctx -> RECEIVED.computeIfAbsent(key, k -> new AtomicLong()))
                .receiveFn((AtomicLong counter, Object item) -> {
                    counter.incrementAndGet();
                    long end = System.nanoTime() + 2_000_000;
                    while (System.nanoTime() < end) {
                        Thread.interrupted();
                    }
                })
                .build();
    }

    private static void awaitItems(String key, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received(key) < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the sink never received " + atLeast + " items");
            Thread.sleep(5);
        }
    }

    private static long received(String key) {
        AtomicLong c = RECEIVED.get(key);
        return c == null ? 0 : c.get();
    }

    /** Cancels, checks that join() returned within a second, and that at most a few items arrived after it. */
    private static void cancelAndCheck(Job job, String key) throws InterruptedException {
        awaitItems(key, 20);
        long t0 = System.nanoTime();
        job.cancel();
        assertThrows(JobCancelledException.class, job::join);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long atJoin = received(key);
        Thread.sleep(500); // an observation window: nothing may arrive in it
        long after = received(key) - atJoin;
        assertTrue(tookMillis < 1000, "cancel + join took " + tookMillis + " ms");
        assertTrue(after < 100, after + " items reached the sink after join() returned");
    }

    @Test
    void when_fusedSinkSleeps_then_cancelStopsItWithinASecond() throws Exception {
        String key = UUID.randomUUID().toString();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(MANY)).writeTo(sleepingSink(key));
        assertTrue(p.toDag().toString().contains("sleepingSink"), "expected one vertex:\n" + p.toDag());
        cancelAndCheck(sluice.newJob(p, new JobConfig()), key);
    }

    @Test
    void when_fusedSinkSpinsAndIgnoresInterrupts_then_cancelStopsItBetweenItems() throws Exception {
        String key = UUID.randomUUID().toString();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(MANY)).map(i -> i + 1).writeTo(spinningSink(key));
        cancelAndCheck(sluice.newJob(p, new JobConfig()), key);
    }

    @Test
    void when_sinkInItsOwnVertexSpins_then_cancelStopsItInsideABatch() throws Exception {
        String key = UUID.randomUUID().toString();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(MANY)).rebalance().map(i -> i + 1).writeTo(spinningSink(key));
        cancelAndCheck(sluice.newJob(p, new JobConfig()), key);
    }

    @Test
    void when_anotherBranchFails_then_joinReturnsOnlyAfterTheSlowBranchStopped() throws Exception {
        String key = UUID.randomUUID().toString();
        String failing = UUID.randomUUID().toString();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(MANY)).writeTo(sleepingSink(key));
        p.readFrom(TestSources.itemStream(1_000, (ts, seq) -> seq)).withoutTimestamps().map(i -> {
            if (received(failing) > 0) {
                throw new IllegalStateException("boom");
            }
            return i;
        }).writeTo(TestSinks.collecting());
        Job job = sluice.newJob(p, new JobConfig());
        awaitItems(key, 20);
        RECEIVED.put(failing, new AtomicLong(1));
        long t0 = System.nanoTime();
        JobFailedException e = assertThrows(JobFailedException.class, job::join);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long atJoin = received(key);
        assertEquals("boom", e.getCause().getMessage());
        Thread.sleep(500);
        long after = received(key) - atJoin;
        assertTrue(tookMillis < 1000, "failure took " + tookMillis + " ms to end the job");
        assertTrue(after < 100, after + " items reached the slow sink after join() threw");
    }

    @Test
    void when_nodeClosedWithSlowJobRunning_then_closeTakesUnderASecond() throws Exception {
        String key = UUID.randomUUID().toString();
        Sluice node = Sluice.embedded(SluiceConfig.defaults().withNodeName("closing-node").withParallelism(2));
        Job job;
        try {
            Pipeline p = Pipeline.create();
            p.readFrom(TestSources.items(MANY)).writeTo(sleepingSink(key));
            job = node.newJob(p, new JobConfig());
            awaitItems(key, 20);
        } finally {
            long t0 = System.nanoTime();
            node.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(tookMillis < 1000, "close took " + tookMillis + " ms");
        }
        long atClose = received(key);
        Thread.sleep(500);
        assertTrue(received(key) - atClose < 100, "items reached the sink after close() returned");
        assertThrows(JobCancelledException.class, job::join);
    }
}
