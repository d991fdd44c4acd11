package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Barrier;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.impl.processor.AsyncServiceP;
import io.sluice.engine.impl.processor.IdentityP;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.ServiceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wake-up mechanism between the driver and an asynchronous processor ({@code WakeUpAware}),
 * step by step with futures the test completes: a completed future calls the wake-up, the
 * driver's {@code onWakeUp} emits, input is not pulled while the processor holds a batch's worth
 * of items, and a watermark waits for the items before it (without stopping input).
 */
@Timeout(10)
class WakeUpDriverTest {
    /** The futures handed out, by item; the test completes them. */
    private static final Map<Object, CompletableFuture<Object>> FUTURES = new ConcurrentHashMap<>();

    private static ProcessorDriver driver(AsyncServiceP.Supplier supplier, AtomicInteger wakeUps) throws Exception {
        return driver(supplier, wakeUps, 0);
    }

    private static ProcessorDriver driver(AsyncServiceP.Supplier supplier, AtomicInteger wakeUps, long idleTimeoutNanos)
            throws Exception {
        return driver(supplier, wakeUps, idleTimeoutNanos, null);
    }

    private static ProcessorDriver driver(AsyncServiceP.Supplier supplier, AtomicInteger wakeUps, long idleTimeoutNanos,
                                          SnapshotListener listener) throws Exception {
        Dag dag = new Dag();
        Vertex src = dag.newVertex("src", ctx -> new IdentityP()).localParallelism(1);
        Vertex mid = dag.newVertex("mid", supplier).localParallelism(1);
        Vertex sink = dag.newVertex("sink", ctx -> new IdentityP()).localParallelism(1);
        dag.edge(Edge.between(src, mid));
        dag.edge(Edge.between(mid, sink));
        ExecutionPlan plan = ExecutionPlan.of(dag, 1);
        ExecutionPlan.VertexPlan vp = plan.vertexPlan(plan.dag().vertex("mid"));
        ProcessorContext ctx = new ProcessorContext("t", "mid", 0, 0, 1, 271, 2);
        ProcessorDriver d = new ProcessorDriver(supplier.get(ctx), ctx, vp.inlets(0), vp.outlets(0), plan::edge, 2,
                idleTimeoutNanos);
        d.setWakeUp(wakeUps::incrementAndGet);
        if (listener != null) {
            d.enableSnapshots(ProcessingGuarantee.EXACTLY_ONCE, listener);
        }
        d.init();
        return d;
    }

    private static List<Object> drain(ProcessorDriver d) {
        d.flushAll();
        List<Object> out = new ArrayList<>();
        for (EdgeItem item; (item = d.pollOutput(0)) != null; ) {
            if (item instanceof Batch b) {
                for (Object o : b) {
                    out.add(((TimestampedItem<?>) o).item());
                }
            } else if (item instanceof Barrier b) {
                out.add("barrier" + b.snapshotId());
            } else {
                out.add("wm" + ((Watermark) item).timestamp());
            }
        }
        return out;
    }

    @Test
    void when_futuresCompleteOutOfOrder_then_wokenAndEmittedInOrderAndWatermarkWaits() throws Exception {
        // Given: ordered, 2 requests in flight, batch size 2
        FUTURES.clear();
        BiFunctionEx<Object, Object, Object> fn = (s, x) -> FUTURES.computeIfAbsent(x, k -> new CompletableFuture<>());
        AsyncServiceP.Supplier supplier = new AsyncServiceP.Supplier("async", ServiceFactory.nonSharedService(c -> "svc"),
                2, true, 1, fn, null, true);
        AtomicInteger wakeUps = new AtomicInteger();
        ProcessorDriver d = driver(supplier, wakeUps);
        assertTrue(d.wantsWakeUps());

        // When: 4 items arrive; 2 start, 2 wait for a slot (a batch's worth: no more input)
        d.onItem(0, Batch.of(new TimestampedItem<>(1, "a"), new TimestampedItem<>(2, "b"),
                new TimestampedItem<>(3, "c"), new TimestampedItem<>(4, "d")), 0);
        assertEquals(2, FUTURES.size());
        assertFalse(d.wantsInput(0), "input must wait while a batch's worth of items waits for a slot");
        d.onItem(0, new Watermark(10), 0);

        // Then: b completes first: a wake-up, but nothing can go out before a
        FUTURES.get("b").complete("B");
        assertEquals(1, wakeUps.get());
        d.onWakeUp();
        d.runPending();
        assertEquals(List.of(), drain(d));
        FUTURES.get("a").complete("A");
        assertEquals(2, wakeUps.get());
        d.onWakeUp();
        d.runPending();
        assertEquals(List.of("A", "B"), drain(d));
        assertEquals(4, FUTURES.size(), "c and d started when a and b were emitted");
        assertTrue(d.wantsInput(0), "input flows while the watermark waits for c and d");
        FUTURES.get("c").complete(null); // null: filtered out
        FUTURES.get("d").complete("D");
        d.onWakeUp();
        d.runPending();
        assertEquals(List.of("D", "wm10"), drain(d), "the watermark follows the items before it");
        assertTrue(d.wantsInput(0));
    }

