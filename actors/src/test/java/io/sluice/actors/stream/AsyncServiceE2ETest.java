package io.sluice.actors.stream;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.WindowDefinition;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The async service stages on the real runtime (stage actors, Pekko Streams, parallelism 2): the
 * futures complete on another executor and wake the stage up; results are checked against plain
 * Java, the in-flight bound is counted, a failed future fails the job naming the stage, and
 * windows after an unordered async stage lose no item to a watermark that overtook it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AsyncServiceE2ETest {
    private static final ScheduledExecutorService EXECUTOR = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "e2e-async-service");
        t.setDaemon(true);
        return t;
    });
    private static final ConcurrentLinkedQueue<Service> CREATED = new ConcurrentLinkedQueue<>();
    private static Sluice sluice;

    /** Completes each call after a random delay up to 500 µs; counts outstanding futures. */
    static final class Service {
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();

        static Service create(ProcessorContext ctx) {
            Service s = new Service();
            CREATED.add(s);
            return s;
        }

        <R> CompletableFuture<R> call(Supplier<R> value) {
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            CompletableFuture<R> f = new CompletableFuture<>();
            EXECUTOR.schedule(() -> {
                try {
                    R r = value.get();
                    outstanding.decrementAndGet();
                    f.complete(r);
                } catch (RuntimeException e) {
                    outstanding.decrementAndGet();
                    f.completeExceptionally(e);
                }
            }, ThreadLocalRandom.current().nextInt(500), TimeUnit.MICROSECONDS);
            return f;
        }
    }

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("async-service-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @BeforeEach
    void forget() {
        CREATED.clear();
    }

    private static int maxOutstanding() {
        return CREATED.stream().mapToInt(s -> s.maxOutstanding.get()).max().orElse(0);
    }

    @Test
    void when_batchAsyncOrderedAndKeyedBatched_then_asPlainJavaAndBounded() {
        // Given
        List<Integer> input = IntStream.range(0, 20_000).boxed().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(input, new Random(42));
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input))
         .mapUsingServiceAsync(ServiceFactory.nonSharedService(Service::create), 8, true,
                 (s, x) -> s.call(() -> x % 10 == 0 ? null : x))
         .groupingKey(x -> x % 17)
         .mapUsingServiceAsyncBatched(ServiceFactory.nonSharedService(Service::create), 16,
                 (s, keys, items) -> s.call(() -> {
                     List<String> out = new ArrayList<>();
                     for (int i = 0; i < items.size(); i++) {
                         out.add(keys.get(i) + ":" + items.get(i));
                     }
                     return out;
                 }))
         .writeTo(sink);

        // When
        long start = System.nanoTime();
        sluice.newJob(p, JobConfig.named("async-batch")).join();
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Then
        List<String> expected = input.stream().filter(x -> x % 10 != 0).map(x -> (x % 17) + ":" + x).sorted()
                                     .collect(Collectors.toList());
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
        assertTrue(maxOutstanding() <= 8, "in flight: " + maxOutstanding());
        assertTrue(maxOutstanding() >= 2, "requests never overlapped");
        System.out.println("async e2e: 20000 items through two async stages in " + millis + " ms");
    }

    @Test
    void when_futureFails_then_jobFailsNamingTheStage() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(IntStream.range(0, 5000).boxed().collect(Collectors.toList())))
         .mapUsingServiceAsync(ServiceFactory.nonSharedService(Service::create), (s, x) -> s.call(() -> {
             if (x == 4321) {
                 throw new IllegalStateException("backend said no to 4321");
             }
             return x;
         }))
         .setName("lookup")
         .writeTo(TestSinks.collecting());

        JobFailedException e = org.junit.jupiter.api.Assertions.assertThrows(JobFailedException.class,
                () -> sluice.newJob(p, JobConfig.named("async-fail")).join());

        assertTrue(e.getMessage().contains("lookup") && e.getMessage().contains("backend said no to 4321"),
                e.getMessage());
    }

    @Test
    void when_streamWindowsAfterUnorderedAsyncStage_then_noItemLost() {
        // Given: shuffled within the lag, so only a watermark overtaking items could drop any
        long lag = 40;
        List<TimestampedItem<Integer>> ordered = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ordered.add(new TimestampedItem<>(i * 2L, i % 11));
        }
        List<TimestampedItem<Integer>> events = StreamFixtures.shuffled(ordered, lag, 7);
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedWindowResult<Integer, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(lag)
         .mapUsingServiceAsync(ServiceFactory.nonSharedService(Service::create), 6, false, (s, x) -> s.call(() -> x))
         .groupingKey(x -> x)
         .window(WindowDefinition.tumbling(1000))
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);

        // When
        sluice.newJob(p, JobConfig.named("async-stream")).join();

        // Then
        Map<String, Long> expected = new TreeMap<>();
        for (TimestampedItem<Integer> e : events) {
            expected.merge(e.item() + "@" + (e.timestamp() / 1000 * 1000), 1L, Long::sum);
        }
        Map<String, Long> actual = new TreeMap<>();
        for (KeyedWindowResult<Integer, Long> r : sink.items()) {
            actual.merge(r.key() + "@" + r.start(), r.result(), Long::sum);
        }
        assertEquals(expected, actual);
        assertTrue(maxOutstanding() <= 6, "in flight: " + maxOutstanding());
    }
}
