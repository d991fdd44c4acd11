package io.sluice.engine.impl.pipeline;

import io.sluice.engine.TestAggregateOps;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

@Timeout(60)
class PlannerStatefulTest {

    private static final List<String> LINES = IntStream.range(0, 300)
            .mapToObj(i -> "The quick brown fox " + i % 13 + ", jumps over the lazy dog " + i % 5)
            .collect(Collectors.toList());

    private static Pipeline wordCount(CollectingSink<KeyedResult<String, Long>> sink) {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.itemsDistributed(LINES, -1))
         .flatMap(line -> Traversers.of(line.toLowerCase().split("\\W+")))
         .filter(w -> !w.isEmpty())
         .groupingKey(w -> w)
         .aggregate(TestAggregateOps.counting())
         .writeTo(sink);
        return p;
    }

    @Test
    void when_keyedAggregate_then_accumulateFusedAndPartitionedEdgeToCombine() {
        Dag dag = wordCount(TestSinks.collecting()).toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        assertEquals("items -> flatMap -> filter -> accumulate", dag.vertex("items").description());
        Vertex combine = dag.vertex("aggregate");
        assertEquals(Vertex.DEFAULT_PARALLELISM, combine.localParallelism());
        assertEquals("combine -> collect", combine.description());
        Edge edge = dag.edges().get(0);
        assertEquals(RoutingPolicy.PARTITIONED, edge.routing());
        assertEquals("b", edge.partitionKeyFn().apply(KeyedResult.of("b", new long[1])));
    }

    @Test
    void when_wordCountRun_then_sameAsReferenceMap() throws Exception {
        CollectingSink<KeyedResult<String, Long>> sink = TestSinks.collecting();
        Dag dag = wordCount(sink).toDag();

        LocalDagRunner.of(dag).defaultParallelism(3).batchSize(10).run();

        Map<String, Long> expected = new HashMap<>();
        for (String line : LINES) {
            for (String w : line.toLowerCase().split("\\W+")) {
                if (!w.isEmpty()) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
        }
        Map<String, Long> actual = new HashMap<>();
        for (KeyedResult<String, Long> r : sink.items()) {
            assertEquals(null, actual.put(r.key(), r.value()), "key emitted twice: " + r.key());
        }
        assertEquals(expected, actual);
    }

    @Test
    void when_globalAggregate_then_allToOneEdgeAndCombineParallelismOne() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Long> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(IntStream.rangeClosed(1, 100).boxed().collect(Collectors.toList()), 4))
         .aggregate(TestAggregateOps.summing((Integer i) -> i))
         .writeTo(sink);

        Dag dag = p.toDag();

        assertEquals("items -> accumulate", dag.vertex("items").description());
        assertEquals(1, dag.vertex("aggregate").localParallelism());
        assertEquals(RoutingPolicy.ALL_TO_ONE, dag.edges().get(0).routing());
        LocalDagRunner.of(dag).run();
        assertEquals(List.of(5050L), sink.items());
    }

    @Test
    void when_globalAggregateOfEmptyInput_then_oneResult() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Long> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(List.<Integer>of(), 3))
         .aggregate(TestAggregateOps.counting())
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(4).run();

        assertEquals(List.of(0L), sink.items());
    }

    @Test
    void when_cascadeOfAggregations_then_rekeyedResultsAggregatedAgain() throws Exception {
        // how many words occur n times?
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<Long, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(List.of("a", "b", "a", "c", "a", "b", "d"), 2))
         .groupingKey(w -> w)
         .aggregate(TestAggregateOps.counting())
         .groupingKey(KeyedResult::value)
         .aggregate(TestAggregateOps.counting())
         .writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).defaultParallelism(3).run();

        assertEquals(3, dag.vertices().size(), dag.toString());
        assertEquals("combine -> accumulate", dag.vertex("aggregate").description());
        assertEquals("combine -> collect", dag.vertex("aggregate-2").description());
        Map<Long, Long> actual = sink.items().stream().collect(Collectors.toMap(KeyedResult::key, KeyedResult::value));
        assertEquals(Map.of(3L, 1L, 2L, 1L, 1L, 2L), actual);
    }

    @Test
    void when_distinct_then_localFusedPartitionedGlobal() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(IntStream.range(0, 200).map(i -> i % 17).boxed().collect(Collectors.toList()), 3))
         .distinct()
         .writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).defaultParallelism(2).run();

        assertEquals("items -> local-distinct", dag.vertex("items").description());
        assertEquals("distinct -> collect", dag.vertex("distinct").description());
        assertEquals(RoutingPolicy.PARTITIONED, dag.edges().get(0).routing());
        assertEquals(IntStream.range(0, 17).boxed().collect(Collectors.toList()),
                sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_distinctByKey_then_oneItemPerKey() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(List.of("a", "bb", "cc", "d", "eee", "ff"), 2))
         .groupingKey(String::length)
         .distinct()
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).run();

        assertEquals(List.of(1, 2, 3), sink.items().stream().map(String::length).sorted().collect(Collectors.toList()));
    }

    @Test
    void when_sort_then_parallelismOneVertexWithFusedSinkSeesOrder() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        List<Integer> numbers = IntStream.range(0, 1000).map(i -> (i * 7919) % 1000).boxed().collect(Collectors.toList());
        p.readFrom(TestSources.itemsDistributed(numbers, 4))
         .sort()
         .map(i -> i)
         .writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).batchSize(16).run();

        assertEquals("items -> local-sort", dag.vertex("items").description());
        Vertex sort = dag.vertex("sort");
        assertEquals(1, sort.localParallelism());
        assertEquals("sort -> map -> collect", sort.description());
        assertEquals(RoutingPolicy.ALL_TO_ONE, dag.edges().get(0).routing());
        assertEquals(IntStream.range(0, 1000).boxed().collect(Collectors.toList()), sink.items());
    }

    @Test
    void when_hashJoin_then_buildSidesBroadcastWithLowerPriority() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        BatchStage<KeyedResult<Integer, String>> names = p.readFrom(TestSources.items(KeyedResult.of(1, "one"), KeyedResult.of(2, "two")));
        BatchStage<KeyedResult<Integer, String>> colours = p.readFrom(TestSources.items(KeyedResult.of(1, "red")));
        p.readFrom(TestSources.itemsDistributed(List.of(1, 2, 3), 2))
         .hashJoin2(names, JoinClause.joinMapEntries(i -> i), colours, JoinClause.joinMapEntries(i -> i),
                 (i, name, colour) -> i + ":" + name + ":" + colour)
         .writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).defaultParallelism(3).run();

        Vertex join = dag.vertex("hashJoin2");
        assertNotNull(join, dag.toString());
        List<Edge> in = dag.inboundEdges(join);
        assertEquals(3, in.size());
        assertEquals(1, in.get(0).priority());
        assertEquals(RoutingPolicy.UNICAST, in.get(0).routing());
        for (Edge side : in.subList(1, 3)) {
            assertEquals(RoutingPolicy.BROADCAST, side.routing());
            assertEquals(0, side.priority());
        }
        assertEquals(List.of("1:one:red", "2:two:null", "3:null:null"), sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_innerHashJoinWithDuplicates_then_oneOutputPerMatch() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        BatchStage<String> right = p.readFrom(TestSources.items("a1", "a2", "b1"));
        p.readFrom(TestSources.items("a", "b", "c"))
         .innerHashJoin(right, JoinClause.onKeys(s -> s, r -> r.substring(0, 1)), (l, r) -> l + "=" + r)
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).run();

        assertEquals(List.of("a=a1", "a=a2", "b=b1"), sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_merge_then_vertexWithTwoInboundEdges() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        BatchStage<Integer> a = p.readFrom(TestSources.items(1, 2));
        BatchStage<Integer> b = p.readFrom(TestSources.items(3));
        a.merge(b).map(i -> i * 10).writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).run();

        Vertex merge = dag.vertex("merge");
        assertEquals("merge -> map -> collect", merge.description());
        assertEquals(2, dag.inboundEdges(merge).size());
        assertEquals(List.of(10, 20, 30), sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_fork_then_oneVertexWithAnOutboundEdgePerBranch() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> plusOne = TestSinks.collecting();
        CollectingSink<Integer> timesTwo = TestSinks.collecting();
        CollectingSink<Integer> all = TestSinks.collecting();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1, 2, 3));
        src.map(i -> i + 1).writeTo(plusOne);
        src.map(i -> i * 2).writeTo(timesTwo);
        src.writeTo(all);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).run();

        List<Edge> out = dag.outboundEdges(dag.vertex("items"));
        assertEquals(3, out.size(), dag.toString());
        assertEquals(List.of(0, 1, 2), out.stream().map(Edge::sourceOrdinal).collect(Collectors.toList()));
        assertEquals(List.of(2, 3, 4), sorted(plusOne.items()));
        assertEquals(List.of(2, 4, 6), sorted(timesTwo.items()));
        assertEquals(List.of(1, 2, 3), sorted(all.items()));
    }

    @Test
    void when_rebalance_then_vertexEndsWithUnicastEdge() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2))
         .map(i -> i).setLocalParallelism(1)
         .rebalance()
         .map(i -> i + 1).setLocalParallelism(1)
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        assertEquals(RoutingPolicy.UNICAST, dag.edges().get(0).routing());
    }

    @Test
    void when_rebalanceByKey_then_partitionedEdge() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items("a", "bb", "ccc"))
         .rebalance(String::length)
         .map(s -> s + "!")
         .writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).run();

        Edge edge = dag.edges().get(0);
        assertEquals(RoutingPolicy.PARTITIONED, edge.routing());
        assertEquals(2, edge.partitionKeyFn().apply("xy"));
        assertEquals(List.of("a!", "bb!", "ccc!"), sorted(sink.items()));
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(null);
        return copy;
    }
}
