package io.sluice.engine.impl.processor;

import io.sluice.engine.TestAggregateOps;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.DiscardingOutbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.pipeline.JoinClause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.engine.core.test.TestSupport.SAME_ITEMS_ANY_ORDER;
import static io.sluice.engine.core.test.TestSupport.verifyProcessor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code JobConfig.setMaxProcessorAccumulatedRecords} in the batch processors: an instance that
 * would hold more records than the limit fails with a message naming the vertex, the instance,
 * the limit and the count; at the limit it runs normally (snapshot and restore included); and it
 * reports what it holds to the heap watchdog.
 */
@Timeout(60)
class AccumulationLimitTest {

    /** Instance 1 of vertex "agg", limit 3. */
    private static final ProcessorContext LIMIT_3 = new ProcessorContext("job", "agg", 1, 1, 2, 271, 1024, 3);

    private static AccumulationLimitExceededException assertExceeds(ProcessorSupplier supplier, List<?> input) {
        return assertThrows(AccumulationLimitExceededException.class,
                () -> verifyProcessor(supplier).context(LIMIT_3).input(input).expectOutput(List.of()).verify());
    }

    private static void assertMessage(AccumulationLimitExceededException e, long count) {
        assertEquals("agg", e.vertexName());
        assertEquals(1, e.instance());
        assertEquals(3, e.limit());
        assertEquals(count, e.count());
        String m = e.getMessage();
        assertTrue(m.startsWith("vertex 'agg' instance 1 holds more than 3 accumulated records (" + count + " "), m);
        assertTrue(m.contains("JobConfig.setMaxProcessorAccumulatedRecords"), m);
    }

    @Test
    void when_keyedAccumulateReachesLimit_then_completes() throws Exception {
        verifyProcessor(Processors.stepP(Processors.accumulateStep((String s) -> s.charAt(0), TestAggregateOps.counting())))
                .context(LIMIT_3)
                .input(List.of("apple", "avocado", "banana", "cherry", "blueberry", "apricot"))
                .expectOutput(List.of(KeyedResult.of('a', 3L), KeyedResult.of('b', 2L), KeyedResult.of('c', 1L)))
                .outputChecker((expected, actual) -> SAME_ITEMS_ANY_ORDER.test(expected, countsOf(actual)))
                .verify();
    }

    @Test
    void when_keyedAccumulateExceedsLimit_then_failsNamingVertexInstanceLimitAndCount() {
        var e = assertExceeds(Processors.stepP(Processors.accumulateStep((String s) -> s.charAt(0), TestAggregateOps.counting())),
                List.of("apple", "banana", "apricot", "cherry", "date"));
        assertMessage(e, 4);
        assertTrue(e.getMessage().contains("(4 keyed accumulators)"), e.getMessage());
    }

    @Test
    void when_keyedCombineExceedsLimit_then_fails() {
        var e = assertExceeds(Processors.stepP(Processors.combineStep(TestAggregateOps.counting(), true)),
                List.of(KeyedResult.of("a", new long[]{1}), KeyedResult.of("b", new long[]{1}), KeyedResult.of("a", new long[]{1}),
                        KeyedResult.of("c", new long[]{1}), KeyedResult.of("d", new long[]{1})));
        assertMessage(e, 4);
    }

    @Test
    void when_distinctRepeatsKnownKeys_then_onlyNewKeysCount() throws Exception {
        verifyProcessor(Processors.stepP(Processors.distinctStep(null)))
                .context(LIMIT_3)
                .input(List.of("a", "b", "a", "c", "b", "a", "c"))
                .expectOutput(List.of("a", "b", "c"))
                .verify();
        var e = assertExceeds(Processors.stepP(Processors.distinctStep(null)), List.of("a", "b", "a", "c", "d"));
        assertMessage(e, 4);
    }

    @Test
    void when_sortBuffersMoreThanLimit_then_fails() throws Exception {
        verifyProcessor(Processors.stepP(Processors.sortStep(ComparatorEx.naturalOrder())))
                .context(LIMIT_3)
                .input(List.of(3, 1, 2))
                .expectOutput(List.of(1, 2, 3))
                .verify();
        var e = assertExceeds(Processors.stepP(Processors.sortStep(ComparatorEx.naturalOrder())), List.of(4, 3, 2, 1));
        assertMessage(e, 4);
    }

