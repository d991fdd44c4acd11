package io.sluice.engine.impl.stream;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.impl.execution.ExecutionPlan;
import io.sluice.engine.impl.execution.ProcessorDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class InsertWatermarksPTest {

    @Test
    void when_items_then_wrappedAndWatermarkBeforeTheItemThatAdvancesIt() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((Long l) -> l, 2);
        TestHarness h = new TestHarness(p, 1);
        p.process(0, Batch.of(10L, 12L, 11L));
        p.process(0, Batch.of(9L));
        p.process(0, Batch.of(15L));
        assertEquals(List.of(new Watermark(8), new TimestampedItem<>(10, 10L), new Watermark(10), new TimestampedItem<>(12, 12L),
                new TimestampedItem<>(11, 11L), new TimestampedItem<>(9, 9L), new Watermark(13), new TimestampedItem<>(15, 15L)),
                h.out);
    }

    @Test
    void when_processItem_then_watermarkBeforeItem() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((Long l) -> l, 0);
        TestHarness h = new TestHarness(p, 1);
        p.processItem(5L);
        p.processItem(4L);
        p.processItem(6L);
        assertEquals(List.of(new Watermark(5), new TimestampedItem<>(5, 5L), new TimestampedItem<>(4, 4L),
                new Watermark(6), new TimestampedItem<>(6, 6L)), h.out);
    }

    @Test
    void when_timestampedInput_then_restampedFromInnerItem() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((String s) -> s.length(), 0);
        TestHarness h = new TestHarness(p, 1);
        TimestampedItem<String> same = new TimestampedItem<>(3, "abc");
        p.process(0, Batch.of(new TimestampedItem<>(100, "ab"), same));
        assertEquals(List.of(new Watermark(2), new TimestampedItem<>(2, "ab"), new Watermark(3), same), h.out);
        assertSame(same, h.out.get(3), "an item whose timestamp does not change is not copied");
    }

    @Test
    void when_upstreamWatermark_then_swallowed() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((Long l) -> l, 0);
        assertFalse(p.forwardsWatermarks());
        TestHarness h = new TestHarness(p, 1);
        h.watermark(1000);
        assertEquals(List.of(), h.out);
    }

    @Test
    void when_runByProcessorDriver_then_inputWatermarksNotForwarded() throws Exception {
        Dag dag = new Dag();
        Vertex a = dag.newVertex("a", ctx -> new InsertWatermarksP((Long l) -> l, 0));
        Vertex b = dag.newVertex("b", ctx -> new InsertWatermarksP((Long l) -> l, 1));
        Vertex c = dag.newVertex("c", ctx -> new InsertWatermarksP((Long l) -> l, 0));
        dag.edge(Edge.between(a, b)).edge(Edge.between(b, c));
        ProcessorDriver driver = new ProcessorDriver(new InsertWatermarksP((Long l) -> l, 1), ProcessorContext.single("b"),
                List.of(new ExecutionPlan.InletSpec(0, 0, 0, 0)), List.of(new ExecutionPlan.OutletSpec(1, 0, 0)),
                dag.edges()::get, 16, 0);
        driver.init();
        driver.onItem(0, Batch.of(10L, 20L), 0);
        driver.onItem(0, new Watermark(500), 0);
        driver.onItem(0, Batch.of(30L), 0);
        List<Object> got = new ArrayList<>();
        while (driver.hasOutput(0)) {
            got.add(driver.pollOutput(0));
        }
        driver.flushAll();
        while (driver.hasOutput(0)) {
            got.add(driver.pollOutput(0));
        }
        // each watermark seals the batch before it: the item that advanced it starts the next batch
        assertEquals(List.of(new Watermark(9), Batch.of(new TimestampedItem<>(10, 10L)), new Watermark(19),
                Batch.of(new TimestampedItem<>(20, 20L)), new Watermark(29), Batch.of(new TimestampedItem<>(30, 30L))), got);
    }

    @Test
    void when_timestampFnThrows_then_propagates() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((Long l) -> {
            throw new java.io.IOException("bad record " + l);
        }, 0);
        new TestHarness(p, 1);
        Exception e = assertThrows(java.io.IOException.class, () -> p.process(0, Batch.of(1L)));
        assertEquals("bad record 1", e.getMessage());
    }

    @Test
    void when_noInputForIdleTimeout_then_idleMarkerOnce() throws Exception {
        InsertWatermarksP p = new InsertWatermarksP((Long l) -> l, 0, 1, 20);
        TestHarness h = new TestHarness(p, 1);
        p.process(0, Batch.of(1L));
        h.tick();
        List<Object> idles = new ArrayList<>();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (idles.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            h.tick();
            h.out.stream().filter(o -> o instanceof Watermark w && w.isIdle()).forEach(idles::add);
        }
        assertEquals(List.of(Watermark.IDLE), idles);
        Thread.sleep(30);
        h.tick();
        assertEquals(1, h.out.stream().filter(Watermark.IDLE::equals).count(), "idle is reported once");
        p.process(0, Batch.of(2L));
        h.tick();
        Thread.sleep(30);
        h.tick();
        assertEquals(2, h.out.stream().filter(Watermark.IDLE::equals).count(), "idle again after new activity");
        assertTrue(p.mapper().maxTimestamp() == 2);
    }
}
