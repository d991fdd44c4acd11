package io.sluice.samples.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code sluice} command line as a separate process ({@link CliProcess}): safe outputs, path
 * values, charsets and bad bytes, with the real exit codes, stdout/stderr and working directory.
 */
@Timeout(300)
class SluiceCliProcessIT {
    @TempDir
    Path dir;

    @Test
    void when_outputValueIsEmpty_then_usageErrorAndTheCurrentDirectoryIsUntouched() throws Exception {
        Files.writeString(dir.resolve("part-00007"), "not Sluice's\n");
        Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Map<String, String> before = snapshot(dir);

        CliProcess.Result r = sluice(dir, "run", "word-count", "--output=");

        assertEquals(2, r.code(), r.err());
        assertEquals("sluice: --output must not be empty: pass a directory, for example --output counts/"
                + " (see 'sluice run word-count --help')", r.oneErrorLine());
        assertEquals(before, snapshot(dir));
    }

    @Test
    void when_inputValueIsEmpty_then_usageErrorInsteadOfReadingTheCurrentDirectory() throws Exception {
        CliProcess.Result r = sluice(dir, "run", "word-count", "--input=", "--output", "out");

        assertEquals(2, r.code(), r.err());
        assertEquals("sluice: --input must not be empty: pass a directory, for example --input books/"
                + " (see 'sluice run word-count --help')", r.oneErrorLine());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void when_outputCannotBeCreatedEvenByRoot_then_usageError() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");

        CliProcess.Result r = sluice(dir, "run", "word-count", "--output", "/proc/x");

        assertEquals(2, r.code(), r.err());
        assertTrue(r.oneErrorLine().startsWith("sluice: output directory '/proc/x' cannot be created ("), r.err());
    }

    @Test
    void when_outputIsSomebodyElsesDirectory_then_refusedAndWithOverwriteWrittenWithoutDeletingAnything() throws Exception {
        Path out = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(out.resolve("part-00007"), "not Sluice's\n");
        Files.writeString(out.resolve("notes.txt"), "mine\n");
        Map<String, String> before = snapshot(out);

        CliProcess.Result refused = sluice(dir, "run", "word-count", "--output", "docs");

        assertEquals(2, refused.code(), refused.err());
        assertEquals("sluice: output directory 'docs' is not empty and holds no output of a Sluice file sink (it has no"
                + " .sluice-output manifest): pass a new or empty directory, or set overwrite to write into it anyway"
                + " (Sinks.filesBuilder(dir).overwrite(true); --overwrite in the samples)", refused.oneErrorLine());
        assertEquals(before, snapshot(out));

        CliProcess.Result forced = sluice(dir, "run", "word-count", "--output", "docs", "--overwrite");

        assertEquals(0, forced.code(), forced.err());
        Map<String, String> after = snapshot(out);
        assertEquals("not Sluice's\n", after.get("part-00007"));
        assertEquals("mine\n", after.get("notes.txt"));
        assertTrue(after.containsKey("part-00000"), after.keySet().toString());
    }

    @Test
    void when_rerunIntoItsOwnOutput_then_noOverwriteNeededAndSameResult() throws Exception {
        CliProcess.Result first = sluice(dir, "run", "word-count");
        assertEquals(0, first.code(), first.err());
        Map<String, String> firstOutput = snapshot(dir.resolve("word-count-output"));

        CliProcess.Result second = sluice(dir, "run", "word-count");

        assertEquals(0, second.code(), second.err());
        assertEquals(firstOutput.keySet(), snapshot(dir.resolve("word-count-output")).keySet());
        assertEquals(line(first.out(), "distinct words:"), line(second.out(), "distinct words:"));
    }

    @Test
    void when_inputHoldsABinaryFile_then_jobFailsNamingTheFileAndTheOffset() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "some words\n");
        Files.write(in.resolve("tool"), new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0});

        CliProcess.Result r = sluice(dir, "run", "word-count", "--input", "in", "--output", "out");

        assertEquals(1, r.code(), r.err());
        String error = r.oneErrorLine();
        assertTrue(error.startsWith("sluice: job 'word-count' failed in stage 'files' (vertex 'files', instance #"), error);
        assertTrue(error.contains("file 'in/tool' is not UTF-8 text: NUL byte (text files have none: a binary file?) at"
                + " byte offset 7: read it with its charset"), error);
        assertTrue(error.contains("--on-bad-bytes replace"), error);
    }

    @Test
    void when_latin1Input_then_failsAsUtf8AndCountsRightWithItsCharset() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("menu.txt"), "caf\u00e9 cr\u00e8me caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        CliProcess.Result utf8 = sluice(dir, "run", "word-count", "--input", "in", "--output", "out");
        assertEquals(1, utf8.code(), utf8.err());
        assertTrue(utf8.err().contains("file 'in/menu.txt' is not UTF-8 text: malformed input (0xe9) at byte offset 3"),
                utf8.err());

        CliProcess.Result latin1 = sluice(dir, "run", "word-count", "--input", "in", "--output", "out", "--charset", "ISO-8859-1");
        assertEquals(0, latin1.code(), latin1.err());
        assertEquals(Map.of("caf\u00e9", "2", "cr\u00e8me", "1"), counts(dir.resolve("out")));
    }

    @Test
    void when_badBytesReplaced_then_jobCompletesAndTheCountIsLogged() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("menu.txt"), "caf\u00e9 ok\n".getBytes(StandardCharsets.ISO_8859_1));

        CliProcess.Result r = sluice(dir, "run", "word-count", "--input", "in", "--output", "out", "--on-bad-bytes", "replace");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("file 'in/menu.txt': replaced 1 bad byte sequence with U+FFFD (not valid UTF-8; the"
                + " first at byte offset 3)"), r.err());
        assertEquals(Map.of("caf", "1", "ok", "1"), counts(dir.resolve("out")));
    }

    @Test
    void when_charsetUnknown_then_usageError() throws Exception {
        Files.createDirectories(dir.resolve("in"));
        for (String bad : new String[]{"latin-9000", "no such charset"}) {
            CliProcess.Result r = sluice(dir, "run", "word-count", "--input", "in", "--output", "out", "--charset", bad);

            assertEquals(2, r.code(), r.err());
            assertEquals("sluice: --charset '" + bad + "' is not a charset this Java runtime knows: pass a name such as"
                    + " UTF-8, ISO-8859-1 or windows-1252 (see 'sluice run word-count --help')", r.oneErrorLine());
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    // --- helpers ---

    static CliProcess.Result sluice(Path workingDir, String... args) throws IOException, InterruptedException {
        return CliProcess.run(workingDir, args);
    }

    /** Word -> count from the part files of {@code out}. */
    static Map<String, String> counts(Path out) throws IOException {
        Map<String, String> counts = new TreeMap<>();
        try (Stream<Path> list = Files.list(out)) {
            for (Path p : list.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    int comma = line.lastIndexOf(',');
                    counts.put(line.substring(0, comma), line.substring(comma + 1));
                }
            }
        }
        return counts;
    }

    /** File name -> content of the regular files directly in {@code dir}. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in: " + output));
    }
}
