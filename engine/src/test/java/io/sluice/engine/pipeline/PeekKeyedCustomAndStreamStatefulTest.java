package io.sluice.engine.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code peek} (batch and stream: items unchanged, the log lines captured from the logging backend),
 * keyed {@code customTransform} (batch and stream: every key reaches exactly one instance), and the
 * state-deletion predicate of the keyed stream stateful stages, against plain Java on seeded random
 * input at parallelisms 1, 2, 4 and batch sizes 1, 7, 1024.
 */
@Timeout(120)
class PeekKeyedCustomAndStreamStatefulTest {
    private static final int KEYS = 11;

    static Stream<Arguments> settings() {
        List<Arguments> list = new ArrayList<>();
        for (int parallelism : new int[]{1, 2, 4}) {
            for (int batchSize : new int[]{1, 7, 1024}) {
                list.add(Arguments.of(parallelism, batchSize));
            }
        }
        return list.stream();
    }

    private static List<Integer> input(long seed) {
        Random rnd = new Random(seed);
        List<Integer> list = new ArrayList<>();
        for (int i = 0, n = 1000 + rnd.nextInt(500); i < n; i++) {
            list.add(rnd.nextInt(10_000));
        }
        return list;
    }

    private static int key(int v) {
        return v % KEYS;
    }

    private static List<TimestampedItem<Integer>> timestamped(List<Integer> in) {
        List<TimestampedItem<Integer>> list = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            list.add(new TimestampedItem<>(i, in.get(i)));
        }
        return list;
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    /** Captures the lines of a peek stage called {@code stageName}. */
    private static final class Capture implements AutoCloseable {
        final Logger logger;
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Capture(String stageName) {
            logger = (Logger) LoggerFactory.getLogger("io.sluice.peek." + stageName);
            appender.start();
            logger.addAppender(appender);
        }

        /** The logged texts without the "job#instance: " prefix, after checking the prefix and level. */
        List<String> texts(String jobName) {
            List<String> texts = new ArrayList<>();
            for (ILoggingEvent e : appender.list) {
                assertEquals(Level.INFO, e.getLevel());
                String msg = e.getFormattedMessage();
                assertTrue(msg.matches(jobName + "#\\d+: .*"), msg);
                texts.add(msg.substring(msg.indexOf(": ") + 2));
            }
            return texts;
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(null);
        }
    }

    // ---------------------------------------------------------------- peek

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_batchPeek_then_itemsUnchangedAndLinesLogged(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(1);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> all = TestSinks.collecting();
        CollectingSink<Integer> some = TestSinks.collecting();
        CollectingSink<Integer> plain = TestSinks.collecting();
        BatchStage<Integer> src = p.readFrom(TestSources.itemsDistributed(in, 2)).map(v -> v * 2);
        src.peek(v -> "v=" + v).setName("batchPeekAll").writeTo(all);
        src.peek(v -> v % 3 == 0, v -> "three " + v).setName("batchPeekSome").writeTo(some);
        src.peek().setName("batchPeekPlain").writeTo(plain);

        List<Integer> doubled = in.stream().map(v -> v * 2).toList();
        try (Capture a = new Capture("batchPeekAll"); Capture s = new Capture("batchPeekSome");
             Capture d = new Capture("batchPeekPlain")) {
            LocalDagRunner.of(p.toDag()).jobName("peekjob").defaultParallelism(parallelism).batchSize(batchSize).run();
            assertEquals(sorted(doubled.stream().map(v -> "v=" + v).toList()), sorted(a.texts("peekjob")));
            assertEquals(sorted(doubled.stream().filter(v -> v % 3 == 0).map(v -> "three " + v).toList()),
                    sorted(s.texts("peekjob")));
            assertEquals(sorted(doubled.stream().map(String::valueOf).toList()), sorted(d.texts("peekjob")));
        }
        assertEquals(sorted(doubled), sorted(all.items()));
        assertEquals(sorted(doubled), sorted(some.items()));
        assertEquals(sorted(doubled), sorted(plain.items()));
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_streamPeekWithTimestamps_then_innerItemsLoggedAndPassedOn(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(2);
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(timestamped(in), 2)).withNativeTimestamps(0)
         .peek(v -> v % 2 == 0, v -> "even " + v).setName("streamPeek")
         .writeTo(sink);

        try (Capture c = new Capture("streamPeek")) {
            LocalDagRunner.of(p.toDag()).jobName("streamjob").defaultParallelism(parallelism).batchSize(batchSize).run();
            assertEquals(sorted(in.stream().filter(v -> v % 2 == 0).map(v -> "even " + v).toList()), sorted(c.texts("streamjob")));
        }
        assertEquals(sorted(in), sorted(sink.items()));
    }

