package io.sluice.samples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class SluiceCliTest {

    @TempDir
    Path dir;

    @Test
    void when_samples_then_listedWithDescriptions() {
        Result r = run("samples");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("word-count     Counts the words"), r.out);
        assertTrue(r.out.contains("\ntrade-monitor  Volume per stock symbol"), r.out);
        assertTrue(r.out.contains("\nenrichment     Joins a stream of trades"), r.out);
        assertTrue(r.out.contains("\nad-clicks      Joins ad impressions with clicks within 10 s"), r.out);
        assertEquals("", r.err);
    }

    @Test
    void when_version_then_buildVersion() {
        Result r = run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("sluice 0."), r.out);
    }

    @Test
    void when_help_then_usageOnStdout() {
        Result r = run("--help");
        assertEquals(0, r.code);
        assertTrue(r.out.contains("Usage: sluice"), r.out);
        assertTrue(r.out.contains("run"), r.out);
        assertEquals(0, run("run", "word-count", "--help").code);
        assertTrue(run("run", "word-count", "--help").out.contains("--input=DIR"));
    }

    @Test
    void when_noCommand_then_usageOnStderrAndExit2() {
        Result r = run();
        assertEquals(2, r.code);
        assertTrue(r.err.contains("Usage: sluice"), r.err);
        assertEquals("", r.out);
    }

    @Test
    void when_unknownSample_then_oneLineAndExit2() {
        Result r = run("run", "nope");
        assertEquals(2, r.code);
        assertEquals("sluice: unknown sample 'nope'; available: word-count, trade-monitor, enrichment, ad-clicks, ledger (see 'sluice run --help')", r.oneErrorLine());
        assertEquals("", r.out);
    }

    @Test
    void when_missingSampleName_then_exit2() {
        Result r = run("run");
        assertEquals(2, r.code);
        assertTrue(r.oneErrorLine().startsWith("sluice: Missing required parameter: '<sample>'"), r.err);
    }

    @Test
    void when_badFlags_then_oneLineAndExit2() {
        Result top = run("--bogus");
        assertEquals(2, top.code);
        assertTrue(top.oneErrorLine().contains("Unknown option: '--bogus'"), top.err);

        Result sample = run("run", "word-count", "--bogus");
        assertEquals(2, sample.code);
        assertEquals("sluice: Unknown option: '--bogus' (see 'sluice run word-count --help')", sample.oneErrorLine());

        Result missingValue = run("run", "word-count", "--input");
        assertEquals(2, missingValue.code);
        assertTrue(missingValue.oneErrorLine().contains("--input"), missingValue.err);
    }

    @Test
    void when_inputDirMissing_then_messageNamesPathAndExit2WithoutStackTrace() {
        String missing = dir.resolve("missing").toString();
        Result r = run("run", "word-count", "--input", missing, "--output", dir.resolve("out").toString());
        assertEquals(2, r.code);
        assertEquals("sluice: input directory '" + missing + "' does not exist: pass an existing directory", r.oneErrorLine());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written on a usage error");
    }

    @Test
    void when_verbose_then_stackTraceToo() {
        String missing = dir.resolve("missing").toString();
        for (String[] args : new String[][]{{"--verbose", "run", "word-count", "--input", missing},
                {"run", "word-count", "--input", missing, "--verbose"}, {"-v", "run", "word-count", "--input", missing}}) {
            Result r = run(args);
            assertEquals(2, r.code);
            assertTrue(r.err.startsWith("sluice: input directory '" + missing + "' does not exist"), r.err);
            assertTrue(r.err.contains("\tat io.sluice."), r.err);
        }
    }

    @Test
    void when_outputUnderARegularFile_then_exit2() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Files.createDirectories(dir.resolve("in"));
        String out = file.resolve("out").toString();
        Result r = run("run", "word-count", "--input", dir.resolve("in").toString(), "--output", out);
        assertEquals(2, r.code);
        assertTrue(r.oneErrorLine().startsWith("sluice: output directory '" + out + "' cannot be created"), r.err);
    }

    @Test
    void when_onBadBytesValueUnknown_then_oneLineAndExit2() {
        Result r = run("run", "word-count", "--on-bad-bytes", "ignore", "--output", dir.resolve("out").toString());
        assertEquals(2, r.code);
        assertEquals("sluice: --on-bad-bytes must be 'fail' or 'replace', but was 'ignore' (see 'sluice run word-count --help')",
                r.oneErrorLine());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void when_wordCountHelp_then_inputAndOutputOptionsDocumented() {
        String help = run("run", "word-count", "--help").out;
        for (String option : new String[]{"--charset=NAME", "--on-bad-bytes=fail|replace", "--output=DIR", "--overwrite"}) {
            assertTrue(help.contains(option), option + " missing in: " + help);
        }
    }

    @Test
    void when_describingAJobFailure_then_rootCauseAppended() {
        Exception e = new RuntimeException("job 'word-count' failed",
                new IllegalStateException("wrapper", new IllegalArgumentException("input directory 'x' does not exist")));
        assertEquals("job 'word-count' failed: input directory 'x' does not exist", SluiceCli.describe(e));
        assertEquals("NullPointerException", SluiceCli.describe(new NullPointerException()));
        assertEquals("a b", SluiceCli.oneLine("a\n  b\n"));
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SluiceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
        /** The error output, checked to be exactly one line without a stack trace. */
        String oneErrorLine() {
            assertTrue(err.endsWith(System.lineSeparator()), err);
            String line = err.strip();
            assertFalse(line.contains("\n"), "more than one line on stderr: " + err);
            assertFalse(err.contains("\tat "), "stack trace without --verbose: " + err);
            return line;
        }
    }

    @Test
    void when_configOption_then_theNodeRunsWithThatFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("node.conf"), "pekko.loglevel = WARNING\n");

        Result r = run("--config", conf.toString(), "settings");

        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("\npekko.loglevel = \"WARNING\"  # " + conf + ": 1\n"), r.out);
        assertTrue(r.out.contains("\npekko.scheduler.tick-duration = \"1ms\"  # io/sluice/actors/defaults.conf: "), r.out);
    }

    @Test
    void when_configFileMissing_then_oneLineNamingItAndExit2() {
        String missing = dir.resolve("missing.conf").toString();
        for (String[] args : new String[][]{{"--config", missing, "settings"}, {"run", "--config", missing, "word-count"},
                {"run", "word-count", "--config", missing}, {"run", "word-count", "--config=" + missing}}) {
            Result r = run(args);
            assertEquals(2, r.code, String.join(" ", args));
            assertEquals("sluice: config file '" + missing + "' does not exist: pass an existing HOCON file (such as the "
                    + "repository's application.conf) (see 'sluice --help')", r.oneErrorLine());
            assertEquals("", r.out);
        }
        assertTrue(run("run", "word-count", "--config").oneErrorLine().contains("'--config'"));
    }

    @Test
    void when_configFileBroken_then_exit2NamingTheFile() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.conf"), "pekko {\n");
        Result r = run("--config", broken.toString(), "settings");
        assertEquals(2, r.code);
        assertTrue(r.oneErrorLine().startsWith("sluice: config file '" + broken + "' cannot be parsed: " + broken + ": "), r.err);
    }

    @Test
    void when_configFileHasUnknownSluiceKey_then_exit2NamingTheKey() throws Exception {
        Path conf = Files.writeString(dir.resolve("node.conf"), "sluice.stage-dispatcher.throughput = 4\nsluice.batch-size = 10\n");
        Path output = dir.resolve("out");
        Result r = run("run", "word-count", "--output", output.toString(), "--config", conf.toString());
        assertEquals(2, r.code);
        assertTrue(r.oneErrorLine().startsWith("sluice: unknown config key 'sluice.batch-size' (" + conf + ": 2): "), r.err);
        assertFalse(Files.exists(output), "nothing ran");
    }

    @Test
    void when_streamingSampleGetsBadRate_then_oneLineAndExit2() {
        Result r = run("run", "trade-monitor", "--rate", "0");
        assertEquals(2, r.code);
        assertEquals("sluice: --rate must be between 1 and 10000000 items per second, but was 0", r.oneErrorLine());
    }
}
