package io.sluice.actors.stream;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobCancelledException;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream sources and the stateless stream path on the real runtime. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamSourceE2ETest {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("stream-source-test").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @Test
    void when_timestampedList_then_statelessStagesSeeInnerItemsAndJobCompletes() {
        List<TimestampedItem<Integer>> events = StreamFixtures.shuffled(StreamFixtures.ordered(2_000, 7), 50, 1);
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(50)
         .filter(i -> i % 3 != 0)
         .flatMap(i -> Traversers.of(i, -i))
         .map(i -> "v" + i)
         .writeTo(sink);

        sluice.newJob(p, JobConfig.named("stateless")).join();

        List<String> expected = events.stream().map(TimestampedItem::item).filter(i -> i % 3 != 0)
                .flatMap(i -> java.util.stream.Stream.of(i, -i)).map(i -> "v" + i).sorted().collect(Collectors.toList());
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_streamHashJoinWithBatch_then_enrichedAndMerged() {
        List<TimestampedItem<Integer>> events = StreamFixtures.shuffled(StreamFixtures.ordered(500, 3), 20, 2);
        Pipeline p = Pipeline.create();
        BatchStage<KeyedResult<Integer, String>> names = p.readFrom(TestSources.items(
                KeyedResult.of(0, "zero"), KeyedResult.of(1, "one"), KeyedResult.of(2, "two")));
        StreamStage<Integer> stream = p.readFrom(TestSources.timestampedList(events, 2)).withNativeTimestamps(20);
        StreamStage<String> joined = stream.hashJoin(names, JoinClause.joinMapEntries(i -> i % 4),
                (i, name) -> i + ":" + name);
        StreamStage<String> other = p.readFrom(TestSources.timestampedList(
                List.of(new TimestampedItem<>(1, "x"), new TimestampedItem<>(2, "y")), 1)).withNativeTimestamps(0);
        CollectingSink<String> sink = TestSinks.collecting();
        joined.merge(other).writeTo(sink);

        sluice.newJob(p, JobConfig.named("join-merge")).join();

        List<String> expected = new ArrayList<>();
        String[] n = {"zero", "one", "two", null};
        for (TimestampedItem<Integer> e : events) {
            expected.add(e.item() + ":" + n[e.item() % 4]);
        }
        expected.add("x");
        expected.add("y");
        expected.sort(null);
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_itemStreamCancelled_then_stopsWithin2Seconds() throws Exception {
        Pipeline p = Pipeline.create();
        CollectingSink<Long> sink = TestSinks.collecting();
        p.readFrom(TestSources.itemStream(20_000, (ts, seq) -> seq)).withNativeTimestamps(0)
         .filter(seq -> seq % 100 == 0)
         .writeTo(sink);
        Job job = sluice.newJob(p, JobConfig.named("endless"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sink.items().size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(sink.items().size() >= 5, "the endless source emits");

        long start = System.nanoTime();
        job.cancel();
        CompletionException e = assertThrows(CompletionException.class, () -> job.future().join());
        assertInstanceOf(JobCancelledException.class, e.getCause());
        assertThrows(JobCancelledException.class, job::join);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 2_000, "cancellation took " + tookMillis + " ms");
    }

    @Test
    void when_timestampFnThrows_then_jobFailsWithThatCause() {
        StreamSource<Integer> source = SourceBuilder.stream("numbers", ctx -> new int[1])
                .<Integer>fillBufferFn((state, buf) -> {
                    for (int i = 0; i < 10; i++) {
                        buf.add(state[0]++);
                    }
                })
                .build();
        Pipeline p = Pipeline.create();
        p.readFrom(source)
         .withTimestamps(i -> {
             if (i == 42) {
                 throw new IllegalStateException("bad timestamp for 42");
             }
             return i;
         }, 0)
         .writeTo(TestSinks.collecting());

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p, JobConfig.named("bad-ts")).join());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("bad timestamp for 42", e.getCause().getMessage());
    }

    @Test
    void when_laterWithTimestampsThrows_then_jobFailsWithThatCause() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.timestampedList(StreamFixtures.ordered(100, 1), 2)).withoutTimestamps()
         .map(i -> i * 2)
         .withTimestamps(i -> {
             if (i == 84) {
                 throw new ArithmeticException("no time for 84");
             }
             return i;
         }, 0)
         .writeTo(TestSinks.collecting());

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p, JobConfig.named("bad-ts-2")).join());
        assertInstanceOf(ArithmeticException.class, e.getCause());
    }
}
