package io.sluice.actors;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code JobConfig.setMaxProcessorAccumulatedRecords} on the runtime (an embedded node with
 * parallelism 2): a job whose instances would hold more fails with a message that names the
 * stage, the limit, the count and the setting; within the limit it runs; the node goes on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccumulationLimitE2ETest {
    private static final List<Integer> DISTINCT = IntStream.range(0, 20_000).boxed().toList();

    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("limit-e2e").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    private static Pipeline countDistinct(CollectingSink<KeyedResult<Integer, Long>> sink) {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.itemsDistributed(DISTINCT, 2))
         .groupingKey(i -> i)
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);
        return p;
    }

    @Test
    void when_keyedAggregationExceedsLimit_then_jobFailsNamingStageLimitAndSetting() {
        CollectingSink<KeyedResult<Integer, Long>> sink = TestSinks.collecting();
        Job job = sluice.newJob(countDistinct(sink), JobConfig.named("too-many-keys").setMaxProcessorAccumulatedRecords(1_000));

        JobFailedException e = assertThrows(JobFailedException.class, job::join);

        AccumulationLimitExceededException cause = assertInstanceOf(AccumulationLimitExceededException.class, e.getCause());
        assertEquals(1_000, cause.limit());
        assertEquals(1_001, cause.count());
        // the accumulate step is fused into the source's vertex ("items"), whose two instances each see 10,000 keys
        assertTrue(e.getMessage().startsWith("job 'too-many-keys' failed in stage 'accumulate' (vertex 'items', instance #"),
                e.getMessage());
        assertTrue(e.getMessage().contains("): AccumulationLimitExceededException: vertex 'items' instance "), e.getMessage());
        assertTrue(e.getMessage().contains("holds more than 1000 accumulated records (1001 keyed accumulators)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("JobConfig.setMaxProcessorAccumulatedRecords"), e.getMessage());
    }

    @Test
    void when_withinLimit_then_sameJobCompletes() {
        // each of the 2 accumulate and 2 combine instances holds about 10,000 of the 20,000 keys
        CollectingSink<KeyedResult<Integer, Long>> sink = TestSinks.collecting();
        sluice.newJob(countDistinct(sink), JobConfig.named("enough").setMaxProcessorAccumulatedRecords(15_000)).join();
        assertEquals(DISTINCT.size(), sink.items().size());
        assertTrue(sink.items().stream().allMatch(r -> r.value() == 1L));
    }

    @Test
    void when_streamingWindowExceedsLimit_then_jobFailsAndNodeRunsTheNextJob() {
        // 2,000 keys in each 1-second tumbling window, at most 500 frame entries per instance
        List<TimestampedItem<Long>> events = LongStream.range(0, 4_000)
                                                       .mapToObj(i -> new TimestampedItem<>(i / 4, i % 2_000))
                                                       .toList();
        Pipeline p = Pipeline.create();
        CollectingSink<Object> sink = TestSinks.collecting();
        p.readFrom(TestSources.timestampedList(events, 2))
         .withNativeTimestamps(0)
         .groupingKey(k -> k)
         .window(io.sluice.engine.pipeline.WindowDefinition.tumbling(1_000))
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);

        JobFailedException e = assertThrows(JobFailedException.class,
                () -> sluice.newJob(p, JobConfig.named("wide-windows").setMaxProcessorAccumulatedRecords(500)).join());
        assertInstanceOf(AccumulationLimitExceededException.class, e.getCause());
        assertTrue(e.getMessage().contains("window frame entries"), e.getMessage());

        when_withinLimit_then_sameJobCompletes();
    }
}
