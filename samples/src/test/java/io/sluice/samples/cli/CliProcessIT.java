package io.sluice.samples.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/sluice} as a process ({@link CliProcess}): the running node has Sluice's settings and
 * the repository's application.conf, and a failing job prints one line. (That the settings hold
 * whatever the classpath order, Pekko's jars first included, is {@code NodeSettingsTest}'s job.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliProcessIT {
    private static final Path ROOT = CliProcess.ROOT;

    @TempDir
    Path dir;

    @Test
    void when_wordCountJobFails_then_oneErrorLineWithoutStackTraces() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("a.txt"), "one two\n");
        Path output = dir.resolve("out");
        // a binary file: the source fails on the node, while the other stages are running
        Files.write(input.resolve("b.bin"), new byte[]{0x7f, 'E', 'L', 'F', 0, 0, 0});

        CliProcess.Result r = sluice("run", "word-count", "--input", input.toString(), "--output", output.toString());

        // With Pekko's defaults in force, its dead-letter listener logged a NullPointerException with
        // its stack trace here (in most runs) as the stages stopped.
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("sluice: job 'word-count' failed in stage 'files'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr, but was:\n" + r.err());
        assertEquals("", r.out());
    }

    @Test
    void when_runAsBinSluiceDoes_then_theRunningNodeHasSluicesSettings() throws Exception {
        CliProcess.Result r = sluice("settings");

        assertEquals(0, r.code(), r.err());
        Config settings = ConfigFactory.parseString(r.out()); // HOCON, read back from the live node
        assertEquals(1, settings.getDuration("pekko.scheduler.tick-duration").toMillis(), r.out());
        assertEquals(0, settings.getInt("pekko.log-dead-letters"), r.out());
        assertFalse(settings.getBoolean("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook"), r.out());
        assertEquals(List.of("org.apache.pekko.event.slf4j.Slf4jLogger"), settings.getStringList("pekko.loggers"), r.out());
        assertEquals(16, settings.getInt("pekko.stream.materializer.max-input-buffer-size"), r.out());
        assertTrue(settings.hasPath("sluice.stage-dispatcher.fork-join-executor.parallelism-max"), r.out());
        assertTrue(lineOf(r.out(), "pekko.loglevel").endsWith("# " + ROOT.resolve("application.conf") + ": 8"),
                "pekko.loglevel comes from the repository's application.conf:\n" + r.out());
        assertTrue(lineOf(r.out(), "pekko.scheduler.tick-duration").contains("# io/sluice/actors/defaults.conf: "), r.out());
    }

    private static String lineOf(String settings, String key) {
        return settings.lines().filter(l -> l.startsWith(key + " = ")).findFirst()
                       .orElseThrow(() -> new AssertionError("no " + key + " in:\n" + settings));
    }

    private CliProcess.Result sluice(String... args) throws IOException, InterruptedException {
        return CliProcess.run(dir, args);
    }
}
