package io.sluice.actors.stream;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Windows on the real runtime with randomly chosen settings (seeded, so a failure can be
 * replayed): window kind and sizes, keyed or not, number of keys, runners, batch size, allowed
 * lag and disorder within it, aggregate operation. Each run is compared with a brute-force
 * reference that puts every event into every window containing it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomizedWindowE2ETest {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("randomized-windows").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    /** One randomly chosen setting. */
    private record Setup(int kind, long size, long slide, long timeout, boolean keyed, int keys, int runners, int batchSize,
                         long lag, boolean summing, List<TimestampedItem<Ev>> events) {
        @Override
        public String toString() {
            String window = kind == 0 ? "tumbling(" + size + ")" : kind == 1 ? "sliding(" + size + ", " + slide + ")"
                    : "session(" + timeout + ")";
            return window + (keyed ? " keyed by " + keys : " not keyed") + ", " + runners + " runners, batch " + batchSize
                    + ", lag " + lag + ", " + (summing ? "summing" : "counting") + ", " + events.size() + " events";
        }
    }

    private static Setup randomSetup(long seed) {
        Random r = new Random(seed);
        int kind = r.nextInt(3);
        long slide = 1 + r.nextInt(50);
        long size = kind == 0 ? slide : slide * (1 + r.nextInt(6));
        long timeout = 1 + r.nextInt(40);
        boolean keyed = kind == 2 || r.nextBoolean(); // sessions are keyed
        int keys = keyed ? 1 + r.nextInt(40) : 1;
        long lag = r.nextInt(100);
        long disorder = lag == 0 ? 0 : r.nextInt((int) lag + 1);
        int n = 1_000 + r.nextInt(6_000);
        List<TimestampedItem<Ev>> events = new ArrayList<>();
        long base = r.nextInt(1_000);
        for (int i = 0; i < n; i++) {
            base += r.nextInt(kind == 2 ? 8 : 4);
            long ts = Math.max(0, base - (disorder == 0 ? 0 : r.nextInt((int) disorder + 1)));
            events.add(new TimestampedItem<>(ts, new Ev(r.nextInt(keys), r.nextInt(100))));
        }
        return new Setup(kind, size, slide, timeout, keyed, keys, 1 + r.nextInt(3), 1 + r.nextInt(1_500), lag, r.nextBoolean(),
                events);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 23, 37, 41, 59, 67, 73, 89})
    void when_randomWindowSetup_then_sameAsBruteForce(long seed) {
        Setup s = randomSetup(seed);
        AggregateOperation1<? super Ev, ?, Long> op = s.summing()
                ? AggregateOperations.<Ev>summingLong(Ev::value)
                : AggregateOperations.counting();
        WindowDefinition def = s.kind() == 0 ? WindowDefinition.tumbling(s.size())
                : s.kind() == 1 ? WindowDefinition.sliding(s.size(), s.slide()) : WindowDefinition.session(s.timeout());

        Pipeline p = Pipeline.create();
        StreamStage<Ev> events = p.readFrom(TestSources.timestampedList(s.events(), s.runners())).withNativeTimestamps(s.lag());
        List<String> actual = new ArrayList<>();
        if (s.keyed()) {
            CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
            events.groupingKey(Ev::key).window(def).aggregate(op).writeTo(sink);
            sluice.newJob(p, new JobConfig().setBatchSize(s.batchSize())).join();
            sink.items().forEach(w -> actual.add(w.start() + ".." + w.end() + " k" + w.key() + " = " + w.result()));
        } else {
            CollectingSink<WindowResult<Long>> sink = TestSinks.collecting();
            events.window(def).aggregate(op).writeTo(sink);
            sluice.newJob(p, new JobConfig().setBatchSize(s.batchSize())).join();
            sink.items().forEach(w -> actual.add(w.start() + ".." + w.end() + " = " + w.result()));
        }
        actual.sort(Comparator.naturalOrder());
        assertEquals(reference(s), actual, s.toString());
    }

    /** Every event in every window that contains it; no event is late because disorder <= lag. */
    private static List<String> reference(Setup s) {
        Map<String, Long> windows = new TreeMap<>();
        if (s.kind() == 2) {
            Map<Integer, List<TimestampedItem<Ev>>> byKey = new HashMap<>();
            s.events().forEach(e -> byKey.computeIfAbsent(e.item().key(), k -> new ArrayList<>()).add(e));
            byKey.forEach((key, list) -> {
                list.sort(Comparator.comparingLong(TimestampedItem::timestamp));
                long start = -1;
                long last = -1;
                long value = 0;
                for (TimestampedItem<Ev> e : list) {
                    if (start >= 0 && e.timestamp() >= last + s.timeout()) {
                        windows.put(start + ".." + (last + s.timeout()) + " k" + key, value);
                        start = -1;
                    }
                    if (start < 0) {
                        start = e.timestamp();
                        value = 0;
                    }
                    last = Math.max(last, e.timestamp());
                    value += s.summing() ? e.item().value() : 1;
                }
                windows.put(start + ".." + (last + s.timeout()) + " k" + key, value);
            });
        } else {
            for (TimestampedItem<Ev> e : s.events()) {
                long firstEnd = Math.floorDiv(e.timestamp(), s.slide()) * s.slide() + s.slide();
                for (long end = firstEnd; end - s.size() <= e.timestamp(); end += s.slide()) {
                    String w = (end - s.size()) + ".." + end + (s.keyed() ? " k" + e.item().key() : "");
                    windows.merge(w, s.summing() ? e.item().value() : 1L, Long::sum);
                }
            }
        }
        List<String> out = new ArrayList<>();
        windows.forEach((w, v) -> out.add(w + " = " + v));
        out.sort(Comparator.naturalOrder());
        return out;
    }
}
