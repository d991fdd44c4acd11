package io.sluice.connectors;

import io.sluice.actors.Job;
import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Traversers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch jobs from files to files that fail once, in-process, with parallelism 2: a map on the lines
 * throws once, at the first line of files 3-5 it reads after the first snapshot committed (the test
 * arms it when {@code Job.snapshots()} shows one), and the job restarts from its last snapshot. Two pipelines over a few MB of generated text: a word count
 * ({@code groupingKey → aggregate(counting)}, then a {@code sort}) and a running count per word
 * ({@code groupingKey → mapStateful}: the line {@code word#n} for the n-th occurrence of each word).
 * Checked: under EXACTLY_ONCE the sorted output lines equal those computed in plain Java; under
 * AT_LEAST_ONCE none is missing; and the restart restored a snapshot: two executions, a committed
 * snapshot, and the first lines of files 0 and 1 (the first each instance reads) were read only once.
 *
 * <p>Why armed rather than at a fixed line: the map pauses (1 ms every 40 lines) on the two threads
 * of the stage dispatcher, so the idle downstream stages get a thread late and a barrier can take a
 * few hundred ms to reach them; a fixed line could come before any snapshot committed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FilesFaultInjectionIT {
    private static final int FILES = 6;
    private static final int LINES = 10_000;
    private static final int WORDS_PER_LINE = 10;
    /** The map throws at the first line of these files it reads once the test armed it (a snapshot committed). */
    private static final String FAIL_IN_FILES = "f3l,f4l,f5l";

    /** Per test: set by the test once a snapshot committed; the map then throws at the next line of the files above. */
    static final Map<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();
    /** Per test: whether the failure was injected. */
    static final Map<String, AtomicBoolean> THROWN = new ConcurrentHashMap<>();
    /** Per test: how often the map saw the first line of file 0 or of file 1 (the first lines instances 0 and 1 read). */
    static final Map<String, AtomicLong> FIRST_LINES_SEEN = new ConcurrentHashMap<>();
    /** Per test: how many lines the map saw (for the report). */
    static final Map<String, AtomicLong> SEEN = new ConcurrentHashMap<>();

    private static Sluice sluice;
    @TempDir
    static Path dir;
    private static Path input;
    private static TreeMap<String, Long> expectedCounts;

    @BeforeAll
    static void start() throws IOException {
        input = dir.resolve("in");
        expectedCounts = writeInput(input);
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("files-fault-injection").withParallelism(2));
    }

    @AfterAll
    static void stop() {
        if (sluice != null) {
            sluice.close();
        }
    }

    /** The first word of line {@code l} of file {@code f}: marks the line, so that the failure is at a chosen item. */
    private static String line(int f, int l) {
        return "f" + f + "l" + l;
    }

    /** Writes FILES files of LINES lines (~4 MB in all) of skewed random words; returns word -> count. */
    private static TreeMap<String, Long> writeInput(Path in) throws IOException {
        Files.createDirectories(in);
        TreeMap<String, Long> counts = new TreeMap<>();
        Random random = new Random(8);
        for (int f = 0; f < FILES; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < LINES; l++) {
                String marker = line(f, l);
                sb.append(marker);
                counts.merge(marker, 1L, Long::sum);
                for (int w = 1; w < WORDS_PER_LINE; w++) {
                    String word = "w" + random.nextInt(1 + random.nextInt(5_000));
                    sb.append(' ').append(word);
                    counts.merge(word, 1L, Long::sum);
                }
                sb.append('\n');
            }
            Files.writeString(in.resolve("book-" + f + ".txt"), sb, StandardCharsets.UTF_8);
        }
        return counts;
    }

    /**
     * The lines of the input, through a map that counts them, throws once at the first line of files
     * 3-5 it reads after the test armed it, and is a little slow (a 1 ms pause every 40 lines), so
     * that the job runs for about a second.
     */
    private static BatchStage<String> words(Pipeline p, String test) {
        List<String> failIn = List.of(FAIL_IN_FILES.split(","));
        AtomicBoolean armed = ARMED.computeIfAbsent(test, t -> new AtomicBoolean());
        String first0 = line(0, 0) + " ";
        String first1 = line(1, 0) + " ";
        return p.readFrom(Sources.files(input.toString()))
                .map(line -> {
                    long seen = SEEN.computeIfAbsent(test, t -> new AtomicLong()).incrementAndGet();
                    if (line.startsWith(first0) || line.startsWith(first1)) {
                        FIRST_LINES_SEEN.computeIfAbsent(test, t -> new AtomicLong()).incrementAndGet();
                    }
                    if (ARMED.get(test).get() && failIn.contains(line.substring(0, 3))
                            && THROWN.computeIfAbsent(test, t -> new AtomicBoolean()).compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure at line '" + line.substring(0, line.indexOf(' '))
                                + " ...'");
                    }
                    if (seen % 40 == 0) {
                        LockSupport.parkNanos(1_000_000);
                    }
                    return line;
                })
                .flatMap(line -> Traversers.traverseArray(line.split(" ")));
    }

    private static JobConfig config(String test, ProcessingGuarantee guarantee) {
        return JobConfig.named(test).setProcessingGuarantee(guarantee).setSnapshotIntervalMillis(50)
                .setMaxRestartAttempts(3).setRestartBackoffMillis(50);
    }

    private static List<String> run(String test, Pipeline p, ProcessingGuarantee guarantee, Path out) throws Exception {
        long start = System.nanoTime();
        Job job = sluice.newJob(p, config(test, guarantee));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (job.snapshots().isEmpty() && !job.future().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5); // polls for the first committed snapshot: the failure is injected after it
        }
        ARMED.get(test).set(true);
        job.join();
        System.out.printf("%s: %d ms, %d lines read for %d in the input, executions %s, snapshots %s%n", test,
                (System.nanoTime() - start) / 1_000_000, SEEN.get(test).get(), FILES * LINES, job.executions(),
                job.snapshots());
        assertTrue(THROWN.containsKey(test) && THROWN.get(test).get(), "the failure was not injected: the job ended"
                + " before a snapshot committed or before the map read files 3-5 after it; snapshots: " + job.snapshots());
        assertEquals(2, job.executions().size(), "one restart: " + job.executions());
        assertFalse(job.snapshots().isEmpty(), "a snapshot committed");
        assertEquals(2, FIRST_LINES_SEEN.get(test).get(), "the first lines of files 0 and 1 were read again: the"
                + " restart began from the start instead of from the snapshot");
        return outputLines(out);
    }

    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_mapThrowsOnceInWordCount_then_restoredFromSnapshot(ProcessingGuarantee guarantee) throws Exception {
        String test = "word-count-" + guarantee.name().toLowerCase().replace('_', '-');
        Path out = dir.resolve(test);
        Pipeline p = Pipeline.create();
        words(p, test)
                .groupingKey(w -> w)
                .aggregate(AggregateOperations.counting())
                .map(r -> r.key() + "," + r.value())
                .sort()
                .writeTo(Sinks.files(out.toString()));
        List<String> actual = run(test, p, guarantee, out);

        List<String> expected = new ArrayList<>();
        expectedCounts.forEach((w, c) -> expected.add(w + "," + c));
        Collections.sort(expected);
        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE) {
            assertEquals(expected.size(), actual.size(), "the number of words");
            assertEquals(expected, actual);
        } else {
            Map<String, Long> counted = new TreeMap<>();
            for (String l : actual) {
                int comma = l.lastIndexOf(',');
                counted.merge(l.substring(0, comma), Long.parseLong(l.substring(comma + 1)), Math::max);
            }
            expectedCounts.forEach((w, c) -> assertTrue(counted.getOrDefault(w, 0L) >= c,
                    "lost occurrences of '" + w + "': counted " + counted.get(w) + " of " + c));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProcessingGuarantee.class, names = {"EXACTLY_ONCE", "AT_LEAST_ONCE"})
    void when_mapThrowsOnceBeforeMapStateful_then_restoredFromSnapshot(ProcessingGuarantee guarantee) throws Exception {
        String test = "running-count-" + guarantee.name().toLowerCase().replace('_', '-');
        Path out = dir.resolve(test);
        Pipeline p = Pipeline.create();
        words(p, test)
                .groupingKey(w -> w)
                .mapStateful(() -> new long[1], (long[] n, String w, String item) -> w + "#" + ++n[0])
                .writeTo(Sinks.files(out.toString()));
        List<String> actual = run(test, p, guarantee, out);

        if (guarantee == ProcessingGuarantee.EXACTLY_ONCE) {
            List<String> expected = new ArrayList<>();
            expectedCounts.forEach((w, c) -> {
                for (long n = 1; n <= c; n++) {
                    expected.add(w + "#" + n);
                }
            });
            Collections.sort(expected);
            assertEquals(expected.size(), actual.size(), "the number of lines");
            assertEquals(expected, actual);
        } else {
            java.util.Set<String> lines = new java.util.HashSet<>(actual);
            expectedCounts.forEach((w, c) -> {
                for (long n = 1; n <= c; n++) {
                    assertTrue(lines.contains(w + "#" + n), "lost '" + w + "#" + n + "'");
                }
            });
        }
    }

    /** The lines of the part files under {@code out}, sorted; fails on a temporary file left behind. */
    private static List<String> outputLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(".sluice-output")) {
                    continue;
                }
                assertTrue(name.startsWith("part-"), "not a part file: " + f);
                try {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Collections.sort(lines);
        return lines;
    }
}
