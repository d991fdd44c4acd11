package io.sluice.engine.pipeline;

import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hashJoinBuilder()}: a left outer join with any number of build sides, checked against a
 * nested-loop join in plain Java (duplicate keys give one output per combination of matches; a
 * side without a match gives {@code null}).
 */
@Timeout(60)
class HashJoinBuilderTest {

    static Stream<Arguments> parallelismsAndBatchSizes() {
        List<Arguments> args = new ArrayList<>();
        for (int p : new int[] {1, 2, 4}) {
            for (int b : new int[] {1, 7, 1024}) {
                args.add(Arguments.of(p, b));
            }
        }
        return args.stream();
    }

    /** Side i: entries (key, "s{i}-{key}-{n}"), keys from 0..keyRange, some duplicated, some missing. */
    private static List<Map.Entry<Integer, String>> side(int i, long seed, int keyRange) {
        Random rnd = new Random(seed);
        List<Map.Entry<Integer, String>> side = new ArrayList<>();
        for (int n = 0; n < keyRange; n++) {
            int key = rnd.nextInt(keyRange);
            side.add(new SimpleEntry<>(key, "s" + i + "-" + key + "-" + n));
        }
        return side;
    }

    private static List<String> matches(List<Map.Entry<Integer, String>> side, int key) {
        List<String> m = new ArrayList<>();
        for (Map.Entry<Integer, String> e : side) {
            if (e.getKey() == key) {
                m.add(e.getValue());
            }
        }
        if (m.isEmpty()) {
            m.add(null);
        }
        return m;
    }

    /** The nested-loop reference: one output per combination of the sides' matches. */
    private static List<String> reference(List<Integer> primary, List<List<Map.Entry<Integer, String>>> sides) {
        List<String> out = new ArrayList<>();
        for (int item : primary) {
            List<String> partial = List.of(String.valueOf(item));
            for (int s = 0; s < sides.size(); s++) {
                int key = s == 0 ? item % 40 : s == 1 ? item % 25 : item % 31;
                List<String> next = new ArrayList<>();
                for (String prefix : partial) {
                    for (String m : matches(sides.get(s), key)) {
                        next.add(prefix + "|" + m);
                    }
                }
                partial = next;
            }
            out.addAll(partial);
        }
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_threeBuildSides_then_asNestedLoopJoin(int parallelism, int batchSize) throws Exception {
        // Given
        Random rnd = new Random(17);
        List<Integer> primary = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            primary.add(rnd.nextInt(1000));
        }
        List<Map.Entry<Integer, String>> s1 = side(1, 1, 40);
        List<Map.Entry<Integer, String>> s2 = side(2, 2, 25);
        List<Map.Entry<Integer, String>> s3 = side(3, 3, 31);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        BatchStage<Integer> items = p.readFrom(TestSources.itemsDistributed(primary, 2));
        HashJoinBuilder<Integer> b = items.hashJoinBuilder();
        Tag<String> t1 = b.add(p.readFrom(TestSources.items(s1)), JoinClause.joinMapEntries(i -> i % 40));
        Tag<String> t2 = b.add(p.readFrom(TestSources.items(s2)), JoinClause.joinMapEntries(i -> i % 25));
        Tag<String> t3 = b.add(p.readFrom(TestSources.items(s3)), JoinClause.joinMapEntries(i -> i % 31));
        b.build((item, byTag) -> item + "|" + byTag.get(t1) + "|" + byTag.get(t2) + "|" + byTag.get(t3))
         .writeTo(sink);

        // When
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        // Then
        List<String> actual = new ArrayList<>(sink.items());
        Collections.sort(actual);
        assertEquals(reference(primary, List.of(s1, s2, s3)), actual);
        assertEquals(1, t1.index());
        assertEquals(3, t3.index());
    }

    @ParameterizedTest(name = "parallelism {0}, batch size {1}")
    @MethodSource("parallelismsAndBatchSizes")
    void when_streamPrimary_then_joinedAndTimestampsKept(int parallelism, int batchSize) throws Exception {
        Random rnd = new Random(23);
        List<TimestampedItem<Integer>> events = new ArrayList<>();
        List<Integer> primary = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int v = rnd.nextInt(1000);
            primary.add(v);
            events.add(new TimestampedItem<>(i * 5L, v));
        }
        List<Map.Entry<Integer, String>> s1 = side(1, 4, 40);
        List<Map.Entry<Integer, String>> s2 = side(2, 5, 25);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        StreamStage<Integer> stream = p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(0);
        StreamHashJoinBuilder<Integer> b = stream.hashJoinBuilder();
        Tag<String> t1 = b.add(p.readFrom(TestSources.items(s1)), JoinClause.joinMapEntries(i -> i % 40));
        Tag<String> t2 = b.add(p.readFrom(TestSources.items(s2)), JoinClause.joinMapEntries(i -> i % 25));
        StreamStage<String> joined = b.build((item, byTag) -> item + "|" + byTag.get(t1) + "|" + byTag.get(t2));
        joined.writeTo(sink);
        // the joined stream still has event time: a window over it works
        CollectingSink<Long> counts = TestSinks.collecting();
        joined.window(WindowDefinition.tumbling(100)).aggregate(io.sluice.engine.aggregate.AggregateOperations.counting())
              .map(r -> r.result()).writeTo(counts);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

        List<String> actual = new ArrayList<>(sink.items());
        Collections.sort(actual);
        List<String> expected = reference(primary, List.of(s1, s2));
        assertEquals(expected, actual);
        assertEquals(expected.size(), counts.items().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void when_noBuildSide_then_clearError() {
        Pipeline p = Pipeline.create();
        HashJoinBuilder<Integer> b = p.readFrom(TestSources.items(1)).hashJoinBuilder();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.build((i, byTag) -> i));
        assertTrue(e.getMessage().contains("add(stage, joinClause)"), e.getMessage());
    }

    @Test
    void when_outputNull_then_dropped() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        HashJoinBuilder<Integer> b = p.readFrom(TestSources.items(1, 2, 3, 4)).hashJoinBuilder();
        Tag<String> t = b.add(p.readFrom(TestSources.items(List.<Map.Entry<Integer, String>>of(new SimpleEntry<>(2, "two")))),
                JoinClause.joinMapEntries(i -> i));
        b.build((i, byTag) -> byTag.get(t) == null ? null : i).writeTo(sink);
        LocalDagRunner.of(p.toDag()).run();
        assertEquals(List.of(2), sink.items());
    }
}