    @Test
    void when_peekLoggerAboveInfo_then_functionsNotCalled() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Integer> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(1, 2, 3))
         .peek(v -> { throw new AssertionError("shouldLogFn called"); }, v -> { throw new AssertionError("toStringFn called"); })
         .setName("quietPeek")
         .writeTo(sink);
        try (Capture c = new Capture("quietPeek")) {
            c.logger.setLevel(Level.WARN);
            LocalDagRunner.of(p.toDag()).run();
            assertEquals(List.of(), c.appender.list);
        }
        assertEquals(List.of(1, 2, 3), sorted(sink.items()));
    }

    @Test
    void when_peekPlanned_then_fusedIntoUpstreamVertex() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2)).map(v -> v).peek().writeTo(TestSinks.collecting());
        Dag dag = p.toDag();
        assertTrue(dag.vertex("items").description().contains("map -> peek"), dag.toString());
    }

    // ---------------------------------------------------------------- keyed customTransform

    /** Counts the items of each key it sees; at the end emits [key, count, instance] per key. */
    static final class KeyCountP implements Processor {
        private final Map<Integer, Long> counts = new HashMap<>();
        private Outbox outbox;
        private int instance;
        private long lastTs = Long.MIN_VALUE;
        private boolean timestamped;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
            this.instance = context.globalIndex();
        }

        @Override
        public void process(int ordinal, Batch batch) {
            for (int i = 0; i < batch.size(); i++) {
                Object o = batch.array()[i];
                if (o instanceof TimestampedItem<?> ti) {
                    timestamped = true;
                    lastTs = Math.max(lastTs, ti.timestamp());
                    o = ti.item();
                }
                counts.merge(key((Integer) o), 1L, Long::sum);
            }
        }

        @Override
        public boolean complete() {
            for (Map.Entry<Integer, Long> e : counts.entrySet()) {
                List<Long> r = List.of((long) e.getKey(), e.getValue(), (long) instance);
                outbox.add(timestamped ? new TimestampedItem<>(lastTs, r) : r);
            }
            counts.clear();
            return true;
        }
    }

    private static void assertOneInstancePerKey(List<Integer> in, List<List<Long>> out) {
        Map<Long, Long> expected = new HashMap<>();
        for (int v : in) {
            expected.merge((long) key(v), 1L, Long::sum);
        }
        Map<Long, Long> actual = new HashMap<>();
        for (List<Long> r : out) {
            assertEquals(null, actual.put(r.get(0), r.get(1)), "key " + r.get(0) + " reached more than one instance: " + out);
        }
        assertEquals(expected, actual);
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_batchKeyedCustomTransform_then_eachKeyOnOneInstance(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(3);
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemsDistributed(in, 2))
         .groupingKey(PeekKeyedCustomAndStreamStatefulTest::key)
         .<List<Long>>customTransform("keyCount", ctx -> new KeyCountP())
         .writeTo(sink);
        Dag dag = p.toDag();
        Edge edge = dag.edges().stream().filter(e -> e.destination().name().equals("keyCount")).findFirst().orElseThrow();
        assertEquals(RoutingPolicy.PARTITIONED, edge.routing());

        LocalDagRunner.of(dag).defaultParallelism(parallelism).batchSize(batchSize).run();
        assertOneInstancePerKey(in, sink.items());
    }

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_streamKeyedCustomTransform_then_partitionedByInnerItemKey(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(4);
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(timestamped(in), 2)).withNativeTimestamps(0)
         .groupingKey(PeekKeyedCustomAndStreamStatefulTest::key)
         .<List<Long>>customTransform("keyCount", ctx -> new KeyCountP())
         .writeTo(sink);

        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        assertOneInstancePerKey(in, sink.items());
    }

    // ---------------------------------------------------------------- stream state deletion

    @ParameterizedTest(name = "parallelism {0}, batch {1}")
    @MethodSource("settings")
    void when_streamKeyedStatefulWithDeletion_then_sameAsReference(int parallelism, int batchSize) throws Exception {
        List<Integer> in = input(5);
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> mapped = TestSinks.collecting();
        CollectingSink<Integer> filtered = TestSinks.collecting();
        CollectingSink<String> flatMapped = TestSinks.collecting();
        StreamStageWithKey<Integer, Integer> keyed = p.readFrom(TestSources.timestampedList(timestamped(in), 1))
                .withNativeTimestamps(0).groupingKey(PeekKeyedCustomAndStreamStatefulTest::key);
        // a key's "session" ends at a value divisible by 5
        keyed.mapStateful(() -> new long[2], (st, k, v) -> {
            st[0]++;
            st[1] = v % 5 == 0 ? 1 : 0;
            return List.of((long) k, st[0]);
        }, st -> st[1] == 1).writeTo(mapped);
        // pass each key's first item after a reset (the state goes after 4 items)
        keyed.filterStateful(() -> new long[1], (st, v) -> ++st[0] == 1, st -> st[0] == 4).writeTo(filtered);
        keyed.flatMapStateful(() -> new long[1], (st, k, v) -> ++st[0] == 2
                ? Traversers.of(k + ":" + v, k + ":second") : Traversers.singleton(k + ":" + v), st -> st[0] == 2)
             .writeTo(flatMapped);

        Map<Integer, Long> sessions = new HashMap<>();
        Map<Integer, Long> fourCounts = new HashMap<>();
        Map<Integer, Long> twoCounts = new HashMap<>();
        List<List<Long>> expMapped = new ArrayList<>();
        List<Integer> expFiltered = new ArrayList<>();
        List<String> expFlat = new ArrayList<>();
        for (int v : in) {
            int k = key(v);
            expMapped.add(List.of((long) k, sessions.merge(k, 1L, Long::sum)));
            if (v % 5 == 0) {
                sessions.remove(k);
            }
            long c4 = fourCounts.merge(k, 1L, Long::sum);
            if (c4 == 1) {
                expFiltered.add(v);
            } else if (c4 == 4) {
                fourCounts.remove(k);
            }
            expFlat.add(k + ":" + v);
            if (twoCounts.merge(k, 1L, Long::sum) == 2) {
                expFlat.add(k + ":second");
                twoCounts.remove(k);
            }
        }
        LocalDagRunner.of(p.toDag()).defaultParallelism(parallelism).batchSize(batchSize).run();
        assertEquals(byKey(expMapped, l -> l.get(0)), byKey(mapped.items(), l -> l.get(0)));
        assertEquals(byKey(expFiltered, v -> key(v)), byKey(filtered.items(), v -> key(v)));
        assertEquals(byKey(expFlat, s -> s.substring(0, s.indexOf(':'))), byKey(flatMapped.items(), s -> s.substring(0, s.indexOf(':'))));
    }

    private static <T> Map<Object, List<T>> byKey(List<T> items, java.util.function.Function<T, Object> keyFn) {
        Map<Object, List<T>> map = new HashMap<>();
        for (T t : items) {
            map.computeIfAbsent(keyFn.apply(t), k -> new ArrayList<>()).add(t);
        }
        return map;
    }
}
