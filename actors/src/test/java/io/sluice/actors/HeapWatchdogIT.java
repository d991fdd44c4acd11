package io.sluice.actors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Running out of heap is a job failure, not a dead JVM: a separate JVM with {@code -Xmx1g} (the
 * JVM's default collector) runs 20 million distinct keys through a keyed count on an embedded
 * node, without a limit on accumulated records ({@link HeapWatchdogChild}). The node's heap
 * watchdog must fail that job within 30 s with its message (or, when one large allocation fails
 * before the watchdog sees a GC over its threshold, the stage's own handling of the
 * {@code OutOfMemoryError} fails it), the job's state must become garbage, and the same node must
 * then run a word count.
 */
class HeapWatchdogIT {

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void when_jobFillsTheHeap_then_watchdogFailsItAndTheNodeRunsTheNextJob() throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                HeapWatchdogChild.class.getName());
        pb.redirectErrorStream(true);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Process child = pb.start();
        try {
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        System.out.println("[child] " + line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
            if (!child.waitFor(170, TimeUnit.SECONDS)) {
                fail("the child did not exit within 170 s; output:\n" + String.join("\n", lines));
            }
            reader.join(5_000);
            String failedAfter = value(lines, "FAILED_AFTER_MS ");
            String cause = value(lines, "CAUSE ");
            long heapPct = Long.parseLong(value(lines, "HEAP_AFTER_FAILURE_PCT "));
            String result = value(lines, "RESULT ");

            assertTrue(cause.startsWith("io.sluice.engine.job.JobOutOfMemoryException: "), cause);
            if (cause.contains("ran out of heap memory")) {
                // The allocation that failed came before the GC the watchdog would have judged (on a
                // busy machine: a HashMap doubling its table is one 32-64 MB array); the stage caught
                // the OutOfMemoryError and failed only its job, which is the same outcome for the node.
                assertTrue(cause.contains("stage instance 'longs#"), cause);
            } else {
                assertTrue(cause.contains("the node's heap is ") && cause.contains("full after GC (limit 90%"), cause);
                assertTrue(cause.contains("job 'distinct-longs' holds the most state"), cause);
                assertTrue(cause.contains("in vertex 'longs'"), cause);
            }
            assertTrue(cause.contains("-Xmx") && cause.contains("JobConfig.setMaxProcessorAccumulatedRecords"), cause);
            assertTrue(Long.parseLong(failedAfter) <= 30_000, "failed after " + failedAfter + " ms, more than 30 s");
            assertTrue(heapPct < 25, "the failed job's state was not released: heap " + heapPct + "% full after GC");
            assertEquals("brown=1 dog=1 end=1 fox=1 jumps=1 lazy=1 over=1 quick=1 the=3", result);
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    private static String value(List<String> lines, String prefix) {
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        fail("the child printed no line starting with '" + prefix.trim() + "'; output:\n" + String.join("\n", lines));
        return null;
    }
}
