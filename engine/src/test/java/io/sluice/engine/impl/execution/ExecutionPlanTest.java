package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.function.FunctionEx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ExecutionPlanTest {
    static final class Nop implements Processor {
        @Override
        public void process(int ordinal, Batch batch) {
        }
    }

    private static Dag twoVertices(int p1, int p2, java.util.function.Consumer<Edge> routing) {
        Dag dag = new Dag();
        Vertex a = dag.newVertex("a", ctx -> new Nop()).localParallelism(p1);
        Vertex b = dag.newVertex("b", ctx -> new Nop()).localParallelism(p2);
        Edge e = Edge.between(a, b);
        routing.accept(e);
        dag.edge(e);
        return dag;
    }

    @Test
    void when_partitioned_then_everyProducerConnectsToEveryConsumerInOrder() {
        ExecutionPlan plan = ExecutionPlan.of(twoVertices(2, 3, e -> e.partitioned((FunctionEx<Object, Object>) x -> x)), 4);
        ExecutionPlan.VertexPlan a = plan.vertices().get(0);
        ExecutionPlan.VertexPlan b = plan.vertices().get(1);
        assertEquals(List.of(0, 1, 2), a.outlets(1).stream().map(ExecutionPlan.OutletSpec::consumer).toList());
        assertEquals(List.of(0, 1), b.inlets(2).stream().map(ExecutionPlan.InletSpec::producer).toList());
    }

    @Test
    void when_isolated_then_connectionsPairUp() {
        ExecutionPlan plan = ExecutionPlan.of(twoVertices(4, 2, Edge::isolated), 4);
        assertEquals(List.of(1), plan.vertices().get(0).outlets(3).stream().map(ExecutionPlan.OutletSpec::consumer).toList());
        assertEquals(List.of(0, 2), plan.vertices().get(1).inlets(0).stream().map(ExecutionPlan.InletSpec::producer).toList());
        ExecutionPlan fewer = ExecutionPlan.of(twoVertices(1, 3, Edge::isolated), 4);
        assertEquals(3, fewer.vertices().get(0).outlets(0).size(), "one producer feeds all consumers");
    }

    @Test
    void when_allToOne_then_onlyConsumerZeroHasInputs() {
        ExecutionPlan plan = ExecutionPlan.of(twoVertices(3, 2, Edge::allToOne), 4);
        assertEquals(3, plan.vertices().get(1).inlets(0).size());
        assertTrue(plan.vertices().get(1).inlets(1).isEmpty());
    }

    @Test
    void when_defaultParallelism_then_resolvedFromArgument() {
        Dag dag = new Dag();
        dag.newVertex("a", ctx -> new Nop());
        assertEquals(7, ExecutionPlan.of(dag, 7).vertices().get(0).parallelism());
        assertThrows(IllegalArgumentException.class, () -> ExecutionPlan.of(dag, 0));
    }

    @Test
    void when_jobAndVertexSettings_then_vertexWinsOverJobOverNode() {
        Dag dag = new Dag();
        dag.newVertex("own", ctx -> new Nop()).localParallelism(3).batchSize(7).maxBatchBytes(4096).batchWaitMillis(0);
        dag.newVertex("job", ctx -> new Nop());
        io.sluice.engine.job.JobConfig config = new io.sluice.engine.job.JobConfig().setBatchSize(99)
                .setBatchWaitMillis(20).setDefaultLocalParallelism(5);
        ExecutionPlan plan = ExecutionPlan.of(dag, 2, config);
        ExecutionPlan.VertexPlan own = plan.vertices().stream().filter(v -> v.vertex().name().equals("own")).findFirst().orElseThrow();
        ExecutionPlan.VertexPlan job = plan.vertices().stream().filter(v -> v.vertex().name().equals("job")).findFirst().orElseThrow();
        assertEquals(3, own.parallelism());
        assertEquals(7, own.batchSize());
        assertEquals(4096, own.maxBatchBytes());
        assertEquals(1, own.batchWaitMillis(), "a wait of 0 is at least 1 ms");
        assertEquals(5, job.parallelism());
        assertEquals(99, job.batchSize());
        assertEquals(config.getMaxBatchBytes(), job.maxBatchBytes());
        assertEquals(20, job.batchWaitMillis());
        assertEquals(2, ExecutionPlan.of(dag, 2).vertices().stream().filter(v -> v.vertex().name().equals("job"))
                .findFirst().orElseThrow().parallelism(), "without a job setting the node's parallelism");
    }

    @Test
    void when_ordinalGap_then_validationNamesIt() {
        Dag dag = new Dag();
        Vertex a = dag.newVertex("a", ctx -> new Nop());
        Vertex b = dag.newVertex("b", ctx -> new Nop());
        dag.edge(Edge.from(a).to(b, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExecutionPlan.of(dag, 1));
        assertTrue(e.getMessage().contains("ordinal 0 is missing"), e.getMessage());
    }
}
