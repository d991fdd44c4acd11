package io.sluice.actors.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * In-flight memory is bounded in bytes, not only in items: a job with 32 KB items, a fast source
 * and a slow sink, with the default batch size (1024 items, so 32 MB per full batch), runs at the
 * sink's pace in a separate JVM with {@code -Xmx512m} while 640 MB go through it.
 */
class BoundedInFlightMemoryIT {
    private static final int ITEMS = 20_000;
    private static final int ITEM_BYTES = 32 * 1024;
    private static final long SINK_SLEEP_MICROS = 100;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void when_bigItemsFastSourceSlowSink_then_runsInConstantMemoryUnder512MbHeap() throws Exception {
        Path log = Files.createTempFile("big-items-job", ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                BigItemsJob.class.getName(),
                String.valueOf(ITEMS), String.valueOf(ITEM_BYTES), String.valueOf(SINK_SLEEP_MICROS));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!child.waitFor(150, TimeUnit.SECONDS)) {
                fail("the child JVM did not finish within 150 s; its output:\n" + tail(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), "the child JVM failed (exit 3 = OutOfMemoryError); its output:\n" + tail(log));
            Map<String, Long> result = result(output);
            long expectedIdSum = (long) ITEMS * (ITEMS - 1) / 2;
            assertEquals(ITEMS, result.get("items"), output);
            assertEquals(expectedIdSum, result.get("idSum"), output);
            // produced but not yet consumed: per source instance one fillBufferFn call (1024 items,
            // 32 MB) on top of a few batches of about 1 MiB in its driver, plus up to 16 batches per
            // connection in the sink's stream buffers: about 100 MB, where 640 MB went through
            long inFlightMb = result.get("maxInFlightItems") * ITEM_BYTES >> 20;
            assertTrue(inFlightMb <= 128, "at most 128 MB should be in flight, but up to " + inFlightMb + " MB was: " + output);
            // at the sink's pace: the sink alone takes ITEMS * SINK_SLEEP_MICROS
            assertTrue(result.get("elapsedMs") >= ITEMS * SINK_SLEEP_MICROS / 1000, output);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    /** The key=value pairs of the child's RESULT line. */
    private static Map<String, Long> result(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                Map<String, Long> values = new TreeMap<>();
                for (String pair : line.substring("RESULT ".length()).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
                return values;
            }
        }
        throw new AssertionError("the child printed no RESULT line:\n" + output);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }
}
