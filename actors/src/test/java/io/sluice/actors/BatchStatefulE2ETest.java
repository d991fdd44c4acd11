package io.sluice.actors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch stateful stages (global and keyed, with state deletion), keyed {@code customTransform}
 * and {@code peek} on the real runtime (an embedded node with parallelism 2), in one job, checked
 * against plain Java on seeded random input.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BatchStatefulE2ETest {
    private static final int KEYS = 31;
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("batch-stateful-e2e").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static int key(int v) {
        return v % KEYS;
    }

    /** Counts the items per key; emits [key, count] per key at the end. */
    static final class KeyCountP implements Processor {
        private final Map<Integer, Long> counts = new HashMap<>();
        private Outbox outbox;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            for (int i = 0; i < batch.size(); i++) {
                counts.merge(key((Integer) batch.array()[i]), 1L, Long::sum);
            }
        }

        @Override
        public boolean complete() {
            counts.forEach((k, c) -> outbox.add(List.of((long) k, c)));
            counts.clear();
            return true;
        }
    }

    private static <T> Map<Object, List<T>> byKey(List<T> items, java.util.function.Function<T, Object> keyFn) {
        Map<Object, List<T>> map = new HashMap<>();
        for (T t : items) {
            map.computeIfAbsent(keyFn.apply(t), k -> new ArrayList<>()).add(t);
        }
        return map;
    }

    @Test
    void when_statefulStagesPeekAndKeyedCustomTransform_then_sameAsPlainJava() {
        Random rnd = new Random(42);
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            in.add(rnd.nextInt(1_000_000));
        }
        Pipeline p = Pipeline.create();
        CollectingSink<List<Long>> sessions = TestSinks.collecting();
        CollectingSink<KeyedResult<Integer, Long>> keyedRolling = TestSinks.collecting();
        CollectingSink<Long> globalRolling = TestSinks.collecting();
        CollectingSink<Long> numbered = TestSinks.collecting();
        CollectingSink<List<Long>> keyCounts = TestSinks.collecting();
        CollectingSink<Integer> peeked = TestSinks.collecting();

        BatchStage<Integer> src = p.readFrom(TestSources.items(in));
        BatchStageWithKey<Integer, Integer> keyed = src.groupingKey(BatchStatefulE2ETest::key);
        keyed.mapStateful(() -> new long[2], (st, k, v) -> {
            st[0]++;
            st[1] = v % 10 == 0 ? 1 : 0;
            return List.of((long) k, st[0]);
        }, st -> st[1] == 1).writeTo(sessions);
        keyed.rollingAggregate(AggregateOperations.summingLong(v -> v)).writeTo(keyedRolling);
        src.rollingAggregate(AggregateOperations.summingLong(v -> v)).writeTo(globalRolling);
        src.mapStateful(LongAccumulator::new, (n, v) -> n.add(1).get() * 1_000_000L + v).writeTo(numbered);
        keyed.<List<Long>>customTransform("keyCount", ctx -> new KeyCountP()).writeTo(keyCounts);
        src.peek(v -> v % 1000 == 7, v -> "seven " + v).setName("e2ePeek").writeTo(peeked);

        Logger logger = (Logger) LoggerFactory.getLogger("io.sluice.peek.e2ePeek");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            sluice.newJob(p, new JobConfig().setBatchSize(256)).join();
        } finally {
            logger.detachAppender(appender);
        }

        Map<Integer, Long> sessionCounts = new HashMap<>();
        Map<Integer, Long> sums = new HashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        List<List<Long>> expSessions = new ArrayList<>();
        List<KeyedResult<Integer, Long>> expKeyed = new ArrayList<>();
        List<Long> expGlobal = new ArrayList<>();
        List<Long> expNumbered = new ArrayList<>();
        List<String> expPeek = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < in.size(); i++) {
            int v = in.get(i);
            int k = key(v);
            expSessions.add(List.of((long) k, sessionCounts.merge(k, 1L, Long::sum)));
            if (v % 10 == 0) {
                sessionCounts.remove(k);
            }
            expKeyed.add(KeyedResult.of(k, sums.merge(k, (long) v, Long::sum)));
            total += v;
            expGlobal.add(total);
            expNumbered.add((i + 1) * 1_000_000L + v);
            counts.merge((long) k, 1L, Long::sum);
            if (v % 1000 == 7) {
                expPeek.add("seven " + v);
            }
        }
        assertEquals(byKey(expSessions, l -> l.get(0)), byKey(sessions.items(), l -> l.get(0)));
        assertEquals(byKey(expKeyed, KeyedResult::key), byKey(keyedRolling.items(), KeyedResult::key));
        assertEquals(expGlobal, globalRolling.items());
        assertEquals(expNumbered, numbered.items());
        Map<Long, Long> actualCounts = new HashMap<>();
        for (List<Long> r : keyCounts.items()) {
            assertEquals(null, actualCounts.put(r.get(0), r.get(1)), "key " + r.get(0) + " reached two instances");
        }
        assertEquals(counts, actualCounts);
        List<Integer> sortedIn = new ArrayList<>(in);
        sortedIn.sort(null);
        List<Integer> sortedPeeked = new ArrayList<>(peeked.items());
        sortedPeeked.sort(null);
        assertEquals(sortedIn, sortedPeeked);
        List<String> logged = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            String msg = e.getFormattedMessage();
            logged.add(msg.substring(msg.indexOf(": ") + 2));
        }
        logged.sort(null);
        expPeek.sort(null);
        assertTrue(!expPeek.isEmpty());
        assertEquals(expPeek, logged);
    }
}