    @Test
    void when_globalToListExceedsLimit_then_accumulateAndCombineFail() {
        var accumulate = assertExceeds(Processors.stepP(Processors.accumulateStep(null, TestAggregateOps.toList())),
                List.of(1, 2, 3, 4));
        assertMessage(accumulate, 4);
        var combine = assertExceeds(Processors.stepP(Processors.combineStep(TestAggregateOps.toList(), false)),
                List.of(new ArrayList<>(List.of(1, 2)), new ArrayList<>(List.of(3, 4))));
        assertMessage(combine, 4);
    }

    @Test
    void when_globalScalarAggregate_then_oneRecordWhateverTheInput() throws Exception {
        verifyProcessor(Processors.stepP(Processors.accumulateStep(null, TestAggregateOps.summing((Integer i) -> i))))
                .context(LIMIT_3)
                .input(List.of(1, 2, 3, 4, 5, 6, 7))
                .expectOutput(List.of(28L))
                .outputChecker((expected, actual) -> expected.equals(List.of(((long[]) actual.get(0))[0])))
                .verify();
    }

    @Test
    void when_hashJoinBuildSideExceedsLimit_then_failsCountingDuplicateKeys() {
        JoinClause<Integer, Integer, Map.Entry<Integer, String>, String> byKey = JoinClause.joinMapEntries((Integer i) -> i);
        var e = assertThrows(AccumulationLimitExceededException.class, () ->
                verifyProcessor(Processors.hashJoinP(byKey, (Integer i, String s) -> i + s, true))
                        .context(LIMIT_3)
                        .inputs(List.of(List.of(1, 2), List.of(Map.entry(1, "a"), Map.entry(1, "b"), Map.entry(2, "c"),
                                Map.entry(2, "d"))))
                        .priorities(1, 0)
                        .disableSnapshots()
                        .expectOutput(List.of())
                        .verify());
        assertMessage(e, 4);
    }

    @Test
    void when_hashJoinBuildSideAtLimit_then_primaryItemsDoNotCount() throws Exception {
        JoinClause<Integer, Integer, Map.Entry<Integer, String>, String> byKey = JoinClause.joinMapEntries((Integer i) -> i);
        verifyProcessor(Processors.hashJoinP(byKey, (Integer i, String s) -> i + s, true))
                .context(LIMIT_3)
                .inputs(List.of(List.of(1, 2, 1, 2, 1), List.of(Map.entry(1, "a"), Map.entry(1, "b"), Map.entry(2, "c"))))
                .priorities(1, 0)
                .disableSnapshots()
                .expectOutput(List.of("1a", "1b", "2c", "1a", "1b", "2c", "1a", "1b"))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }

    @Test
    void when_twoStatefulStepsFused_then_limitAppliesToEachAndReportSumsThem() throws Exception {
        // distinct (3 keys) -> accumulate (3 keys): each holds 3, within the limit; the watchdog sees 6
        ProcessorSupplier supplier = Processors.fused(null, List.of(
                Processors.distinctStep(null),
                Processors.accumulateStep((String s) -> s, TestAggregateOps.counting())));
        Processor p = supplier.get(LIMIT_3);
        p.init(new DiscardingOutbox(1), LIMIT_3);
        p.process(0, Batch.ofList(List.of("a", "b", "a", "c")));
        assertEquals(6, ((StateReporting) p).accumulatedRecords());
        while (!p.complete()) {
            // paced emission
        }
        assertEquals(0, ((StateReporting) p).accumulatedRecords(), "state is released on complete");
    }

    @Test
    void when_sortAndJoinHoldRecords_then_reported() throws Exception {
        Processor sort = Processors.stepP(Processors.sortStep(ComparatorEx.naturalOrder())).get(LIMIT_3);
        sort.init(new DiscardingOutbox(1), LIMIT_3);
        sort.process(0, Batch.ofList(List.of(2, 1)));
        assertEquals(2, ((StateReporting) sort).accumulatedRecords());

        JoinClause<Integer, Integer, Map.Entry<Integer, String>, String> byKey = JoinClause.joinMapEntries((Integer i) -> i);
        Processor join = Processors.hashJoinP(byKey, (Integer i, String s) -> i + s, true).get(LIMIT_3);
        join.init(new DiscardingOutbox(1), LIMIT_3);
        join.process(1, Batch.ofList(List.of(Map.entry(1, "a"), Map.entry(1, "b"))));
        assertEquals(2, ((StateReporting) join).accumulatedRecords());
    }

    /** Partial accumulators are long[1]; compare them by their value. */
    private static List<Object> countsOf(List<?> actual) {
        List<Object> out = new ArrayList<>();
        for (Object o : actual) {
            KeyedResult<?, ?> r = (KeyedResult<?, ?>) o;
            out.add(KeyedResult.of(r.key(), ((long[]) r.value())[0]));
        }
        return out;
    }
}
