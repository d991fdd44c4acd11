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

    private static ProcessorDriver driver(ExecutionPlan plan, Recording p, int batchSize, long maxBatchBytes) throws Exception {
        ExecutionPlan.VertexPlan mid = plan.vertexPlan(plan.dag().vertex("mid"));
        ProcessorDriver d = new ProcessorDriver(p, ProcessorContext.single("mid"), mid.inlets(0), mid.outlets(0),
                plan::edge, batchSize, maxBatchBytes, 0);
        d.init();
        return d;
    }

    /** {@code n} byte arrays of {@code size} bytes, the first byte of each its index. */
    private static Batch byteArrays(int n, int size) {
        Object[] items = new Object[n];
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[size];
            b[0] = (byte) i;
            items[i] = b;
        }
        return Batch.wrap(items, n);
    }

    private static List<Integer> batchSizes(List<EdgeItem> items) {
        List<Integer> sizes = new ArrayList<>();
        for (EdgeItem e : items) {
            sizes.add(e instanceof Batch b ? b.size() : -1);
        }
        return sizes;
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

    @Test
    void when_itemsReachByteBudget_then_batchIsSealedBeforeItIsFull() throws Exception {
        // Given a budget of 100,000 bytes and items of about 30,000 bytes
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 1024, 100_000);

        // When ten of them are emitted
        d.onItem(0, byteArrays(10, 30_000), 0);

        // Then a batch is sealed by the item that reaches the budget (the 4th), the rest waits
        assertEquals(List.of(4, 4), batchSizes(drain(d, 0)));
        d.flushAll();
        List<EdgeItem> rest = drain(d, 0);
        assertEquals(List.of(2), batchSizes(rest));
        assertEquals(8, ((byte[]) ((Batch) rest.get(0)).get(0))[0], "items keep their order");
        assertEquals(0, d.queuedBytes());
    }

    @Test
    void when_smallItems_then_batchesAreFullSizeWithDefaultByteBudget() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 1024);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 2048; i++) {
            items.add("word" + i);
        }
        d.onItem(0, Batch.ofList(items), 0);
        assertEquals(List.of(1024, 1024), batchSizes(drain(d, 0)));
    }

    @Test
    void when_queuedBytesReachLimit_then_noMoreInputIsWantedUntilDrained() throws Exception {
        // Given a budget of 10,000 bytes per batch: the driver holds about four batches' worth
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 1024, 10_000);
        assertTrue(d.wantsInput(0));

        // When one item larger than all of that is emitted
        d.onItem(0, byteArrays(1, 50_000), 0);

        // Then it travels alone, and the driver wants no input until it has been taken
        assertTrue(d.queuedBytes() >= 50_000, "queued " + d.queuedBytes());
        assertTrue(d.hasReachedLimit());
        assertFalse(d.wantsInput(0));
        assertEquals(List.of(1), batchSizes(drain(d, 0)));
        assertEquals(0, d.queuedBytes());
        assertTrue(d.wantsInput(0));
    }

    @Test
    void when_readyAndPartialBytesReachLimit_then_limitIsReachedBeforeTheBatchCount() throws Exception {
        // Given a budget of 10,000 bytes per batch (the driver holds 4 batches' worth: 40,000 bytes)
        // and items of about 6,000 bytes, so that every batch overshoots the budget
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 1024, 10_000);

        // When seven are emitted: three batches of two are ready, one item waits in a partial batch
        d.onItem(0, byteArrays(7, 6_000), 0);

        // Then the bytes, ready and partial together, reach the limit with only three batches ready
        assertTrue(d.queuedBytes() >= 40_000, "queued " + d.queuedBytes());
        assertTrue(d.hasReachedLimit());
        assertEquals(List.of(2, 2, 2), batchSizes(drain(d, 0)));
        assertFalse(d.hasReachedLimit());
    }

    @Test
    void when_watermarkFlushesPartialBatch_then_itsBytesAreReleasedWhenTaken() throws Exception {
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(1, e -> { }, 1), p, 1024, 100_000);
        d.onItem(0, byteArrays(2, 1_000), 0);
        d.onItem(0, new Watermark(7), 0);
        assertTrue(d.queuedBytes() > 2_000);
        assertEquals(List.of(2, -1), batchSizes(drain(d, 0)));
        assertEquals(0, d.queuedBytes());
    }

    @Test
    void when_unicastToSeveralConsumers_then_nextConsumerAfterBatchSealedByBytes() throws Exception {
        // Given a round-robin edge to 2 consumers and batches of 4 items of about 30,000 bytes
        Recording p = new Recording();
        ProcessorDriver d = driver(plan(2, e -> { }, 1), p, 1024, 100_000);

        // When 16 items are emitted
        d.onItem(0, byteArrays(16, 30_000), 0);

        // Then the consumers take turns per sealed batch, not per 1024 items
        assertEquals(List.of(4, 4), batchSizes(drain(d, 0)));
        assertEquals(List.of(4, 4), batchSizes(drain(d, 1)));
    }

    @Test
    void when_maxBatchBytesNotPositive_then_rejected() {
        ExecutionPlan plan = plan(1, e -> { }, 1);
        ExecutionPlan.VertexPlan mid = plan.vertexPlan(plan.dag().vertex("mid"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ProcessorDriver(new Recording(), ProcessorContext.single("mid"), mid.inlets(0), mid.outlets(0),
                        plan::edge, 1024, 0, 0));
        assertEquals("maxBatchBytes must be positive, but was 0", e.getMessage());
    }
}
