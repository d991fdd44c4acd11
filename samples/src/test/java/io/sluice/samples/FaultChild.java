package io.sluice.samples;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The job of a child JVM that {@link FaultKillRecoveryIT} kills with SIGKILL and starts again on the
 * same data directory: an embedded node with parallelism 2 and {@code --data}, the job submitted with
 * {@code newJobIfAbsent} (so a restarted JVM waits for the job its node resumed), snapshots every
 * 100 ms. Prints {@code submitted} once the job is submitted (or found), {@code snapshots N} when the
 * number of committed snapshots changes, and {@code done} (exit status 0) when the job completed.
 *
 * <pre>
 * word-count DATA INPUT OUTPUT GUARANTEE      a batch word count over the files under INPUT
 * numbers    DATA OUTPUT GUARANTEE COUNT RATE  0..COUNT-1 streamed at RATE per second through a map
 * </pre>
 */
public final class FaultChild {
    private FaultChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path data = Path.of(args[1]);
        Pipeline p;
        ProcessingGuarantee guarantee;
        if (mode.equals("word-count")) {
            p = wordCount(args[2], args[3]);
            guarantee = ProcessingGuarantee.valueOf(args[4]);
        } else if (mode.equals("numbers")) {
            p = numbers(args[2], Long.parseLong(args[4]), Long.parseLong(args[5]));
            guarantee = ProcessingGuarantee.valueOf(args[3]);
        } else {
            throw new IllegalArgumentException("unknown mode '" + mode + "': word-count or numbers");
        }
        JobConfig config = JobConfig.named(mode).setProcessingGuarantee(guarantee).setSnapshotIntervalMillis(100);
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("fault-child").withParallelism(2)
                .withDataDirectory(data))) {
            io.sluice.actors.Job job = sluice.newJobIfAbsent(p, config);
            System.out.println("submitted");
            Thread reporter = new Thread(() -> { // "snapshots N" whenever the count of committed snapshots changes
                int reported = -1;
                while (!job.future().isDone()) {
                    int n = job.snapshots().size();
                    if (n != reported) {
                        System.out.println("snapshots " + n);
                        reported = n;
                    }
                    LockSupport.parkNanos(20_000_000);
                }
            }, "snapshot-reporter");
            reporter.setDaemon(true);
            reporter.start();
            job.join();
        }
        System.out.println("done");
        System.exit(0);
    }

    /** Words counted, "word,count" lines; the lines are paced (1 ms every 20 lines) so that a run takes a few seconds. */
    static Pipeline wordCount(String input, String output) {
        long[] seen = new long[1];
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.files(input))
         .map(line -> {
             synchronized (seen) {
                 if (++seen[0] % 20 == 0) {
                     LockSupport.parkNanos(1_000_000);
                 }
             }
             return line;
         })
         .flatMap(WordCount::words)
         .groupingKey(w -> w)
         .aggregate(AggregateOperations.counting())
         .map(r -> r.key() + "," + r.value())
         .writeTo(Sinks.files(output));
        return p;
    }

    /** 0..count-1 (two runners, replayable from their offsets) through a stateless map, one number per line. */
    static Pipeline numbers(String output, long count, long rate) {
        Pipeline p = Pipeline.create();
        p.readFrom(numberSource(count, rate))
         .withoutTimestamps()
         .map(n -> Long.toString(n))
         .writeTo(Sinks.files(output)); // fused with the source: at most once must still repeat nothing
        return p;
    }

    /** The numbers, each runner paced to rate / 2 per second from where it starts. */
    static StreamSource<Long> numberSource(long count, long rate) {
        return SourceBuilder.stream("numbers", ctx -> new Runner(SequenceShares.of(ctx, count)))
                .<Long>fillBufferFn((r, buf) -> {
                    long due = (System.nanoTime() - r.startNanos) / 1_000 * rate / 1_000_000 / 2; // per runner
                    for (int i = 0; i < 1024 && !r.seq.done() && r.emitted < due; i++) {
                        buf.add(r.seq.next());
                        r.emitted++;
                    }
                    if (r.seq.done()) {
                        buf.close();
                    }
                })
                .createSnapshotFn(r -> r.seq.snapshot())
                .restoreSnapshotFn((Runner r, List<long[]> saved) -> {
                    if (!saved.isEmpty()) { // empty: this runner had saved no offset yet, so it starts from its beginning
                        r.seq.restore(saved);
                    }
                })
                .distributed(2)
                .build();
    }

    /** A runner's share of the numbers and its pacing. */
    static final class Runner {
        final SequenceShares seq;
        final long startNanos = System.nanoTime();
        long emitted;

        Runner(SequenceShares seq) {
            this.seq = seq;
        }
    }
}
