package io.sluice.actors;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Batch pipelines on the real runtime with randomly chosen settings (seeded): source and stage
 * parallelism, batch size, number of keys, a keyed aggregation of several operations at once, a
 * re-keyed second aggregation, distinct and sort, compared with plain Java.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RandomizedBatchE2ETest {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("randomized-batch").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {5, 17, 29, 31, 47, 53})
    void when_randomBatchSetup_then_sameAsPlainJava(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(30_000);
        int keys = 1 + r.nextInt(r.nextBoolean() ? 20 : 5_000);
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add((long) r.nextInt(1_000_000));
        }
        int sourceParallelism = 1 + r.nextInt(3);
        int stageParallelism = r.nextBoolean() ? -1 : 1 + r.nextInt(3);
        int batchSize = 1 + r.nextInt(2_000);
        String setup = n + " values, " + keys + " keys, source x" + sourceParallelism + ", stages x" + stageParallelism
                + ", batch " + batchSize;

        Pipeline p = Pipeline.create();
        BatchStage<Long> source = p.readFrom(TestSources.itemsDistributed(values, sourceParallelism));
        CollectingSink<KeyedResult<Long, Tuple3<Long, Long, Long>>> perKey = TestSinks.collecting();
        CollectingSink<KeyedResult<Long, Long>> histogram = TestSinks.collecting();
        CollectingSink<Long> sortedDistinct = TestSinks.collecting();
        BatchStage<KeyedResult<Long, Tuple3<Long, Long, Long>>> aggregated = source
                .groupingKey(v -> v % keys)
                .aggregate(AggregateOperations.allOf(AggregateOperations.counting(),
                        AggregateOperations.summingLong(v -> v),
                        AggregateOperations.maxBy(Comparator.<Long>naturalOrder()::compare)))
                .setLocalParallelism(stageParallelism);
        aggregated.writeTo(perKey);
        aggregated.groupingKey(e -> e.value().f0()).aggregate(AggregateOperations.counting()).writeTo(histogram);
        source.map(v -> v % 1_000).distinct().sort().writeTo(sortedDistinct);

        sluice.newJob(p, new JobConfig().setBatchSize(batchSize)).join();

        Map<Long, List<Long>> groups = values.stream().collect(Collectors.groupingBy(v -> v % keys, TreeMap::new, Collectors.toList()));
        Map<Long, Tuple3<Long, Long, Long>> expectedPerKey = new TreeMap<>();
        groups.forEach((k, vs) -> expectedPerKey.put(k, new Tuple3<>((long) vs.size(),
                vs.stream().mapToLong(Long::longValue).sum(), vs.stream().max(Comparator.naturalOrder()).orElseThrow())));
        Map<Long, Tuple3<Long, Long, Long>> actualPerKey = new TreeMap<>();
        perKey.items().forEach(e -> actualPerKey.put(e.key(), e.value()));
        assertEquals(expectedPerKey, actualPerKey, setup);

        Map<Long, Long> expectedHistogram = expectedPerKey.values().stream()
                .collect(Collectors.groupingBy(Tuple3::f0, TreeMap::new, Collectors.counting()));
        Map<Long, Long> actualHistogram = new TreeMap<>();
        histogram.items().forEach(e -> actualHistogram.put(e.key(), e.value()));
        assertEquals(expectedHistogram, actualHistogram, setup);

        assertEquals(values.stream().map(v -> v % 1_000).distinct().sorted().toList(), sortedDistinct.items(), setup);
    }
}
