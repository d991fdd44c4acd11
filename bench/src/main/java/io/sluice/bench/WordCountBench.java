package io.sluice.bench;

import io.sluice.actors.Sluice;
import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.connectors.impl.FileChecks;
import io.sluice.engine.job.JobConfig;
import io.sluice.samples.WordCount;
import io.sluice.samples.cli.SluiceCli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * End-to-end word-count benchmark: Sluice on an embedded node (all cores) against an honest
 * single-threaded plain-Java baseline that uses the same line reader and tokenizer and a
 * {@code HashMap<String, long[]>}. The systems alternate, after one warm-up run each; both must
 * produce identical counts or the benchmark fails.
 *
 * <pre>
 * bench/run word-count [--input DIR] [--size-mb N] [--runs N] [--only plain|sluice]
 * </pre>
 *
 * Results are {@code BENCH ...} lines on stdout; progress goes to stderr. Sizes are in MB of
 * 10^6 bytes. The working directory ({@code -Dsluice.bench.work}, default {@code bench/work})
 * holds the generated corpus and Sluice's output.
 */
public final class WordCountBench {
    private static final String NAME = "word-count";

    private WordCountBench() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("word-count bench: " + SluiceCli.describe(e));
            code = 2;
        } catch (Exception e) {
            System.err.println("word-count bench: " + SluiceCli.describe(e));
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private static int run(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.help) {
            System.out.println("usage: bench/run word-count [--input DIR] [--size-mb N (default 120)] [--runs N (default 3)]"
                    + " [--only plain|sluice]");
            return 0;
        }
        Path work = Path.of(System.getProperty("sluice.bench.work", "bench/work"));
        Path input = o.input != null ? o.input
                : CorpusGenerator.ensure(work.resolve("corpus"), work.resolve("corpus.properties"), o.sizeMb);
        Path output = work.resolve("out");
        List<Path> files = FileChecks.listFiles(FileChecks.checkInputDirectory(input.toString()), "*");
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.err.printf(Locale.ROOT, "# corpus: %s, %d files, %.1f MB; %d cores; %d runs after 1 warm-up each%n",
                input, files.size(), bytes / 1e6, cores, o.runs);

        boolean plain = !"sluice".equals(o.only);
        boolean sluiceToo = !"plain".equals(o.only);
        Map<String, long[]> expected = WordCount.countWords(files);
        long totalWords = expected.values().stream().mapToLong(c -> c[0]).sum();
        System.err.printf(Locale.ROOT, "# %d words, %d distinct%n", totalWords, expected.size());

        long[] plainNanos = new long[o.runs];
        long[] sluiceNanos = new long[o.runs];
        Sluice sluice = sluiceToo ? Sluice.embedded() : null;
        try {
            for (int run = -1; run < o.runs; run++) { // run -1: warm-up
                String label = run < 0 ? "warm-up" : "run " + (run + 1);
                if (plain) {
                    long t = timePlain(files, expected);
                    System.err.printf(Locale.ROOT, "# %s plain:  %6d ms%n", label, t / 1_000_000);
                    if (run >= 0) {
                        plainNanos[run] = t;
                    }
                }
                if (sluiceToo) {
                    long t = timeSluice(sluice, input, output, run);
                    System.err.printf(Locale.ROOT, "# %s sluice: %6d ms%n", label, t / 1_000_000);
                    verify(expected, output);
                    if (run >= 0) {
                        sluiceNanos[run] = t;
                    }
                }
            }
        } finally {
            if (sluice != null) {
                sluice.close();
            }
        }

        bench("machine", "cores", cores, "cores");
        double plainTput = 0;
        double sluiceTput = 0;
        if (plain) {
            plainTput = report("plain", plainNanos, bytes, totalWords);
        }
        if (sluiceToo) {
            sluiceTput = report("sluice", sluiceNanos, bytes, totalWords);
        }
        if (plain && sluiceToo) {
            bench("ratio", "speedup", sluiceTput / plainTput, "x");
        }
        return 0;
    }

    private static long timePlain(List<Path> files, Map<String, long[]> expected) throws IOException {
        System.gc(); // start each timed run from a similar heap
        long start = System.nanoTime();
        Map<String, long[]> counts = WordCount.countWords(files);
        long t = System.nanoTime() - start;
        if (counts.size() != expected.size()) {
            throw new IllegalStateException("the plain baseline is not deterministic: " + counts.size() + " vs "
                    + expected.size() + " distinct words");
        }
        return t;
    }

    private static long timeSluice(Sluice sluice, Path input, Path output, int run) {
        System.gc();
        long start = System.nanoTime();
        // overwrite: the bench's own scratch directory, possibly written before the sink kept a manifest
        sluice.newJob(WordCount.pipeline(Sources.files(input.toString()),
                        Sinks.filesBuilder(output.toString()).overwrite(true).build()),
                JobConfig.named("word-count-bench-" + (run + 1))).join();
        return System.nanoTime() - start;
    }

    /** Fails unless Sluice's part files hold exactly the baseline's counts. */
    private static void verify(Map<String, long[]> expected, Path output) throws IOException {
        Map<String, Long> actual = new HashMap<>(expected.size() * 2);
        List<Path> parts;
        try (Stream<Path> list = Files.list(output)) {
            parts = list.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        for (Path part : parts) {
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                int comma = line.lastIndexOf(',');
                if (comma < 1) {
                    problems.add("malformed line '" + line + "' in " + part);
                    continue;
                }
                if (actual.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1))) != null) {
                    problems.add("word '" + line.substring(0, comma) + "' emitted twice");
                }
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            Long got = actual.remove(e.getKey());
            if (got == null || got != e.getValue()[0]) {
                problems.add("'" + e.getKey() + "': expected " + e.getValue()[0] + ", Sluice gave " + got);
            }
        }
        actual.keySet().forEach(w -> problems.add("'" + w + "': not in the baseline"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Sluice's counts differ from the baseline in " + problems.size()
                    + " places, for example " + problems.subList(0, Math.min(5, problems.size())));
        }
    }

    private static double report(String system, long[] nanos, long bytes, long words) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double medianSeconds = (sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0) / 1e9;
        double mbPerSecond = bytes / 1e6 / medianSeconds;
        bench(system, "throughput_mb_s", mbPerSecond, "MB/s");
        bench(system, "throughput_words_s", words / medianSeconds, "words/s");
        bench(system, "elapsed_ms_median", medianSeconds * 1000, "ms");
        return mbPerSecond;
    }

    private static void bench(String system, String metric, double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
        System.out.println("BENCH name=" + NAME + " system=" + system + " metric=" + metric + " value=" + v + " unit=" + unit);
    }

    /** The command-line options. */
    private static final class Options {
        Path input;
        int sizeMb = 120;
        int runs = 3;
        String only;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--input" -> o.input = Path.of(value(args, ++i, a));
                    case "--size-mb" -> o.sizeMb = positive(value(args, ++i, a), a);
                    case "--runs" -> o.runs = positive(value(args, ++i, a), a);
                    case "--only" -> {
                        o.only = value(args, ++i, a);
                        if (!o.only.equals("plain") && !o.only.equals("sluice")) {
                            throw new IllegalArgumentException("--only must be 'plain' or 'sluice', but was '" + o.only + "'");
                        }
                    }
                    case "-h", "--help" -> o.help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + a
                            + "'; options: --input DIR, --size-mb N, --runs N, --only plain|sluice");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String s, String option) {
            try {
                int n = Integer.parseInt(s);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(option + " must be a positive integer, but was '" + s + "'");
        }
    }
}
