package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stream-to-stream joins of the DSL ({@code window(..).join/leftOuterJoin},
 * {@code groupingKey(..).window(..).join/leftOuterJoin}, {@code intervalJoin/leftOuterIntervalJoin})
 * run through {@link LocalDagRunner} at parallelisms 1, 2, 4 and batch sizes 1, 7, 1024 on shuffled
 * (seeded) input, against a nested-loop join in plain Java. A tumbling-window count after the join
 * checks that no result is late downstream (the join holds its watermark back).
 */
@Timeout(300)
class StreamJoinTest {

    /** An event of either side. */
    record Ev(int key, long ts, int id) implements Serializable {
    }

    private static final long DISORDER = 40;
    private static final long COUNT_WINDOW = 100;

    /** Timestamps ascend by 2 per event plus jitter in [0, DISORDER]; then the list is shuffled locally. */
    private static List<TimestampedItem<Ev>> events(Random rnd, int n, int idBase) {
        List<TimestampedItem<Ev>> evs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long ts = 2L * i + rnd.nextLong(DISORDER + 1);
            evs.add(new TimestampedItem<>(ts, new Ev(rnd.nextInt(17), ts, idBase + i)));
        }
        // shuffle within blocks of 8: the disorder stays below DISORDER + 16
        for (int i = 0; i < n; i += 8) {
            Collections.shuffle(evs.subList(i, Math.min(n, i + 8)), rnd);
        }
        return evs;
    }

    /** The highest {@code max(ts before) - ts} over the list: a lag that makes nothing late. */
    private static long lag(List<TimestampedItem<Ev>> evs) {
        long max = Long.MIN_VALUE;
        long lag = 0;
        for (TimestampedItem<Ev> e : evs) {
            if (max != Long.MIN_VALUE) {
                lag = Math.max(lag, max - e.timestamp());
            }
            max = Math.max(max, e.timestamp());
        }
        return lag;
    }

    /**
     * A finite stream of the items' share per runner ({@code i % runners}), a few items per fill, so
     * that the source emits a watermark every few items (as a live source does).
     */
    private static StreamSource<Ev> smallFills(String name, List<TimestampedItem<Ev>> items, int runners) {
        ArrayList<TimestampedItem<Ev>> copy = new ArrayList<>(items);
        return SourceBuilder.timestampedStream(name, ctx -> new int[]{ctx.globalIndex(), ctx.totalParallelism()})
                .<Ev>fillBufferFn((s, buf) -> {
                    for (int n = 0; n < 3 && s[0] < copy.size(); n++, s[0] += s[1]) {
                        buf.add(copy.get(s[0]).item(), copy.get(s[0]).timestamp());
                    }
                    if (s[0] >= copy.size()) {
                        buf.close();
                    }
                })
                .distributed(runners)
                .build();
    }

    private static final BiFunctionEx<Ev, Ev, String> PAIR = (l, r) -> l.id() + "+" + (r == null ? "null" : r.id())
            + "@" + l.ts();

    private interface Matcher {
        boolean matches(long leftTs, long rightTs);
    }

    private static List<String> nestedLoop(List<TimestampedItem<Ev>> lefts, List<TimestampedItem<Ev>> rights,
                                           Matcher m, boolean outer) {
        List<String> out = new ArrayList<>();
        for (TimestampedItem<Ev> l : lefts) {
            boolean matched = false;
            for (TimestampedItem<Ev> r : rights) {
                if (l.item().key() == r.item().key() && m.matches(l.timestamp(), r.timestamp())) {
                    out.add(PAIR.apply(l.item(), r.item()));
                    matched = true;
                }
            }
            if (outer && !matched) {
                out.add(PAIR.apply(l.item(), null));
            }
        }
        out.sort(null);
        return out;
    }

    private static long tsOf(String result) {
        return Long.parseLong(result.substring(result.indexOf('@') + 1));
    }

    /** Results per tumbling window of the left timestamp, as the count after the join must see them. */
    private static Map<Long, Long> countsPerWindow(List<String> results) {
        Map<Long, Long> counts = new TreeMap<>();
        for (String r : results) {
            counts.merge(Math.floorDiv(tsOf(r), COUNT_WINDOW) * COUNT_WINDOW, 1L, Long::sum);
        }
        return counts;
    }

    private enum Variant {
        INTERVAL, INTERVAL_OUTER, KEYED_WINDOW, KEYED_WINDOW_OUTER, CLAUSE_WINDOW, CLAUSE_WINDOW_OUTER;

        boolean outer() {
            return name().endsWith("OUTER");
        }
    }

    private static StreamStage<String> attach(Variant v, StreamStage<Ev> left, StreamStage<Ev> right) {
        return switch (v) {
            case INTERVAL -> left.groupingKey(Ev::key).intervalJoin(right.groupingKey(Ev::key), -15, 30, PAIR);
            case INTERVAL_OUTER -> left.groupingKey(Ev::key).leftOuterIntervalJoin(right.groupingKey(Ev::key), -15, 30, PAIR);
            case KEYED_WINDOW -> left.groupingKey(Ev::key).window(WindowDefinition.tumbling(50))
                                     .join(right.groupingKey(Ev::key), PAIR);
            case KEYED_WINDOW_OUTER -> left.groupingKey(Ev::key).window(WindowDefinition.tumbling(50))
                                           .leftOuterJoin(right.groupingKey(Ev::key), PAIR);
            case CLAUSE_WINDOW -> left.window(WindowDefinition.tumbling(50))
                                      .join(right, JoinClause.onKeys(Ev::key, Ev::key), PAIR);
            case CLAUSE_WINDOW_OUTER -> left.window(WindowDefinition.tumbling(50))
                                            .leftOuterJoin(right, JoinClause.onKeys(Ev::key, Ev::key), PAIR);
        };
    }

    private static Matcher matcher(Variant v) {
        return switch (v) {
            case INTERVAL, INTERVAL_OUTER -> (l, r) -> r - l >= -15 && r - l <= 30;
            default -> (l, r) -> Math.floorDiv(l, 50) == Math.floorDiv(r, 50);
        };
    }

    @Test
    void when_shuffledInput_then_sameAsNestedLoopJoin_atEveryParallelismAndBatchSize() throws Exception {
        long seed = 20261201;
        Random rnd = new Random(seed);
        List<TimestampedItem<Ev>> lefts = events(rnd, 1500, 0);
        List<TimestampedItem<Ev>> rights = events(rnd, 1500, 100_000);
        long lag = Math.max(lag(lefts), lag(rights));
        assertTrue(lag > DISORDER / 2 && lag <= DISORDER + 32, "lag " + lag);
        for (Variant v : Variant.values()) {
            List<String> expected = nestedLoop(lefts, rights, matcher(v), v.outer());
            assertTrue(expected.size() > 1000, "the input should produce many pairs, got " + expected.size());
            for (int parallelism : new int[]{1, 2, 4}) {
                for (int batchSize : new int[]{1, 7, 1024}) {
                    Pipeline p = Pipeline.create();
                    StreamStage<Ev> left = p.readFrom(smallFills("lefts", lefts, 2)).withNativeTimestamps(lag);
                    StreamStage<Ev> right = p.readFrom(smallFills("rights", rights, 3)).withNativeTimestamps(lag);
                    CollectingSink<String> joined = TestSinks.collecting();
                    CollectingSink<WindowResult<Long>> counts = TestSinks.collecting();
                    StreamStage<String> out = attach(v, left, right);
                    out.writeTo(joined);
                    out.window(WindowDefinition.tumbling(COUNT_WINDOW)).aggregate(AggregateOperations.counting())
                       .writeTo(counts);

                    LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();

                    String what = v + " at parallelism " + parallelism + ", batch size " + batchSize;
                    List<String> actual = new ArrayList<>(joined.items());
                    actual.sort(null);
                    assertEquals(expected, actual, what);
                    Map<Long, Long> actualCounts = new TreeMap<>();
                    for (WindowResult<Long> w : counts.items()) {
                        assertEquals(null, actualCounts.put(w.start(), w.result()), what + ": window " + w + " twice");
                    }
                    assertEquals(countsPerWindow(expected), actualCounts, what + ": counts after the join (late results?)");
                }
            }
        }
    }

    @Test
    void when_joinPlanned_then_bothInputsPartitionedIntoOneVertex() {
        Pipeline p = Pipeline.create();
        StreamStage<Ev> left = p.readFrom(TestSources.timestampedList(List.<TimestampedItem<Ev>>of(), 2)).withNativeTimestamps(0);
        StreamStage<Ev> right = p.readFrom(TestSources.timestampedList(List.<TimestampedItem<Ev>>of(), 2)).withNativeTimestamps(0);
        left.groupingKey(Ev::key).intervalJoin(right.groupingKey(Ev::key), 0, 10, PAIR).map(s -> s)
            .writeTo(TestSinks.collecting());

        Dag dag = p.toDag();

        assertEquals("join interval[0, 10] -> map -> collect", dag.vertex("stream-join").description());
    }

    @Test
    void when_badArguments_then_clearMessages() {
        Pipeline p = Pipeline.create();
        StreamStage<Ev> left = p.readFrom(TestSources.timestampedList(List.<TimestampedItem<Ev>>of(), 1)).withNativeTimestamps(0);
        StreamStage<Ev> right = p.readFrom(TestSources.timestampedList(List.<TimestampedItem<Ev>>of(), 1)).withNativeTimestamps(0);
        StreamStage<Ev> untimed = p.readFrom(TestSources.timestampedList(List.<TimestampedItem<Ev>>of(), 1))
                                   .withoutTimestamps().map(e -> e);

        assertEquals("window(..).join(..) needs a tumbling window, but the window is sliding(100, 10) (a pair of items"
                        + " would share several windows); for items within some time of each other use"
                        + " groupingKey(..).intervalJoin(..)",
                assertThrows(IllegalArgumentException.class, () -> left.window(WindowDefinition.sliding(100, 10))
                        .join(right, JoinClause.onKeys(Ev::key, Ev::key), PAIR)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> left.groupingKey(Ev::key)
                .window(WindowDefinition.session(100)).leftOuterJoin(right.groupingKey(Ev::key), PAIR))
                .getMessage().startsWith("window(..).leftOuterJoin(..) needs a tumbling window, but the window is session"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> left.groupingKey(Ev::key)
                .window(WindowDefinition.tumbling(100).setEarlyResultsPeriod(10)).join(right.groupingKey(Ev::key), PAIR))
                .getMessage().contains("remove setEarlyResultsPeriod(10)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> left.groupingKey(Ev::key)
                .intervalJoin(right.groupingKey(Ev::key), 10, 0, PAIR))
                .getMessage().startsWith("lowerBound must not be greater than upperBound, but 10 > 0"));
        assertEquals("stage 'map' (right) has no timestamps: call withTimestamps(..) (or withNativeTimestamps/"
                        + "withIngestionTimestamps on the source stage) before joining it in intervalJoin(..)",
                assertThrows(IllegalStateException.class, () -> left.groupingKey(Ev::key)
                        .intervalJoin(untimed.groupingKey(Ev::key), 0, 10, PAIR)).getMessage());
        assertEquals("mapToOutputFn must not be null", assertThrows(NullPointerException.class,
                () -> left.groupingKey(Ev::key).intervalJoin(right.groupingKey(Ev::key), 0, 10, null)).getMessage());
        assertEquals("joinClause must not be null", assertThrows(NullPointerException.class,
                () -> left.window(WindowDefinition.tumbling(10)).join(right, null, PAIR)).getMessage());
    }
}
