package io.sluice.bench.nexmark;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * NEXMark Q1-Q8 and Q13 written in the DSL the way Jet's NEXMark port (hazelcast/big-data-benchmark,
 * module nexmark-jet) writes them, each against a single-threaded plain-Java reference on the same
 * generated events; the results must be equal (the benchmark exits 1 otherwise).
 *
 * <pre>
 * bench/run nexmark [--query q1,q3 (all)] [--events N (per query, see DEFAULT_EVENTS)] [--runs N (3)]
 * </pre>
 *
 * Each query runs twice on a quarter of its events first (JIT warm-up, both systems, results
 * checked), then {@code --runs} measured runs of each system, alternating (the median is reported). events/s is
 * all input events of the query (every stream) divided by the wall time (Sluice: job start to
 * completion).
 */
public final class NexmarkBench {
    /** Queries by name, in run order. */
    static final Map<String, Supplier<NexmarkQuery<?>>> QUERIES = new LinkedHashMap<>();
    /** Main-stream events per query by default: all queries in about 3 minutes on 2 busy cores. */
    static final Map<String, Long> DEFAULT_EVENTS = new LinkedHashMap<>();

    static {
        add("q1", Q01CurrencyConversion::new, 10_000_000);
        add("q2", Q02Selection::new, 20_000_000);
        add("q3", Q03LocalItemSuggestion::new, 10_000_000);
        add("q4", Q04AveragePriceForCategory::new, 5_000_000);
        add("q5", Q05HotItems::new, 10_000_000);
        add("q6", Q06AvgSellingPrice::new, 3_000_000);
        add("q7", Q07HighestBid::new, 20_000_000);
        add("q8", Q08MonitorNewUsers::new, 1_500_000);
        add("q13", Q13BoundedSideInput::new, 20_000_000);
    }

    private static final ConcurrentLinkedQueue<List<Object>> RESULTS = new ConcurrentLinkedQueue<>();

    private NexmarkBench() {
    }

    private static void add(String name, Supplier<NexmarkQuery<?>> query, long events) {
        QUERIES.put(name, query);
        DEFAULT_EVENTS.put(name, events);
    }

    /** A sink that keeps every result in memory (one list per instance, registered when created). */
    static Sink<Object> collectingSink(boolean ordered) {
        SinkBuilder<List<Object>, Object> builder = SinkBuilder.sinkBuilder("results", ctx -> {
                    List<Object> list = new ArrayList<>();
                    RESULTS.add(list);
                    return list;
                })
                .receiveFn(List::add);
        return ordered ? builder.preferredLocalParallelism(1).build() : builder.build();
    }

    /** What the last job's sink instances received, instance by instance. */
    static List<Object> collected() {
        List<Object> all = new ArrayList<>();
        for (List<Object> list : RESULTS) {
            all.addAll(list);
        }
        return all;
    }

    /** Runs {@code query} on Sluice; returns its results in sink order, per sink instance. */
    static List<Object> runSluice(Sluice sluice, NexmarkQuery<?> query, NexmarkParams params, int runners) {
        RESULTS.clear();
        sluice.newJob(query.pipeline(params, collectingSink(query.orderedSink()), runners),
                JobConfig.named("nexmark-" + query.name())).join();
        List<Object> out = collected();
        RESULTS.clear();
        return out;
    }

