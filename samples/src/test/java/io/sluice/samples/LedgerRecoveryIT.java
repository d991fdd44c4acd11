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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ledger sample in a child JVM ({@code sluice run ledger --data DIR --output DIR}), killed with
 * SIGKILL at random moments and started again on the same data directory until it finishes: its
 * output must be, line for line after sorting, the output of an uninterrupted run. Exactly once
 * (the default) with snapshots every 200 ms; a second case at least once checks that nothing is
 * lost, and one at most once that nothing is repeated.
 */
class LedgerRecoveryIT {
    private static final long EVENTS = 400_000;
    private static final long RATE = 100_000;

    /** Runs the CLI in a child JVM; returns the process (output echoed with a prefix). */
    private static Process start(List<String> args, List<String> lines) throws IOException {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx512m", "-XX:+UseParallelGC", "-cp",
                System.getProperty("java.class.path"), "io.sluice.samples.cli.SluiceCli"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[ledger " + p.pid() + "] " + line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // killed
            }
        }, "ledger-output");
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static List<String> args(Path data, Path out, String guarantee) {
        return List.of("run", "ledger", "--data", data.toString(), "--output", out.toString(), "--events",
                Long.toString(EVENTS), "--rate", Long.toString(RATE), "--guarantee", guarantee, "--snapshot-interval",
                "200");
    }

    /** Runs to the end, killing the child {@code kills} times at random moments first; returns how many kills landed mid-run. */
    private static int runWithKills(Path data, Path out, String guarantee, int kills, long seed) throws Exception {
        Random random = new Random(seed);
        int landed = 0;
        for (int attempt = 0; attempt <= kills; attempt++) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Process p = start(args(data, out, guarantee), lines);
            try {
                if (attempt < kills) {
                    long delay = 700 + random.nextInt(2_500);
                    if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly(); // SIGKILL
                        p.waitFor(10, TimeUnit.SECONDS);
                        landed++;
                        continue;
                    }
                } else if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    fail("the ledger did not finish within 90 s; output:\n" + String.join("\n", lines));
                }
                assertEquals(0, p.exitValue(), "exit status; output:\n" + String.join("\n", lines));
                return landed;
            } finally {
                p.destroyForcibly();
            }
        }
        return landed;
    }

    private static List<String> sortedOutput(Path dir) throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.equals(".sluice-output")) {
                    continue; // the sink's manifest of the directory
                }
                if (name.startsWith(".") || name.endsWith(".tmp")) {
                    fail("a temporary file was left in the output: " + f);
                }
                all.addAll(Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .map(line -> dir.relativize(f.getParent()) + " " + line).toList());
            }
        }
        Collections.sort(all);
        return all;
    }

    /** The output directory and "second=.. [account=..]" of a line, without its values. */
    private static String key(String line) {
        StringBuilder key = new StringBuilder();
        for (String part : line.split(" ")) {
            if (!part.startsWith("transfers=") && !part.startsWith("amount=") && !part.startsWith("balance=")) {
                key.append(part).append(' ');
            }
        }
        return key.toString().trim();
    }

    private static List<String> uninterrupted(Path tmp) throws Exception {
        Path data = tmp.resolve("data-ref");
        Path out = tmp.resolve("out-ref");
        runWithKills(data, out, "EXACTLY_ONCE", 0, 0);
        List<String> reference = sortedOutput(out);
        assertTrue(reference.size() > 100, "the reference run wrote " + reference.size() + " lines");
        return reference;
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void when_killedAtRandomMomentsExactlyOnce_then_outputEqualsUninterruptedRun(@TempDir Path tmp) throws Exception {
        List<String> reference = uninterrupted(tmp);
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        int landed = runWithKills(data, out, "EXACTLY_ONCE", 3, 42);
        assertTrue(landed >= 1, "no kill landed while the job ran");
        assertEquals(reference, sortedOutput(out));
    }

    @Test
    @Timeout(value = 400, unit = TimeUnit.SECONDS)
    void when_killedAtLeastOnce_then_nothingIsLost(@TempDir Path tmp) throws Exception {
        List<String> reference = uninterrupted(tmp);
        Path data = tmp.resolve("data");
        Path out = tmp.resolve("out");
        runWithKills(data, out, "AT_LEAST_ONCE", 2, 7);
        // Values may differ (a replayed transfer may be counted twice), but every (second) total and
        // every (second, account) balance of the uninterrupted run must be there: nothing was lost.
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (String line : sortedOutput(out)) {
            keys.add(key(line));
        }
        for (String line : reference) {
            assertTrue(keys.contains(key(line)), "at least once lost the output for " + key(line));
        }
    }
}
