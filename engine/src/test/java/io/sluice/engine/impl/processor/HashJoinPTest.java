package io.sluice.engine.impl.processor;

import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.pipeline.JoinClause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.sluice.engine.core.test.TestSupport.SAME_ITEMS_ANY_ORDER;
import static io.sluice.engine.core.test.TestSupport.verifyProcessor;

@Timeout(60)
class HashJoinPTest {

    private static final JoinClause<Integer, Integer, Map.Entry<Integer, String>, String> BY_KEY =
            JoinClause.joinMapEntries((Integer i) -> i);

    @Test
    void when_leftOuterJoin_then_duplicatesAllEmitted_and_noMatchGivesNull() throws Exception {
        verifyProcessor(Processors.hashJoinP(BY_KEY, (Integer i, String s) -> Tuple2.tuple2(i, s), false))
                .inputs(List.of(
                        List.of(1, 2, 3),
                        List.of(Map.entry(1, "one"), Map.entry(2, "two"), Map.entry(2, "deux"))))
                .priorities(1, 0)
                .disableSnapshots()
                .expectOutput(List.of(Tuple2.tuple2(1, "one"), Tuple2.tuple2(2, "two"), Tuple2.tuple2(2, "deux"),
                        Tuple2.tuple2(3, null)))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }

    @Test
    void when_innerJoin_then_unmatchedDropped() throws Exception {
        verifyProcessor(Processors.hashJoinP(BY_KEY, (Integer i, String s) -> i + s, true))
                .inputs(List.of(List.of(1, 2, 3, 1), List.of(Map.entry(1, "a"), Map.entry(3, "c"))))
                .priorities(1, 0)
                .disableSnapshots()
                .expectOutput(List.of("1a", "3c", "1a"))
                .verify();
    }

    @Test
    void when_mapToOutputReturnsNull_then_dropped() throws Exception {
        verifyProcessor(Processors.hashJoinP(BY_KEY, (Integer i, String s) -> s, false))
                .inputs(List.of(List.of(1, 2), List.of(Map.entry(1, "a"))))
                .priorities(1, 0)
                .disableSnapshots()
                .expectOutput(List.of("a"))
                .verify();
    }

    @Test
    void when_twoBuildSides_then_everyCombinationOfMatches() throws Exception {
        JoinClause<Integer, Integer, Map.Entry<Integer, String>, String> second = JoinClause.joinMapEntries((Integer i) -> i % 2);
        verifyProcessor(Processors.hashJoin2P(BY_KEY, second, (Integer i, String a, String b) -> Tuple3.tuple3(i, a, b)))
                .inputs(List.of(
                        List.of(1, 2),
                        List.of(Map.entry(1, "x"), Map.entry(1, "y")),
                        List.of(Map.entry(1, "odd"))))
                .priorities(1, 0, 0)
                .disableSnapshots()
                .expectOutput(Arrays.asList(Tuple3.tuple3(1, "x", "odd"), Tuple3.tuple3(1, "y", "odd"),
                        Tuple3.tuple3(2, null, null)))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }

    @Test
    void when_merge_then_identityOfBothInputs() throws Exception {
        verifyProcessor(Processors.identityP())
                .inputs(List.of(List.of(1, 2, 3), List.of(10, 20)))
                .expectOutput(List.of(1, 10, 2, 20, 3))
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .verify();
    }
}