    /** {@code null} if Sluice's results on {@code params} equal the reference's, else the difference. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static String check(NexmarkQuery query, List<Object> sluice, List<?> reference) {
        return query.compare(sluice, reference);
    }

    public static void main(String[] args) {
        org.slf4j.LoggerFactory.getILoggerFactory(); // before the actor system logs from its threads
        List<String> names = new ArrayList<>(QUERIES.keySet());
        Long events = null;
        int runs = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--query", "--queries" -> names = Arrays.asList(args[++i].toLowerCase(Locale.ROOT).split(","));
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("bench/run nexmark [--query q1,q3 (all: " + String.join(",", QUERIES.keySet())
                            + ")] [--events N (per query; defaults " + DEFAULT_EVENTS + ")] [--runs N (3)]");
                    return;
                }
                default -> {
                    System.err.println("nexmark: unknown argument '" + args[i] + "'; see bench/run nexmark --help");
                    System.exit(2);
                }
            }
        }
        for (String name : names) {
            if (!QUERIES.containsKey(name)) {
                System.err.println("nexmark: unknown query '" + name + "'; available: " + String.join(",", QUERIES.keySet()));
                System.exit(2);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        boolean failed = false;
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("nexmark"))) {
            bench("nexmark", "machine", "cores", cores, "cores");
            for (String name : names) {
                long n = events != null ? events : DEFAULT_EVENTS.get(name);
                failed |= !runQuery(sluice, name, NexmarkParams.defaults(n), runs, cores);
            }
        }
        if (failed) {
            System.exit(1);
        }
    }

    private static boolean runQuery(Sluice sluice, String name, NexmarkParams params, int runs, int cores) {
        NexmarkQuery<?> query = QUERIES.get(name).get();
        // warm-up, results checked too: twice on a quarter of the events (on a busy machine the JIT
        // compiler threads get little CPU, and one short run left the fused chains interpreted)
        NexmarkParams warmUp = NexmarkParams.defaults(Math.max(1, params.events() / 4));
        String diff = null;
        for (int i = 0; i < 2 && diff == null; i++) {
            diff = check(query, runSluice(sluice, query, warmUp, cores), query.reference(warmUp));
        }
        if (diff != null) {
            System.err.println("nexmark " + name + " (warm-up): Sluice and the reference differ: " + diff);
            return false;
        }
        long total = query.events(params);
        System.err.printf(Locale.ROOT, "# nexmark %s: %,d events (%,d main), %d cores, %d run(s)%n", name, total,
                params.events(), cores, runs);
        long[] plainNanos = new long[runs];
        long[] sluiceNanos = new long[runs];
        long[] plainCpu = new long[runs];
        long[] sluiceCpu = new long[runs];
        List<?> reference = null;
        for (int run = 0; run < runs; run++) {
            reference = null;
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            reference = query.reference(params);
            plainNanos[run] = System.nanoTime() - t0;
            plainCpu[run] = processCpuNanos() - c0;
            System.err.printf(Locale.ROOT, "# plain:  %,d ms (cpu %,d ms), %,d results%n", plainNanos[run] / 1_000_000,
                    plainCpu[run] / 1_000_000, reference.size());
            c0 = processCpuNanos();
            t0 = System.nanoTime();
            List<Object> got = runSluice(sluice, query, params, cores);
            sluiceNanos[run] = System.nanoTime() - t0;
            sluiceCpu[run] = processCpuNanos() - c0;
            System.err.printf(Locale.ROOT, "# sluice: %,d ms (cpu %,d ms), %,d results%n", sluiceNanos[run] / 1_000_000,
                    sluiceCpu[run] / 1_000_000, got.size());
            diff = check(query, got, reference);
            if (diff != null) {
                System.err.println("nexmark " + name + ": Sluice and the reference differ: " + diff);
                return false;
            }
        }
        Arrays.sort(plainNanos);
        Arrays.sort(sluiceNanos);
        Arrays.sort(plainCpu);
        Arrays.sort(sluiceCpu);
        double plainRate = total * 1e9 / plainNanos[runs / 2];
        double sluiceRate = total * 1e9 / sluiceNanos[runs / 2];
        String bench = "nexmark-" + name;
        bench(bench, "plain", "throughput_events_s", Math.round(plainRate), "events/s");
        bench(bench, "sluice", "throughput_events_s", Math.round(sluiceRate), "events/s");
        bench(bench, "ratio", "speedup", Math.round(sluiceRate / plainRate * 100) / 100.0, "x");
        // CPU time of the whole process per input event (GC and JIT included): what a busy machine does not distort
        bench(bench, "plain", "cpu_ns_per_event", Math.round(plainCpu[runs / 2] * 10.0 / total) / 10.0, "ns");
        bench(bench, "sluice", "cpu_ns_per_event", Math.round(sluiceCpu[runs / 2] * 10.0 / total) / 10.0, "ns");
        System.err.println("# results equal: " + reference.size() + " results");
        return true;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void bench(String name, String system, String metric, double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
        System.out.println("BENCH name=" + name + " system=" + system + " metric=" + metric + " value=" + v + " unit=" + unit);
    }
}
