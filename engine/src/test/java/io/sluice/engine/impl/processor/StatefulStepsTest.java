package io.sluice.engine.impl.processor;

import io.sluice.engine.TestAggregateOps;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.ComparatorEx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.sluice.engine.core.test.TestSupport.SAME_ITEMS_ANY_ORDER;
import static io.sluice.engine.core.test.TestSupport.verifyProcessor;

@Timeout(60)
class StatefulStepsTest {

    @Test
    void when_keyedAccumulate_then_onePartialPerKeyOnComplete() throws Exception {
        verifyProcessor(Processors.stepP(Processors.accumulateStep((String s) -> s.charAt(0), TestAggregateOps.counting())))
                .input(List.of("apple", "avocado", "banana", "cherry", "blueberry", "apricot"))
                .expectOutput(List.of(KeyedResult.of('a', 3L), KeyedResult.of('b', 2L), KeyedResult.of('c', 1L)))
                .outputChecker((expected, actual) -> SAME_ITEMS_ANY_ORDER.test(expected, unwrapCounts(actual)))
                .verify();
    }

    /** Partial accumulators are long[1]; compare them by their value. */
    private static List<Object> unwrapCounts(List<?> actual) {
        return actual.stream()
                     .map(o -> {
                         KeyedResult<?, ?> r = (KeyedResult<?, ?>) o;
                         return (Object) KeyedResult.of(r.key(), ((long[]) r.value())[0]);
                     })
                     .collect(Collectors.toList());
    }

    @Test
    void when_keyedCombine_then_partialsMergedAndFinished() throws Exception {
        verifyProcessor(Processors.stepP(Processors.combineStep(TestAggregateOps.counting(), true)))
                .input(List.of(KeyedResult.of("a", new long[]{2}), KeyedResult.of("b", new long[]{1}),
                        KeyedResult.of("a", new long[]{5})))
                .expectOutput(List.of(KeyedResult.of("a", 7L), KeyedResult.of("b", 1L)))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }

    @Test
    void when_manyKeys_then_combineEmitsAllThroughTinyOutbox() throws Exception {
        List<Object> input = IntStream.range(0, 300).mapToObj(i -> KeyedResult.of(i % 100, new long[]{1}))
                                      .collect(Collectors.toList());
        List<Object> expected = IntStream.range(0, 100).mapToObj(i -> KeyedResult.of(i, 3L)).collect(Collectors.toList());
        verifyProcessor(Processors.stepP(Processors.combineStep(TestAggregateOps.counting(), true)))
                .input(input)
                .expectOutput(expected)
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .outboxLimit(1)
                .verify();
    }

    @Test
    void when_globalAccumulateThenCombine_then_singleResult() throws Exception {
        var supplier = Processors.fused(null, List.of(
                Processors.accumulateStep(null, TestAggregateOps.summing((Integer i) -> i)),
                Processors.combineStep(TestAggregateOps.summing((Integer i) -> i), false)));
        verifyProcessor(supplier)
                .input(List.of(1, 2, 3, 4))
                .expectOutput(List.of(10L))
                .verify();
    }

    @Test
    void when_globalCombineOfEmptyInput_then_resultOfEmptyAccumulator() throws Exception {
        verifyProcessor(Processors.stepP(Processors.combineStep(TestAggregateOps.counting(), false)))
                .input(List.of())
                .expectOutput(List.of(0L))
                .verify();
    }

    @Test
    void when_globalCombineNotInstanceZero_then_emitsNothing() throws Exception {
        verifyProcessor(Processors.stepP(Processors.combineStep(TestAggregateOps.counting(), false)))
                .context(new ProcessorContext("test", "v", 0, 1, 2, 271, 1024))
                .input(List.of())
                .expectOutput(List.of())
                .verify();
    }

    @Test
    void when_distinctItems_then_firstOccurrenceOnly() throws Exception {
        verifyProcessor(Processors.stepP(Processors.distinctStep(null)))
                .input(List.of("a", "b", "a", "c", "b", "a"))
                .expectOutput(List.of("a", "b", "c"))
                .verify();
    }

    @Test
    void when_distinctByKey_then_oneItemPerKey() throws Exception {
        verifyProcessor(Processors.stepP(Processors.distinctStep((String s) -> s.length())))
                .input(List.of("a", "bb", "c", "dd", "eee"))
                .expectOutput(List.of("a", "bb", "eee"))
                .verify();
    }

    @Test
    void when_sort_then_allItemsInOrderOnComplete() throws Exception {
        List<Integer> input = new ArrayList<>(IntStream.range(0, 50).map(i -> (i * 37) % 50).boxed().collect(Collectors.toList()));
        verifyProcessor(Processors.stepP(Processors.sortStep(ComparatorEx.naturalOrder())))
                .input(input)
                .expectOutput(IntStream.range(0, 50).boxed().collect(Collectors.toList()))
                .outboxLimit(1)
                .verify();
    }

    @Test
    void when_sortWithComparator_then_thatOrder() throws Exception {
        ComparatorEx<String> byLengthDesc = (a, b) -> Integer.compare(b.length(), a.length());
        verifyProcessor(Processors.stepP(Processors.sortStep(byLengthDesc)))
                .input(List.of("bb", "a", "dddd", "ccc"))
                .expectOutput(List.of("dddd", "ccc", "bb", "a"))
                .verify();
    }

    @Test
    void when_accumulateFusedBehindMap_then_stateOfBothRestoredSeparately() throws Exception {
        // a cascade: combine -> map -> accumulate in one vertex; both keep keyed state
        var supplier = Processors.fused(null, List.of(
                Processors.combineStep(TestAggregateOps.counting(), true),
                Processors.mapStep((KeyedResult<String, Long> r) -> r.value()),
                Processors.accumulateStep((Long count) -> count, TestAggregateOps.counting()),
                Processors.mapStep((KeyedResult<Long, long[]> r) -> r.key() + "x" + r.value()[0])));
        verifyProcessor(supplier)
                .input(List.of(KeyedResult.of("a", new long[]{2}), KeyedResult.of("b", new long[]{2}),
                        KeyedResult.of("c", new long[]{1}), KeyedResult.of("a", new long[]{0})))
                .expectOutput(List.of("2x2", "1x1"))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }
}
