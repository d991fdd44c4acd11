package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.function.FunctionEx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ProcessorDriverTest {

    /** Forwards items and records calls. */
    static final class Recording implements Processor {
        final List<String> calls = new ArrayList<>();
        Outbox outbox;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            calls.add("process" + ordinal + ":" + batch.size());
            for (Object o : batch) {
                outbox.add(o);
            }
        }

        @Override
        public boolean tryProcessWatermark(long timestamp) {
            calls.add("wm:" + timestamp);
            return true;
        }

        @Override
        public boolean completeEdge(int ordinal) {
            calls.add("completeEdge" + ordinal);
            return true;
        }

        @Override
        public boolean complete() {
            calls.add("complete");
            return true;
        }
    }

    private static ExecutionPlan plan(int consumers, java.util.function.Consumer<Edge> routing, int inputs) {
        Dag dag = new Dag();
        Vertex mid = null;
        List<Vertex> sources = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            sources.add(dag.newVertex("src" + i, ctx -> new Recording()).localParallelism(1));
        }
        mid = dag.newVertex("mid", ctx -> new Recording()).localParallelism(1);
        for (int i = 0; i < inputs; i++) {
            dag.edge(Edge.from(sources.get(i)).to(mid, i).priority(0));
        }
        Vertex sink = dag.newVertex("sink", ctx -> new Recording()).localParallelism(consumers);
        Edge out = Edge.between(mid, sink);
        routing.accept(out);
        dag.edge(out);
        return ExecutionPlan.of(dag, 1);
    }

    private static ProcessorDriver driver(ExecutionPlan plan, Recording p, int batchSize) throws Exception {
        ExecutionPlan.VertexPlan mid = plan.vertexPlan(plan.dag().vertex("mid"));
        ProcessorDriver d = new ProcessorDriver(p, ProcessorContext.single("mid"), mid.inlets(0), mid.outlets(0),
                plan::edge, batchSize, 0);
        d.init();
        return d;
    }

    private static List<EdgeItem> drain(ProcessorDriver d, int outlet) {
        List<EdgeItem> out = new ArrayList<>();
        EdgeItem item;
        while ((item = d.pollOutput(outlet)) != null) {
            out.add(item);
        }
        return out;
    }

    @Test
    void when_itemsExceedBatchSize_then_fullBatchesAreReadyAndRestWaitsForFlush() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 4);
        d.onItem(0, Batch.of(1, 2, 3, 4, 5, 6), 0);
        List<EdgeItem> out = drain(d, 0);
        assertEquals(List.of(Batch.of(1, 2, 3, 4)), out);
        d.flushAll();
        assertEquals(List.of(Batch.of(5, 6)), drain(d, 0));
    }

    @Test
    void when_watermark_then_partialBatchIsFlushedBeforeIt() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 100);
        d.onItem(0, Batch.of("a", "b"), 0);
        d.onItem(0, new Watermark(42), 0);
        assertEquals(List.of(Batch.of("a", "b"), new Watermark(42)), drain(d, 0));
        assertEquals(List.of("process0:2", "wm:42"), p.calls);
    }

    @Test
    void when_partitioned_then_itemGoesToOwnerOfItsKeyPartition() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(3, e -> e.partitioned((FunctionEx<Object, Object>) x -> x), 1), p, 100);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            items.add("k" + i);
        }
        d.onItem(0, Batch.ofList(items), 0);
        d.flushAll();
        for (int outlet = 0; outlet < 3; outlet++) {
            for (EdgeItem e : drain(d, outlet)) {
                for (Object o : (Batch) e) {
                    assertEquals(outlet, Partitioner.owner(Partitioner.partition(o, 271), 3));
                }
            }
        }
    }

    @Test
    void when_inputsComplete_then_completeEdgeThenComplete() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 2), p, 10);
        d.onInletComplete(0, 0);
        assertFalse(d.isProcessorDone());
        d.onInletComplete(1, 0);
        assertEquals(List.of("completeEdge0", "completeEdge1", "complete"), p.calls);
        assertTrue(d.isDone());
    }

    @Test
    void when_outputBacklogReachesLimit_then_noMoreInputIsWanted() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 2);
        assertTrue(d.wantsInput(0));
        d.onItem(0, Batch.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0);
        assertTrue(d.hasReachedLimit());
        assertFalse(d.wantsInput(0));
        drain(d, 0);
        assertTrue(d.wantsInput(0));
    }

    @Test
    void when_allInputsIdle_then_idleIsForwardedWithoutCallingProcessor() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 2), p, 10);
        d.onItem(0, new Watermark(10), 0);
        d.onItem(1, new Watermark(20), 0);
        d.onItem(0, Watermark.IDLE, 0);
        d.onItem(1, Watermark.IDLE, 0);
        assertEquals(List.of(new Watermark(10), new Watermark(20), Watermark.IDLE), drain(d, 0));
        assertEquals(List.of("wm:10", "wm:20"), p.calls);
    }

    @Test
    void when_abortedFromAnotherThread_then_nextCallFailsWithTheCauseWithoutRunningTheProcessor() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 10);
        d.onItem(0, Batch.of(1), 0);
        IllegalStateException cause = new IllegalStateException("heap nearly full");
        Thread other = new Thread(() -> d.abort(cause));
        other.start();
        other.join();

        assertSame(cause, assertThrows(IllegalStateException.class, () -> d.onItem(0, Batch.of(2), 0)));
        assertSame(cause, assertThrows(IllegalStateException.class, d::runPending));
        assertSame(cause, assertThrows(IllegalStateException.class, () -> d.tick(0)));
        assertEquals(List.of("process0:1"), p.calls);
    }
}
