package io.sluice.actors.stream;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stream-to-stream joins on the real runtime (an embedded node, two instances per vertex), on
 * shuffled input, against a nested-loop join in plain Java; a window count after the join shows
 * that no result is late downstream.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamJoinE2ETest {
    private static final long DISORDER = 50;
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stream-join-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** {@code n} events 3 ms apart on 23 keys, shuffled by up to {@link #DISORDER}; value = id. */
    private static List<TimestampedItem<Ev>> events(int n, long seed, int idBase) {
        Random rnd = new Random(seed);
        List<TimestampedItem<Ev>> ordered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ordered.add(new TimestampedItem<>(3L * i + rnd.nextInt(3), new Ev(rnd.nextInt(23), idBase + i)));
        }
        return StreamFixtures.shuffled(ordered, DISORDER, seed);
    }

    private static String pair(TimestampedItem<Ev> l, TimestampedItem<Ev> r) {
        return l.item().value() + "+" + (r == null ? "null" : r.item().value()) + "@" + l.timestamp();
    }

    @Test
    void when_intervalAndWindowJoins_then_sameAsNestedLoopJoin_andNothingLateAfter() {
        List<TimestampedItem<Ev>> lefts = events(12_000, 1, 0);
        List<TimestampedItem<Ev>> rights = events(12_000, 2, 1_000_000);
        Map<Long, Long> leftTs = new TreeMap<>();
        for (TimestampedItem<Ev> l : lefts) {
            leftTs.put(l.item().value(), l.timestamp());
        }

        Pipeline p = Pipeline.create();
        StreamStage<Ev> left = p.readFrom(TestSources.timestampedList(lefts, 2)).withNativeTimestamps(DISORDER);
        StreamStage<Ev> right = p.readFrom(TestSources.timestampedList(rights, 2)).withNativeTimestamps(DISORDER);
        CollectingSink<String> interval = TestSinks.collecting();
        CollectingSink<String> window = TestSinks.collecting();
        CollectingSink<WindowResult<Long>> counts = TestSinks.collecting();
        StreamStage<String> outer = left.groupingKey(Ev::key)
                .leftOuterIntervalJoin(right.groupingKey(Ev::key), -20, 60,
                        (l, r) -> l.value() + "+" + (r == null ? "null" : r.value()) + "@" + leftTs.get(l.value()));
        outer.writeTo(interval);
        outer.window(WindowDefinition.tumbling(500)).aggregate(AggregateOperations.counting()).writeTo(counts);
        left.window(WindowDefinition.tumbling(100))
            .join(right, JoinClause.onKeys(Ev::key, Ev::key),
                    (l, r) -> l.value() + "+" + r.value() + "@" + leftTs.get(l.value()))
            .writeTo(window);

        sluice.newJob(p, JobConfig.named("stream-join")).join();

        List<String> expectedInterval = new ArrayList<>();
        List<String> expectedWindow = new ArrayList<>();
        for (TimestampedItem<Ev> l : lefts) {
            boolean matched = false;
            for (TimestampedItem<Ev> r : rights) {
                if (l.item().key() != r.item().key()) {
                    continue;
                }
                long d = r.timestamp() - l.timestamp();
                if (d >= -20 && d <= 60) {
                    expectedInterval.add(pair(l, r));
                    matched = true;
                }
                if (l.timestamp() / 100 == r.timestamp() / 100) {
                    expectedWindow.add(pair(l, r));
                }
            }
            if (!matched) {
                expectedInterval.add(pair(l, null));
            }
        }
        expectedInterval.sort(null);
        expectedWindow.sort(null);
        assertTrue(expectedWindow.size() > 5_000 && expectedInterval.size() > 5_000, "too few pairs to mean anything");

        assertEquals(expectedInterval, interval.items().stream().sorted().toList());
        assertEquals(expectedWindow, window.items().stream().sorted().toList());

        Map<Long, Long> expectedCounts = new TreeMap<>();
        for (String s : expectedInterval) {
            long ts = Long.parseLong(s.substring(s.indexOf('@') + 1));
            expectedCounts.merge(ts / 500 * 500, 1L, Long::sum);
        }
        Map<Long, Long> actualCounts = new TreeMap<>();
        for (WindowResult<Long> w : counts.items()) {
            actualCounts.merge(w.start(), w.result(), Long::sum);
        }
        assertEquals(expectedCounts, actualCounts, "counts of the join's results per window (a late result is missing)");
    }
}
