package io.sluice.actors;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure names the stage of the user's pipeline that threw (as named, or the operation), its
 * vertex and instance, and keeps the user's exception as the cause: for a step fused after a
 * source, a step in a vertex of its own, a source, a sink and a final aggregation.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StageErrorsTest {
    private static final List<Integer> ITEMS = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stage-errors-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static JobFailedException run(Pipeline p) {
        return assertThrows(JobFailedException.class, () -> sluice.newJob(p, new JobConfig()).join());
    }

    private static void assertNames(JobFailedException e, String stage, String vertex) {
        String m = e.getMessage();
        assertTrue(m.contains("in stage '" + stage + "'"), "no stage '" + stage + "' in: " + m);
        assertTrue(m.contains("vertex '" + vertex + "'"), "no vertex '" + vertex + "' in: " + m);
        assertTrue(m.matches("(?s).*instance #\\d+ of \\d+\\).*"), "no instance in: " + m);
    }

    @Test
    void when_namedMapFusedAfterSourceThrows_then_messageNamesTheMap() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS)).setName("numbers")
         .map(i -> i + 1)
         .map(i -> 100 / (i - 5000)).setName("divide")
         .filter(i -> i >= 0)
         .writeTo(TestSinks.collecting());
        JobFailedException e = run(p);
        assertNames(e, "divide", "numbers");
        assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().endsWith("ArithmeticException: / by zero"), e.getMessage());
    }

    @Test
    void when_unnamedFlatMapInItsOwnVertexThrows_then_messageNamesTheOperation() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS))
         .rebalance()
         .map(i -> i * 2)
         .flatMap(i -> {
             if (i == 4242) {
                 throw new IllegalArgumentException("odd record " + i);
             }
             return Traversers.singleton(i);
         })
         .writeTo(TestSinks.collecting());
        JobFailedException e = run(p);
        assertTrue(e.getMessage().contains("in stage 'flatMap'"), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalArgumentException: odd record 4242"), e.getMessage());
        assertEquals("odd record 4242", e.getCause().getMessage());
    }

    @Test
    void when_upstreamVertexFails_then_downstreamInstancesDoNotMaskTheStage() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS))
         .map(i -> {
             if (i == 9000) {
                 throw new IllegalStateException("bad record " + i);
             }
             return i;
         }).setName("parse")
         .rebalance()
         .map(i -> i + 1)
         .writeTo(TestSinks.collecting());
        JobFailedException e = run(p);
        assertTrue(e.getMessage().contains("in stage 'parse'"), e.getMessage());
        assertEquals("bad record 9000", e.getCause().getMessage());
    }

    @Test
    void when_sinkThrows_then_messageNamesTheSink() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS)).setName("numbers")
         .map(i -> i)
         .writeTo(SinkBuilder.sinkBuilder("audit", ctx -> new StringBuilder())
                 .receiveFn((StringBuilder sb, Integer i) -> {
                     if (i == 777) {
                         throw new java.io.IOException("disk full");
                     }
                 })
                 .build());
        JobFailedException e = run(p);
        assertNames(e, "audit", "numbers");
        assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
    }

    @Test
    void when_sourceThrows_then_messageNamesTheSource() {
        Pipeline p = Pipeline.create();
        p.readFrom(SourceBuilder.batch("flaky-source", ctx -> new int[1])
                 .<Integer>fillBufferFn((state, buf) -> {
                     if (++state[0] > 3) {
                         throw new IllegalStateException("connection reset");
                     }
                     buf.add(state[0]);
                 })
                 .build())
         .map(i -> i + 1)
         .writeTo(TestSinks.collecting());
        JobFailedException e = run(p);
        assertTrue(e.getMessage().contains("in stage 'flaky-source'"), e.getMessage());
        assertTrue(e.getMessage().contains("vertex 'flaky-source'"), e.getMessage());
    }

    @Test
    void when_aggregationExportThrows_then_messageNamesTheAggregation() {
        io.sluice.engine.aggregate.AggregateOperation1<Integer, long[], Long> failingExport = AggregateOperation
                .withCreate(() -> new long[1])
                .<Integer>andAccumulate((acc, i) -> acc[0] += i)
                .andCombine((a, b) -> a[0] += b[0])
                .andExportFinish(acc -> {
                    throw new IllegalStateException("cannot export " + acc[0]);
                });
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS))
         .groupingKey(i -> i % 3)
         .aggregate(failingExport).setName("totals")
         .writeTo(TestSinks.collecting());
        JobFailedException e = run(p);
        assertTrue(e.getMessage().contains("in stage 'totals(combine)'"), e.getMessage());
        assertTrue(e.getMessage().contains("instance #"), e.getMessage());
    }

    @Test
    void when_everythingIsFine_then_noFailure() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(ITEMS)).groupingKey(i -> i % 3).aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());
        sluice.newJob(p, new JobConfig()).join();
    }
}
