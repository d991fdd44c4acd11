package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Watermark;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traversers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.sluice.engine.core.test.TestSupport.verifyProcessor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class StatelessStepsTest {

    @Test
    void when_map_then_eachItemMapped() throws Exception {
        verifyProcessor(Processors.stepP(Processors.mapStep((Integer i) -> i * 10)))
                .input(List.of(1, 2, 3))
                .expectOutput(List.of(10, 20, 30))
                .verify();
    }

    @Test
    void when_mapReturnsNull_then_itemDropped() throws Exception {
        verifyProcessor(Processors.stepP(Processors.mapStep((Integer i) -> i % 2 == 0 ? null : i)))
                .input(List.of(1, 2, 3, 4, 5))
                .expectOutput(List.of(1, 3, 5))
                .verify();
    }

    @Test
    void when_filter_then_onlyMatchingItems() throws Exception {
        verifyProcessor(Processors.stepP(Processors.filterStep((String s) -> s.startsWith("a"))))
                .input(List.of("apple", "banana", "avocado", "cherry"))
                .expectOutput(List.of("apple", "avocado"))
                .verify();
    }

    @Test
    void when_flatMap_then_allTraversedItemsInOrder_and_nullTraverserIsEmpty() throws Exception {
        verifyProcessor(Processors.stepP(Processors.flatMapStep((String s) -> s.isEmpty() ? null : Traversers.of(s.split(" ")))))
                .input(List.of("a b", "", "c", "d e f"))
                .expectOutput(List.of("a", "b", "c", "d", "e", "f"))
                .verify();
    }

    @Test
    void when_watermarkInInput_then_forwardedInOrder() throws Exception {
        verifyProcessor(Processors.stepP(Processors.mapStep((Integer i) -> i + 1)))
                .input(List.of(1, new Watermark(10), 2, 3, new Watermark(20)))
                .expectOutput(List.of(2, new Watermark(10), 3, 4, new Watermark(20)))
                .verify();
    }

    @Test
    void when_chainOfSteps_then_itemsPassThroughAllInOrder() throws Exception {
        verifyProcessor(Processors.fused(null, List.of(
                Processors.flatMapStep((String s) -> Traversers.of(s.split(","))),
                Processors.filterStep((String s) -> !s.isBlank()),
                Processors.mapStep((String s) -> s.trim().toUpperCase()))))
                .input(List.of("a, b", " ,c", "d"))
                .expectOutput(List.of("A", "B", "C", "D"))
                .verify();
    }

    @Test
    void when_functionThrowsChecked_then_sameExceptionPropagates() {
        IOException boom = new IOException("boom");
        FunctionEx<Integer, Integer> failing = i -> {
            if (i == 2) {
                throw boom;
            }
            return i;
        };
        IOException thrown = assertThrows(IOException.class, () -> verifyProcessor(Processors.stepP(Processors.mapStep(failing)))
                .input(List.of(1, 2, 3))
                .expectOutput(List.of(1, 3))
                .verify());
        assertEquals("boom", thrown.getMessage());
    }

    @Test
    void when_functionThrowsInFusedChain_then_sameExceptionOutOfProcess() throws Exception {
        IllegalStateException boom = new IllegalStateException("bad item");
        var supplier = Processors.fused(null, List.of(
                Processors.mapStep((Integer i) -> i),
                Processors.filterStep((Integer i) -> {
                    throw boom;
                })));
        var processor = supplier.get(io.sluice.engine.core.ProcessorContext.single("v"));
        processor.init(new io.sluice.engine.core.Outbox() {
            public void add(Object item) { }
            public void add(int ordinal, Object item) { }
            public void addWatermark(long timestamp) { }
            public boolean hasReachedLimit() { return false; }
            public int outputCount() { return 1; }
        }, io.sluice.engine.core.ProcessorContext.single("v"));
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> processor.process(0, io.sluice.engine.core.Batch.of(1)));
        assertSame(boom, thrown);
    }

    // Services: counters live in a static map keyed per test, because suppliers are serialized.
    static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> DESTROYED = new ConcurrentHashMap<>();
    static final List<Object> SERVICES = Collections.synchronizedList(new ArrayList<>());

    @Test
    void when_nonSharedService_then_onePerInstance_and_destroyedOnClose() throws Exception {
        String id = "nonShared";
        ServiceFactory<StringBuilder> factory = ServiceFactory.nonSharedService(ctx -> {
            CREATED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            return new StringBuilder("svc");
        }).withDestroyFn(sb -> DESTROYED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        verifyProcessor(Processors.stepP(Processors.mapUsingServiceStep(factory, (StringBuilder sb, String s) -> sb + "-" + s)))
                .input(List.of("a", "b"))
                .expectOutput(List.of("svc-a", "svc-b"))
                .verify();
        assertEquals(CREATED.get(id).get(), DESTROYED.get(id).get());
        // 3 plain runs + 1 run with 3 snapshot/restore points each creating a fresh instance
        assertEquals(true, CREATED.get(id).get() >= 4);
    }

    @Test
    void when_sharedService_then_oneForAllInstancesOfVertex_and_destroyedByLastClose() throws Exception {
        String id = "shared";
        ServiceFactory<Object> factory = ServiceFactory.sharedService(ctx -> {
            CREATED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Object service = new Object();
            SERVICES.add(service);
            return service;
        }).withDestroyFn(s -> DESTROYED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        var supplier = Processors.stepP(Processors.mapUsingServiceStep(factory, (Object svc, Object item) -> svc));
        var p1 = supplier.get(io.sluice.engine.core.ProcessorContext.single("v"));
        var p2 = supplier.get(io.sluice.engine.core.ProcessorContext.single("v"));
        List<Object> out = new ArrayList<>();
        var outbox = new io.sluice.engine.core.Outbox() {
            public void add(Object item) { out.add(item); }
            public void add(int ordinal, Object item) { out.add(item); }
            public void addWatermark(long timestamp) { }
            public boolean hasReachedLimit() { return false; }
            public int outputCount() { return 1; }
        };
        p1.init(outbox, io.sluice.engine.core.ProcessorContext.single("v"));
        p2.init(outbox, io.sluice.engine.core.ProcessorContext.single("v"));
        p1.process(0, io.sluice.engine.core.Batch.of("x"));
        p2.process(0, io.sluice.engine.core.Batch.of("y"));
        assertEquals(1, CREATED.get(id).get());
        assertSame(out.get(0), out.get(1));
        p1.close();
        assertEquals(null, DESTROYED.get(id));
        p2.close();
        assertEquals(1, DESTROYED.get(id).get());
    }

    @Test
    void when_filterAndFlatMapUsingService_then_serviceGiven() throws Exception {
        ServiceFactory<Integer> limit = ServiceFactory.nonSharedService(ctx -> 3);
        verifyProcessor(Processors.fused(null, List.of(
                Processors.filterUsingServiceStep(limit, (Integer max, Integer i) -> i <= max),
                Processors.flatMapUsingServiceStep(limit, (Integer max, Integer i) -> Traversers.of(i, i * max)))))
                .input(List.of(1, 5, 2))
                .expectOutput(List.of(1, 3, 2, 6))
                .verify();
    }
}
