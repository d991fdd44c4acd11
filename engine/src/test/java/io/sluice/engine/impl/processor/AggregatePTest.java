package io.sluice.engine.impl.processor;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.DiscardingOutbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.execution.StateReporting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.sluice.engine.core.test.TestSupport.SAME_ITEMS_ANY_ORDER;
import static io.sluice.engine.core.test.TestSupport.verifyProcessor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AggregateP}, the single-stage aggregation of operations without a {@code combineFn}: per
 * input ordinal accumulate function, keyed and global results, snapshot and restore at every point
 * and a tiny outbox (through {@code TestSupport}), the accumulation limit and the state report.
 */
@Timeout(60)
class AggregatePTest {

    /** Two inputs: input 0 appends "a:item", input 1 appends "b:item"; no combineFn; finish sorts. */
    private static AggregateOperation<ArrayList<String>, String> twoInputNoCombine() {
        return AggregateOperation.<ArrayList<String>>withCreate(ArrayList::new)
                                 .<Integer>andAccumulate0((acc, i) -> acc.add("a" + i))
                                 .<String>andAccumulate1((acc, s) -> acc.add("b" + s))
                                 .andExportFinish(acc -> acc.stream().sorted().collect(Collectors.joining(",")));
    }

    private static String expectedFor(List<Integer> in0, List<String> in1) {
        List<String> all = new ArrayList<>();
        in0.forEach(i -> all.add("a" + i));
        in1.forEach(s -> all.add("b" + s));
        return all.stream().sorted().collect(Collectors.joining(","));
    }

    @Test
    void when_keyedTwoInputs_then_oneResultPerKeyOfEitherInput() throws Exception {
        Random random = new Random(42);
        List<Integer> in0 = IntStream.range(0, 60).mapToObj(i -> random.nextInt(50)).collect(Collectors.toList());
        List<String> in1 = IntStream.range(0, 40).mapToObj(i -> Integer.toString(random.nextInt(80)))
                                    .collect(Collectors.toList());
        FunctionEx<Integer, Integer> key0 = i -> i % 7;
        FunctionEx<String, Integer> key1 = s -> Integer.parseInt(s) % 9; // keys 7, 8 only in input 1
        Map<Integer, List<Integer>> g0 = new TreeMap<>(in0.stream().collect(Collectors.groupingBy(i -> i % 7)));
        Map<Integer, List<String>> g1 = new TreeMap<>(in1.stream().collect(Collectors.groupingBy(s -> Integer.parseInt(s) % 9)));
        List<Object> expected = new ArrayList<>();
        for (int k = 0; k < 9; k++) {
            if (g0.containsKey(k) || g1.containsKey(k)) {
                expected.add(KeyedResult.of(k, expectedFor(g0.getOrDefault(k, List.of()), g1.getOrDefault(k, List.of()))));
            }
        }

        verifyProcessor(Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()))
                .inputs(List.of(in0, in1))
                .expectOutput(expected)
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .outboxLimit(1)
                .verify();
    }

    @Test
    void when_globalTwoInputs_then_exactlyOneResult() throws Exception {
        verifyProcessor(Processors.aggregateP(null, twoInputNoCombine()))
                .inputs(List.of(List.of(3, 1, 2), List.of("x", "y")))
                .expectOutput(List.of(expectedFor(List.of(3, 1, 2), List.of("x", "y"))))
                .verify();
    }

    @Test
    void when_globalEmptyInput_then_finishOfEmptyAccumulator() throws Exception {
        verifyProcessor(Processors.aggregateP(null, twoInputNoCombine()))
                .inputs(List.of(List.of(), List.of()))
                .expectOutput(List.of(""))
                .verify();
    }

    @Test
    void when_globalOnOtherInstance_then_noResult() throws Exception {
        verifyProcessor(Processors.aggregateP(null, twoInputNoCombine()))
                .context(new ProcessorContext("job", "agg", 1, 1, 2, 271, 1024))
                .inputs(List.of(List.of(), List.of()))
                .expectOutput(List.of())
                .verify();
    }

    @Test
    void when_keysExceedLimit_then_failsNamingTheLimit() {
        ProcessorContext limit2 = new ProcessorContext("job", "agg", 0, 0, 1, 271, 1024, 2);
        FunctionEx<Integer, Integer> key0 = i -> i;
        FunctionEx<String, String> key1 = s -> s;
        AccumulationLimitExceededException e = assertThrows(AccumulationLimitExceededException.class,
                () -> verifyProcessor(Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()))
                        .context(limit2)
                        .inputs(List.of(List.of(1, 2), List.of("3")))
                        .expectOutput(List.of())
                        .verify());
        assertEquals(2, e.limit());
        assertEquals(3, e.count());
    }

    @Test
    void when_running_then_reportsKeysHeld() throws Exception {
        FunctionEx<Integer, Integer> key0 = i -> i;
        FunctionEx<String, String> key1 = s -> s;
        Processor p = Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()).get(ProcessorContext.single("t"));
        p.init(new DiscardingOutbox(1024), ProcessorContext.single("t"));
        p.process(0, Batch.ofList(List.of(1, 2, 2)));
        p.process(1, Batch.ofList(List.of("x")));
        assertEquals(3, ((StateReporting) p).accumulatedRecords());
    }

    @Test
    void when_nullKey_then_failsNamingTheItem() throws Exception {
        FunctionEx<Integer, Integer> key0 = i -> null;
        FunctionEx<String, String> key1 = s -> s;
        Processor p = Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()).get(ProcessorContext.single("t"));
        p.init(new DiscardingOutbox(1024), ProcessorContext.single("t"));
        NullPointerException e = assertThrows(NullPointerException.class, () -> p.process(0, Batch.ofList(List.of(5))));
        assertTrue(e.getMessage().contains("returned null for item 5"), e.getMessage());
    }

    @Test
    void when_restoringSameKeyTwiceWithoutCombine_then_clearError() throws Exception {
        FunctionEx<Integer, Integer> key0 = i -> i;
        FunctionEx<String, String> key1 = s -> s;
        Processor p = Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()).get(ProcessorContext.single("t"));
        p.init(new DiscardingOutbox(1024), ProcessorContext.single("t"));
        p.restoreFromSnapshot(1, new ArrayList<>(List.of("a1")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.restoreFromSnapshot(1, new ArrayList<>(List.of("a1"))));
        assertTrue(e.getMessage().contains("no combineFn"), e.getMessage());
    }

    @Test
    void when_snapshot_then_oneEntryPerKey() throws Exception {
        FunctionEx<Integer, Integer> key0 = i -> i % 2;
        FunctionEx<String, Integer> key1 = s -> s.length();
        Processor p = Processors.aggregateP(List.of(key0, key1), twoInputNoCombine()).get(ProcessorContext.single("t"));
        p.init(new DiscardingOutbox(1024), ProcessorContext.single("t"));
        p.process(0, Batch.ofList(List.of(1, 2, 3, 4)));
        p.process(1, Batch.ofList(List.of("xx")));
        Map<Object, Object> saved = new TreeMap<>();
        SnapshotOutbox snapshot = saved::put;
        p.saveToSnapshot(snapshot);
        assertEquals(Map.of(0, List.of("a2", "a4"), 1, List.of("a1", "a3"), 2, List.of("bxx")), saved);
    }
}