    @Test
    void when_inputsGoIdleWithItemsInFlight_then_idleMarkerFollowsThem() throws Exception {
        FUTURES.clear();
        BiFunctionEx<Object, Object, Object> fn = (s, x) -> FUTURES.computeIfAbsent(x, k -> new CompletableFuture<>());
        AsyncServiceP.Supplier supplier = new AsyncServiceP.Supplier("async", ServiceFactory.nonSharedService(c -> "svc"),
                4, false, 1, fn, null, true);
        ProcessorDriver d = driver(supplier, new AtomicInteger(), 1_000_000);
        d.onItem(0, Batch.of(new TimestampedItem<>(1, "a"), new TimestampedItem<>(2, "b")), 0);

        d.tick(1_000_000_000L); // the only input has been idle for a second
        assertEquals(List.of(), drain(d), "the idle marker must not overtake a and b");

        FUTURES.get("a").complete("A");
        FUTURES.get("b").complete("B");
        d.onWakeUp();
        assertEquals(List.of("A", "B", "wm" + Long.MAX_VALUE), drain(d));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void when_snapshotWithRequestsInFlight_then_savedWithoutWaitingAndStartedAgainOnRestore(boolean ordered) throws Exception {
        // Given: 2 requests at most; a, b, c and a watermark arrive; a completes and is emitted
        FUTURES.clear();
        BiFunctionEx<Object, Object, Object> fn = (s, x) -> FUTURES.computeIfAbsent(x, k -> new CompletableFuture<>());
        AsyncServiceP.Supplier supplier = new AsyncServiceP.Supplier("async", ServiceFactory.nonSharedService(c -> "svc"),
                2, ordered, 1, fn, null, true);
        List<Map.Entry<Object, Object>> saved = new ArrayList<>();
        List<Long> savedIds = new ArrayList<>();
        ProcessorDriver d = driver(supplier, new AtomicInteger(), 0, new SnapshotListener() {
            @Override
            public void save(long snapshotId, Object key, Object value) {
                saved.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
            }

            @Override
            public void saved(long snapshotId) {
                savedIds.add(snapshotId);
            }
        });
        d.onItem(0, Batch.of(new TimestampedItem<>(1, "a"), new TimestampedItem<>(2, "b"), new TimestampedItem<>(3, "c")), 0);
        d.onItem(0, new Watermark(10), 0);
        FUTURES.get("a").complete("A");
        d.onWakeUp();
        d.runPending();

        // When: the barrier comes while b and c are in flight
        d.onItem(0, new Barrier(1), 0);

        // Then: the snapshot is taken at once, holding b, c and the watermark, in order
        assertEquals(List.of(1L), savedIds, "the snapshot does not wait for the requests");
        List<Object> values = new ArrayList<>();
        for (Map.Entry<Object, Object> e : saved) {
            values.add(e.getValue() instanceof TimestampedItem<?> ti ? ti.item() : e.getValue());
            assertEquals(-1, io.sluice.engine.core.SnapshotKeys.partitionOf(e.getKey(), 271), "held items are instance state");
        }
        assertEquals(List.of("b", "c", new AsyncServiceP.HeldWatermark(10)), values);
        assertEquals(List.of("A", "barrier1"), drain(d));

        // When: the job fails and a new instance is restored from the snapshot
        d.close();
        FUTURES.clear();
        ProcessorDriver restored = driver(supplier, new AtomicInteger(), 0, new SnapshotListener() {
            @Override
            public void save(long snapshotId, Object key, Object value) {
            }

            @Override
            public void saved(long snapshotId) {
            }
        });
        restored.restore(saved);
        restored.tick(0);

        // Then: b and c are requested again and emitted, then the watermark
        assertEquals(java.util.Set.of("b", "c"), FUTURES.keySet());
        FUTURES.get("c").complete("C");
        FUTURES.get("b").complete("B");
        restored.onWakeUp();
        restored.runPending();
        List<Object> out = drain(restored);
        assertEquals(ordered ? List.of("B", "C", "wm10") : List.of("C", "B", "wm10"), out);
    }
}
