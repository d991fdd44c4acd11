package io.sluice.engine.impl.pipeline;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DSL -> DAG shapes of streaming pipelines, and build-time validation. */
@Timeout(30)
class StreamPlannerTest {

    private static StreamSource<Integer> twoRunners() {
        return TestSources.timestampedList(List.of(new TimestampedItem<>(1, 1), new TimestampedItem<>(2, 2)), 2);
    }

    private static List<String> edges(Dag dag) {
        return dag.edges().stream().map(Edge::toString).collect(Collectors.toList());
    }

    @Test
    void when_keyedSlidingWindow_then_accumulateFusedIntoSourceAndPartitionedToCombine() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withNativeTimestamps(10)
         .map(i -> i + 1)
         .groupingKey(i -> i % 3)
         .window(WindowDefinition.sliding(100, 10))
         .aggregate(AggregateOperations.counting())
         .map(r -> r.key() + "=" + r.result())
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        Vertex source = dag.vertex("timestampedList");
        assertEquals(2, source.localParallelism());
        assertEquals("timestampedList -> map -> window-accumulate", source.description());
        Vertex combine = dag.vertex("window");
        assertEquals(Vertex.DEFAULT_PARALLELISM, combine.localParallelism());
        assertEquals("window-combine -> map -> collect", combine.description());
        assertEquals(List.of("timestampedList[0] -> window[0] partitioned"), edges(dag));
    }

    @Test
    void when_globalWindow_then_allToOneCombineOfParallelismOne() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withNativeTimestamps(10)
         .window(WindowDefinition.tumbling(100))
         .aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(1, dag.vertex("window").localParallelism());
        assertEquals(List.of("timestampedList[0] -> window[0] all_to_one"), edges(dag));
    }

    @Test
    void when_lateItemsTo_then_accumulateEmitsLateItemsOnOrdinal1ToTheSink() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withNativeTimestamps(10)
         .groupingKey(i -> i)
         .window(WindowDefinition.tumbling(100))
         .lateItemsTo(TestSinks.collecting())
         .aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(List.of("timestampedList[0] -> window[0] partitioned", "timestampedList[1] -> collect[0] unicast"),
                edges(dag));
        assertEquals("late-items -> collect", dag.vertex("collect").description());
        assertEquals("window-combine -> collect", dag.vertex("window").description());
    }

    @Test
    void when_earlyResults_then_singleStageWindowAfterPartitionedEdgeOfRawItems() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withNativeTimestamps(10)
         .groupingKey(i -> i)
         .window(WindowDefinition.tumbling(100).setEarlyResultsPeriod(50))
         .aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals("timestampedList", dag.vertex("timestampedList").description());
        assertEquals("window -> collect", dag.vertex("window").description());
        assertEquals(List.of("timestampedList[0] -> window[0] partitioned"), edges(dag));
    }

    @Test
    void when_singleStageWindowWithLateSink_then_mainOutputOrdinal0AndNoFusionAfter() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withNativeTimestamps(10)
         .groupingKey(i -> i)
         .window(WindowDefinition.session(100))
         .lateItemsTo(TestSinks.collecting())
         .aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(List.of("timestampedList[0] -> session-window[0] partitioned",
                "session-window[1] -> collect[0] unicast", "session-window[0] -> collect-2[0] unicast"), edges(dag));
    }

    @Test
    void when_aggregate2_then_accumulatePerInputFusedAndBothPartitionedIntoOneCombine() {
        AggregateOperation<LongAccumulator, Long> op = AggregateOperation.withCreate(LongAccumulator::new)
                .<Integer>andAccumulate0((a, i) -> a.add(i))
                .<Integer>andAccumulate1((a, i) -> a.add(-i))
                .andCombine(LongAccumulator::add)
                .andExportFinish(LongAccumulator::get);
        Pipeline p = Pipeline.create();
        StreamStage<Integer> left = p.readFrom(twoRunners()).withNativeTimestamps(10);
        StreamStage<Integer> right = p.readFrom(SourceBuilder.timestampedStream("right", ctx -> 0)
                .<Integer>fillBufferFn((s, buf) -> buf.close()).build()).withNativeTimestamps(10);
        left.groupingKey(i -> i).window(WindowDefinition.tumbling(100))
            .aggregate2(right.groupingKey(i -> i), op)
            .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals("timestampedList -> window-accumulate", dag.vertex("timestampedList").description());
        assertEquals("right -> window-accumulate", dag.vertex("right").description());
        assertEquals(List.of("timestampedList[0] -> window[0] partitioned", "right[0] -> window[1] partitioned"),
                edges(dag));
    }

    @Test
    void when_statefulStages_then_partitionedByKeyOrAllToOne() {
        Pipeline p = Pipeline.create();
        StreamStage<Integer> src = p.readFrom(twoRunners()).withNativeTimestamps(10);
        src.groupingKey(i -> i).mapStateful(1000, LongAccumulator::new, (a, k, i) -> a.add(i).get(), null)
           .writeTo(TestSinks.collecting());
        src.rollingAggregate(AggregateOperations.counting()).writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(1, dag.vertex("rollingAggregate").localParallelism());
        assertEquals(List.of("timestampedList[0] -> mapStateful[0] partitioned",
                "timestampedList[1] -> rollingAggregate[0] all_to_one"), edges(dag));
    }

    @Test
    void when_streamSourceSettings_then_sourceVertexCarriesThem() {
        StreamSource<Integer> source = SourceBuilder.stream("s", ctx -> 0)
                .<Integer>fillBufferFn((s, buf) -> { })
                .distributed(3).batchSize(100).batchWaitMillis(7).runnerIdleMillis(500)
                .build();
        Pipeline p = Pipeline.create();
        p.readFrom(source).withoutTimestamps().writeTo(TestSinks.collecting());

        Vertex v = p.toDag().vertex("s");

        assertEquals(3, v.localParallelism());
        assertEquals(100, v.batchSize());
        assertEquals(7, v.batchWaitMillis());
        assertEquals(500, source.runnerIdleMillis());
    }

    @Test
    void when_laterWithTimestamps_then_fusedStep() {
        Pipeline p = Pipeline.create();
        p.readFrom(twoRunners()).withoutTimestamps()
         .withTimestamps(i -> i, 5)
         .window(WindowDefinition.tumbling(10)).aggregate(AggregateOperations.counting())
         .writeTo(TestSinks.collecting());

        assertEquals("timestampedList -> withTimestamps -> window-accumulate", p.toDag().vertex("timestampedList").description());
    }

    // ------------------------------------------------------------------------------------- validation

    @Test
    void when_windowWithoutTimestamps_then_clearMessage() {
        Pipeline p = Pipeline.create();
        StreamStage<Integer> mapped = p.readFrom(twoRunners()).withoutTimestamps().map(i -> i);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> mapped.window(WindowDefinition.tumbling(10)));
        assertEquals("stage 'map' has no timestamps: call withTimestamps(..) (or withNativeTimestamps/withIngestionTimestamps"
                + " on the source stage) before window(..)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> mapped.groupingKey(i -> i).window(WindowDefinition.tumbling(10)));
    }

    @Test
    void when_badArguments_then_rejectedAtBuildTime() {
        Pipeline p = Pipeline.create();
        StreamStage<Integer> src = p.readFrom(twoRunners()).withNativeTimestamps(10);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> src.withTimestamps(i -> i, -1))
                .getMessage().startsWith("allowedLag must not be negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> src.groupingKey(i -> i).mapStateful(0, LongAccumulator::new, (a, k, i) -> i, null))
                .getMessage().startsWith("ttl must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> src.window(WindowDefinition.tumbling(10)).aggregate2(src, AggregateOperations.counting()))
                .getMessage().startsWith("aggrOp must have arity 2 for aggregate2"));

        StreamSource<Integer> plain = SourceBuilder.stream("plain", ctx -> 0).<Integer>fillBufferFn((s, b) -> { }).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.readFrom(plain).withNativeTimestamps(0))
                .getMessage().startsWith("source 'plain' has no native timestamps"));

        Pipeline other = Pipeline.create();
        StreamStage<Integer> foreign = other.readFrom(twoRunners()).withNativeTimestamps(0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> src.merge(foreign))
                .getMessage().contains("belongs to another pipeline"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> src.window(WindowDefinition.tumbling(10)).aggregate2(foreign, AggregateOperation
                        .withCreate(LongAccumulator::new).<Integer>andAccumulate0((a, i) -> a.add(i))
                        .<Integer>andAccumulate1((a, i) -> a.add(i)).andCombine(LongAccumulator::add)
                        .andExportFinish(LongAccumulator::get)))
                .getMessage().contains("belongs to another pipeline"));
    }

    @Test
    void when_mergeOfTimestampedAndPlain_then_rejected() {
        Pipeline p = Pipeline.create();
        StreamStage<Integer> a = p.readFrom(twoRunners()).withNativeTimestamps(0);
        StreamStage<Integer> b = p.readFrom(twoRunners()).withoutTimestamps();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.merge(b)).getMessage()
                .endsWith("both must have timestamps, or neither"));
    }

    @Test
    void when_eventTimeChosenTwice_then_rejected() {
        Pipeline p = Pipeline.create();
        var stage = p.readFrom(twoRunners());
        stage.withNativeTimestamps(0);
        assertThrows(IllegalStateException.class, stage::withIngestionTimestamps);
    }
}
