package io.sluice.bench.q5;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.WindowDefinition;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * NEXMark Q5 ("hot items") on Sluice against a single-threaded plain-Java implementation.
 *
 * <pre>
 * bench/run q5          [--events N (50,000,000)] [--runs N (3)]
 * bench/run q5-latency  [--seconds S (60)] [--rate R (500,000)]
 * bench/run q5-snapshots [--events N (200,000,000)] [--runs N (3)]
 * </pre>
 *
 * Bids over 10,000 auctions (skewed), 1,000,000 events per event-time second, up to 50 ms out of
 * order, allowed lag 50 ms; sliding windows of 10 s every 1 s, bids counted per auction, then the
 * auction with the most bids per window (ties: the smaller id). {@code q5} runs as fast as
 * possible and reports events/s of both systems (medians of {@code --runs} runs each, after one
 * unmeasured warm-up run of each) and checks the results are equal.
 * {@code q5-latency} runs the source at a fixed rate and reports, per window, the time from the
 * moment every source runner's watermark passed the window's end to the window's result reaching
 * the sink (p50, p99, p99.9, max), after a warm-up of {@value #WARM_UP_WINDOWS} windows.
 */
public final class Q5Bench {
    static final long EVENTS_PER_EVENT_SECOND = 1_000_000;
    static final long AUCTIONS = 10_000;
    static final long DISORDER = 50;
    static final long ALLOWED_LAG = 50;
    static final long WINDOW = 10_000;
    static final long SLIDE = 1_000;
    /** Windows (of event time from 0) not measured for latency: the JIT is still compiling the job's code. */
    static final long WARM_UP_WINDOWS = 3;

    private static final ConcurrentLinkedQueue<Q5Result> RESULTS = new ConcurrentLinkedQueue<>();
    private static final Histogram LATENCY = new Histogram(60_000_000_000L, 3);

    private Q5Bench() {
    }

    /** Orders window results by count, then by smaller auction id (so max is the hottest). */
    static int compareHot(KeyedWindowResult<Long, Long> a, KeyedWindowResult<Long, Long> b) {
        int c = Long.compare(a.result(), b.result());
        return c != 0 ? c : Long.compare(b.key(), a.key());
    }

    /** The Q5 pipeline over {@code source}. */
    public static Pipeline pipeline(StreamSource<Bid> source, Sink<WindowResult<KeyedWindowResult<Long, Long>>> sink) {
        Pipeline p = Pipeline.create();
        p.readFrom(source)
         .withNativeTimestamps(ALLOWED_LAG)
         .groupingKey(Bid::auction)
         .window(WindowDefinition.sliding(WINDOW, SLIDE))
         .aggregate(AggregateOperations.counting())
         .window(WindowDefinition.tumbling(SLIDE))
         .aggregate(AggregateOperations.maxBy(Q5Bench::compareHot))
         .writeTo(sink);
        return p;
    }

    private static Sink<WindowResult<KeyedWindowResult<Long, Long>>> resultSink(boolean measureLatency) {
        return SinkBuilder.sinkBuilder("q5-results", ctx -> RESULTS)
                .<WindowResult<KeyedWindowResult<Long, Long>>>receiveFn((results, r) -> {
                    if (measureLatency) {
                        long closed = BidSource.closeNanos(r.end());
                        if (closed > 0 && r.end() > WARM_UP_WINDOWS * SLIDE) {
                            long latency = Math.max(0, System.nanoTime() - closed);
                            if (Boolean.getBoolean("q5.verbose")) {
                                System.err.printf(Locale.ROOT, "# window %d: %.2f ms (closed at %d ms, sink at %d)%n", r.end(), latency / 1e6,
                                        (closed / 1_000_000) % 100000, (System.nanoTime() / 1_000_000) % 100000);
                            }
                            synchronized (LATENCY) {
                                LATENCY.recordValue(latency);
                            }
                        }
                    }
                    KeyedWindowResult<Long, Long> top = r.result();
                    results.add(new Q5Result(r.end(), top.key(), top.result()));
                })
                .preferredLocalParallelism(1)
                .build();
    }

    public static void main(String[] args) throws Exception {
        org.slf4j.LoggerFactory.getILoggerFactory(); // before the actor system logs from its threads
        String mode = args.length > 0 ? args[0] : "q5";
        benchName = mode;
        long events = mode.equals("q5-snapshots") ? 200_000_000L : 50_000_000L; // several snapshots per run
        long seconds = 60;
        long rate = 500_000;
        int runs = 3;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--rate" -> rate = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("bench/run q5 [--events N (50000000)] [--runs N (3)]\n"
                            + "bench/run q5-snapshots [--events N (200000000)] [--runs N (3)]\n"
                            + "bench/run q5-latency [--seconds S (60)] [--rate EVENTS_PER_S (500000)]");
                    return;
                }
                default -> {
                    System.err.println("q5: unknown argument '" + args[i] + "'; see bench/run " + mode + " --help");
                    System.exit(2);
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        BidGenerator generator = new BidGenerator(EVENTS_PER_EVENT_SECOND, AUCTIONS, DISORDER);
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("q5"))) {
            if (mode.equals("q5-latency")) {
                latency(sluice, generator, seconds * rate, rate, cores);
            } else if (mode.equals("q5")) {
                throughput(sluice, generator, events, runs, cores);
            } else if (mode.equals("q5-snapshots")) {
                snapshots(sluice, generator, events, runs, cores);
            } else {
                System.err.println("q5: unknown mode '" + mode + "'; use q5 or q5-latency");
                System.exit(2);
            }
        }
    }

    private static void throughput(Sluice sluice, BidGenerator generator, long events, int runs, int cores) {
        System.err.printf(Locale.ROOT, "# q5: %,d bids, %d auctions, %d cores, %d run(s)%n", events, AUCTIONS, cores, runs);
        // one run of each first, not measured: both run JIT-compiled code in the measured runs
        // (Sluice has far more code to compile; without this its first run counts its warm-up)
        PlainQ5.run(generator, events, WINDOW, SLIDE, ALLOWED_LAG, 1024);
        RESULTS.clear();
        sluice.newJob(pipeline(BidSource.create(generator, events, 0, cores, SLIDE, ALLOWED_LAG), resultSink(false)),
                JobConfig.named("q5-warm-up")).join();
        System.err.println("# warm-up runs done");
        PlainQ5 plain = null;
        long[] plainRuns = new long[runs];
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            plain = PlainQ5.run(generator, events, WINDOW, SLIDE, ALLOWED_LAG, 1024);
            plainRuns[run] = System.nanoTime() - t0;
            System.err.printf(Locale.ROOT, "# plain:  %,d ms, %d windows, %d late%n", plainRuns[run] / 1_000_000,
                    plain.results().size(), plain.lateCount());
        }
        Arrays.sort(plainRuns);
        long plainNanos = plainRuns[runs / 2];
        long[] sluiceNanos = new long[runs];
        for (int run = 0; run < runs; run++) {
            RESULTS.clear();
            StreamSource<Bid> source = BidSource.create(generator, events, 0, cores, SLIDE, ALLOWED_LAG);
            long s0 = System.nanoTime();
            sluice.newJob(pipeline(source, resultSink(false)), JobConfig.named("q5")).join();
            sluiceNanos[run] = System.nanoTime() - s0;
            System.err.printf(Locale.ROOT, "# sluice: %,d ms, %d windows%n", sluiceNanos[run] / 1_000_000, RESULTS.size());
            List<Q5Result> got = new ArrayList<>(RESULTS);
            got.sort(Comparator.comparingLong(Q5Result::windowEnd));
            if (!got.equals(plain.results())) {
                System.err.println("q5: Sluice and plain Java results differ");
                for (int i = 0; i < Math.min(got.size(), plain.results().size()); i++) {
                    if (!got.get(i).equals(plain.results().get(i))) {
                        System.err.println("  first difference at " + i + ": sluice " + got.get(i) + ", plain " + plain.results().get(i));
                        break;
                    }
                }
                System.err.println("  sluice " + got.size() + " windows, plain " + plain.results().size());
                System.exit(1);
            }
        }
        Arrays.sort(sluiceNanos);
        long median = sluiceNanos[runs / 2];
        double sluiceRate = events * 1e9 / median;
        double plainRate = events * 1e9 / plainNanos;
        bench("machine", "cores", cores, "cores");
        bench("plain", "throughput_events_s", Math.round(plainRate), "events/s");
        bench("sluice", "throughput_events_s", Math.round(sluiceRate), "events/s");
        bench("ratio", "speedup", Math.round(sluiceRate / plainRate * 100) / 100.0, "x");
        System.err.println("# results equal: " + plain.results().size() + " windows");
    }

    /**
     * Q5 with guarantee NONE and with EXACTLY_ONCE snapshots every second, alternating runs; medians
     * of the throughputs, and the snapshots' durations (p50, max over all runs) and bytes (median).
     */
    private static void snapshots(Sluice sluice, BidGenerator generator, long events, int runs, int cores) {
        System.err.printf(Locale.ROOT, "# q5-snapshots: %,d bids, %d auctions, %d cores, %d run(s) each%n", events,
                AUCTIONS, cores, runs);
        long[] none = new long[runs];
        long[] exactlyOnce = new long[runs];
        List<Long> durations = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        List<Q5Result> reference = null;
        for (int run = 0; run < runs; run++) {
            for (boolean snapshots : new boolean[] {false, true}) {
                RESULTS.clear();
                StreamSource<Bid> source = BidSource.create(generator, events, 0, cores, SLIDE, ALLOWED_LAG);
                JobConfig config = JobConfig.named("q5-" + (snapshots ? "exactly-once" : "none") + "-" + run);
                if (snapshots) {
                    config.setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE).setSnapshotIntervalMillis(1_000);
                }
                long s0 = System.nanoTime();
                Job job = sluice.newJob(pipeline(source, resultSink(false)), config);
                job.join();
                long nanos = System.nanoTime() - s0;
                (snapshots ? exactlyOnce : none)[run] = nanos;
                List<Q5Result> got = new ArrayList<>(RESULTS);
                got.sort(Comparator.comparingLong(Q5Result::windowEnd));
                if (reference == null) {
                    reference = got;
                } else if (!reference.equals(got)) {
                    System.err.println("q5-snapshots: results differ between runs (" + got.size() + " vs " + reference.size()
                            + " windows)");
                    System.exit(1);
                }
                String taken = "";
                if (snapshots) {
                    for (var s : job.snapshots()) {
                        durations.add(s.duration().toMillis());
                        bytes.add(s.bytes());
                    }
                    taken = ", " + job.snapshots().size() + " snapshots";
                }
                System.err.printf(Locale.ROOT, "# %s: %,d ms%s%n", snapshots ? "exactly-once" : "none", nanos / 1_000_000,
                        taken);
            }
        }
        Arrays.sort(none);
        Arrays.sort(exactlyOnce);
        double noneRate = events * 1e9 / none[runs / 2];
        double eoRate = events * 1e9 / exactlyOnce[runs / 2];
        bench("machine", "cores", cores, "cores");
        bench("sluice-none", "throughput_events_s", Math.round(noneRate), "events/s");
        bench("sluice-exactly-once", "throughput_events_s", Math.round(eoRate), "events/s");
        bench("ratio", "exactly_once_vs_none", Math.round(eoRate / noneRate * 100) / 100.0, "x");
        if (!durations.isEmpty()) {
            java.util.Collections.sort(durations);
            java.util.Collections.sort(bytes);
            bench("sluice-exactly-once", "snapshots", durations.size(), "snapshots");
            bench("sluice-exactly-once", "snapshot_duration_p50", durations.get(durations.size() / 2), "ms");
            bench("sluice-exactly-once", "snapshot_duration_max", durations.get(durations.size() - 1), "ms");
            bench("sluice-exactly-once", "snapshot_bytes_p50", bytes.get(bytes.size() / 2), "bytes");
        }
        System.err.println("# results equal in every run: " + reference.size() + " windows");
    }

    private static void latency(Sluice sluice, BidGenerator generator, long events, long rate, int cores) {
        System.err.printf(Locale.ROOT, "# q5-latency: %,d bids at %,d events/s (%d s), %d cores%n", events, rate, events / rate, cores);
        RESULTS.clear();
        LATENCY.reset();
        StreamSource<Bid> source = BidSource.create(generator, events, rate, cores, SLIDE, ALLOWED_LAG);
        sluice.newJob(pipeline(source, resultSink(true)), JobConfig.named("q5-latency")).join();
        PlainQ5 plain = PlainQ5.run(generator, events, WINDOW, SLIDE, ALLOWED_LAG, 1024);
        List<Q5Result> got = new ArrayList<>(RESULTS);
        got.sort(Comparator.comparingLong(Q5Result::windowEnd));
        if (!got.equals(plain.results())) {
            System.err.println("q5-latency: Sluice and plain Java results differ (" + got.size() + " vs "
                    + plain.results().size() + " windows)");
            System.exit(1);
        }
        Histogram h;
        synchronized (LATENCY) {
            h = LATENCY.copy();
        }
        System.err.printf(Locale.ROOT, "# %d windows measured (not the first %d: warm-up; not the last ones: they close "
                + "when the stream ends)%n", h.getTotalCount(), WARM_UP_WINDOWS);
        bench("machine", "cores", cores, "cores");
        bench("sluice", "rate_events_s", rate, "events/s");
        bench("sluice", "latency_p50", h.getValueAtPercentile(50) / 1e6, "ms");
        bench("sluice", "latency_p99", h.getValueAtPercentile(99) / 1e6, "ms");
        bench("sluice", "latency_p99_9", h.getValueAtPercentile(99.9) / 1e6, "ms");
        bench("sluice", "latency_max", h.getMaxValue() / 1e6, "ms");
        bench("sluice", "windows", h.getTotalCount(), "windows");
    }

    private static String benchName = "q5";

    private static void bench(String system, String metric, double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
        System.out.println("BENCH name=" + benchName + " system=" + system + " metric=" + metric + " value=" + v + " unit=" + unit);
    }
}
