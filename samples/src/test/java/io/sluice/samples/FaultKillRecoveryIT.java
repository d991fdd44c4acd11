package io.sluice.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Jobs in a child JVM ({@link FaultChild}: parallelism 2, a data directory, snapshots every 100 ms,
 * submitted with {@code newJobIfAbsent}) killed with SIGKILL at random moments after the job was
 * submitted, and started again on the same data directory until the job completes:
 * <ul>
 *   <li>a batch word count over files, EXACTLY_ONCE: the output equals, line for line after
 *       sorting, that of an uninterrupted run and the counts computed in plain Java;</li>
 *   <li>a stream of the numbers 0..N-1 through a stateless map, AT_MOST_ONCE: no number is
 *       written twice, and the job finishes;</li>
 *   <li>the same stream AT_LEAST_ONCE: every number is written.</li>
 * </ul>
 */
class FaultKillRecoveryIT {
    private static final long NUMBERS = 400_000;
    private static final long RATE = 100_000;

    /** A child JVM's run: its output lines, and a latch released when it printed "submitted". */
    private record Child(Process process, List<String> lines, CountDownLatch submitted) {
    }

    private static Child start(List<String> args) throws IOException {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FaultChild.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch submitted = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[child " + p.pid() + "] " + line);
                    lines.add(line);
                    if (line.equals("submitted")) {
                        submitted.countDown();
                    }
                }
            } catch (IOException ignored) {
                // killed
            }
        }, "fault-child-output");
        reader.setDaemon(true);
        reader.start();
        return new Child(p, lines, submitted);
    }

    /** What {@link #runWithKills} saw: kills that landed while the job ran, and restores from a snapshot. */
    private record Runs(int landed, int restores, long millis) {
    }

    /**
     * Starts the child until it completes, killing it {@code kills} times first, each at a random
     * moment 300..2300 ms after it printed "submitted".
     */
    private static Runs runWithKills(List<String> args, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        int landed = 0;
        int restores = 0;
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            Child child = start(args);
            Process p = child.process();
            try {
                if (attempt < kills) {
                    assertTrue(child.submitted().await(60, TimeUnit.SECONDS), "the child did not submit its job; output:\n"
                            + String.join("\n", child.lines()));
                    long delay = 300 + random.nextInt(2_000);
                    if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly(); // SIGKILL
                        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the killed child did not exit");
                        landed++;
                        restores += countRestores(child.lines());
                        continue;
                    }
                } else if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    fail("the child did not finish within 60 s; output:\n" + String.join("\n", child.lines()));
                }
                assertEquals(0, p.exitValue(), "exit status; output:\n" + String.join("\n", child.lines()));
                restores += countRestores(child.lines());
                return new Runs(landed, restores, (System.nanoTime() - start) / 1_000_000);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /**
     * How many executions in the child's output resumed the job (the execution coordinator logs it):
     * from a snapshot, or at most once from the offsets its sources handed on.
     */
    private static int countRestores(List<String> lines) {
        synchronized (lines) {
            return (int) lines.stream().filter(l -> l.contains("restores snapshot")
                    || l.contains("resumes its sources after what they handed on")).count();
        }
    }

    /** The lines of the part files under {@code dir}, sorted; fails on a temporary file left behind. */
    private static List<String> sortedOutput(Path dir) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(".sluice-output")) {
                    continue;
                }
                assertTrue(name.startsWith("part-") && !name.endsWith(".tmp"), "not a committed part file: " + f);
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        Collections.sort(all);
        return all;
    }

    /** Writes 6 files of 15,000 lines of 10 generated words (about 5 MB). */
    private static void writeInput(Path in) throws IOException {
        Files.createDirectories(in);
        Random random = new Random(3);
        for (int f = 0; f < 6; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < 15_000; l++) {
                for (int w = 0; w < 10; w++) {
                    sb.append(w == 0 ? "" : " ").append(w == 0 ? "Word" : "w").append(random.nextInt(1 + random.nextInt(20_000)));
                }
                sb.append('\n');
            }
            Files.writeString(in.resolve("text-" + f + ".txt"), sb, StandardCharsets.UTF_8);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void when_batchWordCountKilledAtRandomMoments_then_outputEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        writeInput(in);
        List<String> expected = new ArrayList<>();
        for (Map.Entry<String, Long> e : WordCount.referenceCount(in).entrySet()) {
            expected.add(e.getKey() + "," + e.getValue());
        }
        Collections.sort(expected);

        Path refOut = tmp.resolve("out-ref");
        Runs reference = runWithKills(List.of("word-count", tmp.resolve("data-ref").toString(), in.toString(),
                refOut.toString(), "EXACTLY_ONCE"), 0, 0);
        List<String> uninterrupted = sortedOutput(refOut);
        assertEquals(expected, uninterrupted, "the uninterrupted run counts as plain Java does");

        Path out = tmp.resolve("out");
        Runs runs = runWithKills(List.of("word-count", tmp.resolve("data").toString(), in.toString(), out.toString(),
                "EXACTLY_ONCE"), 3, 11);
        System.out.printf("batch word count: uninterrupted %d ms; %d kills landed, %d restores from a snapshot, %d ms%n",
                reference.millis(), runs.landed(), runs.restores(), runs.millis());
        assertTrue(runs.landed() >= 2, "fewer than two kills landed while the job ran: " + runs.landed());
        assertTrue(runs.restores() >= 1, "no restarted run restored a snapshot");
        assertEquals(uninterrupted, sortedOutput(out));
    }

    private static List<String> numbersArgs(Path tmp, String guarantee) {
        return List.of("numbers", tmp.resolve("data").toString(), tmp.resolve("out").toString(), guarantee,
                Long.toString(NUMBERS), Long.toString(RATE));
    }

    /** How often each number is in the output; fails on a line that is not a number below NUMBERS. */
    private static int[] numberCounts(Path out) throws IOException {
        int[] seen = new int[(int) NUMBERS];
        for (String line : sortedOutput(out)) {
            long n;
            try {
                n = Long.parseLong(line);
            } catch (NumberFormatException e) {
                throw new AssertionError("not a number: '" + line + "' (a line torn by the kill?)");
            }
            assertTrue(n >= 0 && n < NUMBERS, "not one of the numbers: " + line);
            seen[(int) n]++;
        }
        return seen;
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void when_streamKilledAtMostOnce_then_nothingRepeated(@TempDir Path tmp) throws Exception {
        Runs runs = runWithKills(numbersArgs(tmp, "AT_MOST_ONCE"), 4, 5);
        int[] seen = numberCounts(tmp.resolve("out"));
        long lost = 0;
        for (int n = 0; n < NUMBERS; n++) {
            assertTrue(seen[n] <= 1, "at most once wrote " + n + " " + seen[n] + " times");
            lost += seen[n] == 0 ? 1 : 0;
        }
        System.out.printf("at most once: %d kills landed, %d resumed from handed-on offsets, %d ms, %d of %d numbers"
                + " lost, none repeated%n", runs.landed(), runs.restores(), runs.millis(), lost, NUMBERS);
        assertTrue(runs.landed() >= 2, "fewer than two kills landed while the job ran: " + runs.landed());
        assertTrue(runs.restores() >= 1, "no restarted run resumed the job from its sources' offsets");
        assertTrue(seen[(int) NUMBERS - 1] + seen[(int) NUMBERS - 2] == 2, "the job went on to the end after the kills");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void when_streamKilledAtLeastOnce_then_nothingLost(@TempDir Path tmp) throws Exception {
        Runs runs = runWithKills(numbersArgs(tmp, "AT_LEAST_ONCE"), 4, 9);
        int[] seen = numberCounts(tmp.resolve("out"));
        long repeated = 0;
        for (int n = 0; n < NUMBERS; n++) {
            assertTrue(seen[n] >= 1, "at least once lost " + n);
            repeated += seen[n] - 1;
        }
        System.out.printf("at least once: %d kills landed, %d restores from a snapshot, %d ms, %d numbers repeated,"
                + " none lost%n", runs.landed(), runs.restores(), runs.millis(), repeated);
        assertTrue(runs.landed() >= 2, "fewer than two kills landed while the job ran: " + runs.landed());
        assertTrue(runs.restores() >= 1, "no run restored a snapshot");
    }
}
