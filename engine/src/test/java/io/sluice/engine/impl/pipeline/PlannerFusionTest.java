package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(60)
class PlannerFusionTest {

    @Test
    void when_statelessChain_then_fusedIntoSourceVertex() {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(List.of("a b", "c"), -1))
         .flatMap(line -> Traversers.of(line.split(" ")))
         .filter(w -> !w.isEmpty())
         .map(String::toUpperCase)
         .writeTo(sink);

        Dag dag = p.toDag();

        assertEquals(1, dag.vertices().size(), dag.toString());
        Vertex v = dag.vertices().get(0);
        assertEquals("items", v.name());
        assertEquals(Vertex.DEFAULT_PARALLELISM, v.localParallelism());
        assertEquals("items -> flatMap -> filter -> map -> collect", v.description());
        assertEquals(0, dag.edges().size());
    }

    @Test
    void when_statelessChain_then_runsLikeUnfused() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        List<String> lines = IntStream.range(0, 500).mapToObj(i -> "w" + i + " x" + (i % 7)).collect(Collectors.toList());
        p.readFrom(TestSources.itemsDistributed(lines, 3))
         .flatMap(line -> Traversers.of(line.split(" ")))
         .filter(w -> w.startsWith("x"))
         .map(String::toUpperCase)
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).batchSize(7).run();

        List<String> expected = lines.stream().map(l -> l.split(" ")[1].toUpperCase()).sorted().collect(Collectors.toList());
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_parallelismDiffersDownstream_then_newVertex() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2))
         .map(i -> i + 1)
         .map(i -> i * 2).setLocalParallelism(4)
         .filter(i -> i > 0)
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        assertEquals("items -> map", dag.vertex("items").description());
        Vertex second = dag.vertex("map");
        assertEquals(4, second.localParallelism());
        assertEquals("map -> filter -> collect", second.description());
        Edge edge = dag.edges().get(0);
        assertEquals(RoutingPolicy.UNICAST, edge.routing());
    }

    @Test
    void when_sameExplicitParallelismButFork_then_isolatedEdges() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1, 2)); // parallelism 1
        src.map(i -> i + 1).setLocalParallelism(1).writeTo(TestSinks.collecting());
        src.map(i -> i + 2).writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(3, dag.vertices().size(), dag.toString());
        assertEquals(RoutingPolicy.ISOLATED, dag.edges().get(0).routing());
        assertEquals(RoutingPolicy.UNICAST, dag.edges().get(1).routing());
    }

    @Test
    void when_sinkPrefersOtherParallelism_then_ownVertex() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2))
         .writeTo(SinkBuilder.sinkBuilder("out", ctx -> new StringBuilder())
                             .<Integer>receiveFn(StringBuilder::append)
                             .preferredLocalParallelism(3)
                             .build());

        Dag dag = p.toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        assertEquals(3, dag.vertex("out").localParallelism());
    }

    @Test
    void when_customTransform_then_ownVertexAndLaterStagesFuseIntoIt() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2))
         .<Integer>customTransform("twice", ctx -> new io.sluice.engine.impl.processor.IdentityP())
         .map(i -> i)
         .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(2, dag.vertices().size(), dag.toString());
        assertEquals("twice -> map -> collect", dag.vertex("twice").description());
    }

    @Test
    void when_duplicateStageNames_then_uniqueVertexNames() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1, 2));
        src.map(i -> i).writeTo(TestSinks.collecting());
        src.map(i -> i).writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals(List.of("items", "map", "map-2"),
                dag.vertices().stream().map(Vertex::name).collect(Collectors.toList()), dag.toString());
    }

    @Test
    void when_pipelineSerialized_then_plansTheSameDag() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items("a"))
         .map(String::length)
         .writeTo(TestSinks.collecting());

        Pipeline copy = Util.roundTrip(p);

        assertEquals(p.toDag().toString(), copy.toDag().toString());
    }
}
