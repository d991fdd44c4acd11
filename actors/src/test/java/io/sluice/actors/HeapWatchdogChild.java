package io.sluice.actors;

import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link HeapWatchdogIT} (run with {@code -Xmx1g}): counts 20 million distinct
 * longs on an embedded node without {@code setMaxProcessorAccumulatedRecords}, so only the heap
 * watchdog can stop it; then checks that the job's state became garbage and runs a small word
 * count on the same node. Prints one line per step for the parent to check:
 * <pre>
 * FAILED_AFTER_MS &lt;ms from submission&gt;
 * CAUSE &lt;class&gt;: &lt;message&gt;
 * HEAP_AFTER_FAILURE_PCT &lt;used heap after a full GC, % of max&gt;
 * RESULT &lt;word=count ...&gt;
 * </pre>
 * Exit code 0 when it got that far, 2 if the big job completed, 3 if it failed otherwise.
 */
public final class HeapWatchdogChild {
    static final long KEYS = 20_000_000;

    private HeapWatchdogChild() {
    }

    public static void main(String[] args) throws Exception {
        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(150_000);
            } catch (InterruptedException e) {
                return;
            }
            try {
                System.out.println("CHILD_TIMEOUT");
            } finally {
                Runtime.getRuntime().halt(4); // even if printing fails with an OutOfMemoryError
            }
        }, "child-timeout");
        guard.setDaemon(true);
        guard.start();

        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("watchdog-child"))) {
            long start = System.nanoTime();
            try {
                sluice.newJob(distinctLongs(), JobConfig.named("distinct-longs")).join();
                System.out.println("COMPLETED");
                System.exit(2);
            } catch (JobFailedException e) {
                System.out.println("FAILED_AFTER_MS " + (System.nanoTime() - start) / 1_000_000);
                Throwable cause = e.getCause();
                System.out.println("CAUSE " + (cause == null ? "null" : cause.getClass().getName() + ": "
                        + String.valueOf(cause.getMessage()).replace('\n', ' ')));
            }
            System.out.println("HEAP_AFTER_FAILURE_PCT " + heapAfterGcPercent());
            System.out.println("RESULT " + wordCount(sluice));
        } catch (Throwable t) {
            System.out.println("UNEXPECTED " + t);
            t.printStackTrace(System.out);
            System.exit(3);
        }
        System.exit(0);
    }

    /** groupingKey(x -> x).aggregate(counting()) over 0..KEYS-1, generated (nothing held by the source). */
    static Pipeline distinctLongs() {
        BatchSource<Long> longs = SourceBuilder
                .batch("longs", ctx -> new long[]{ctx.globalIndex(), ctx.totalParallelism()})
                .<Long>fillBufferFn((next, buf) -> {
                    for (int i = 0; i < 1024; i++) {
                        if (next[0] >= KEYS) {
                            buf.close();
                            return;
                        }
                        buf.add(next[0]);
                        next[0] += next[1];
                    }
                })
                .distributed(-1)
                .build();
        Pipeline p = Pipeline.create();
        p.readFrom(longs)
         .groupingKey(x -> x)
         .aggregate(AggregateOperations.counting())
         .writeTo(SinkBuilder.sinkBuilder("count", ctx -> new long[1]).<Object>receiveFn((n, item) -> n[0]++).build());
        return p;
    }

    /**
     * The used heap after full GCs, once it has dropped (the failed job's stages stop shortly after
     * the failure is reported), in percent of the maximum heap.
     */
    private static long heapAfterGcPercent() throws InterruptedException {
        long max = Runtime.getRuntime().maxMemory();
        long used = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used < max / 4) {
                break;
            }
            Thread.sleep(250);
        }
        return used * 100 / max;
    }

    private static String wordCount(Sluice sluice) {
        Pipeline p = Pipeline.create();
        CollectingSink<KeyedResult<String, Long>> sink = TestSinks.collecting();
        p.readFrom(TestSources.items("the quick brown fox", "jumps over the lazy dog", "the end"))
         .flatMap(line -> Traversers.of(line.split(" ")))
         .groupingKey(w -> w)
         .aggregate(AggregateOperations.counting())
         .writeTo(sink);
        sluice.newJob(p, JobConfig.named("word-count")).join();
        List<String> counts = new ArrayList<>();
        for (KeyedResult<String, Long> r : sink.items()) {
            counts.add(r.key() + "=" + r.value());
        }
        counts.sort(null);
        return String.join(" ", counts);
    }
}
