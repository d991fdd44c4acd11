package io.sluice.samples;

import io.sluice.actors.Sluice;
import io.sluice.connectors.Sinks;
import io.sluice.connectors.Sources;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.samples.cli.SluiceCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on a real embedded node: needs the actor runtime and the DSL planner. */
@Timeout(120)
class WordCountIT {
    private static Sluice sluice;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() {
        sluice = Sluice.embedded();
    }

    @AfterAll
    static void stopNode() {
        if (sluice != null) {
            sluice.close();
        }
    }

    @Test
    void when_wordCountRuns_then_sameCountsAsPlainJava() throws Exception {
        Path input = dir.resolve("in");
        Random rnd = new Random(1);
        String[] vocabulary = {"Alpha", "beta", "GAMMA", "délta", "ε", "42", "x1", "über"};
        for (int f = 0; f < 9; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < 2000; l++) {
                for (int w = 0; w < 8; w++) {
                    sb.append(vocabulary[rnd.nextInt(vocabulary.length)]).append(rnd.nextBoolean() ? " " : ", ");
                }
                sb.append(l % 5 == 0 ? "\r\n" : "\n");
            }
            Path file = input.resolve(f % 3 == 0 ? "sub/f" + f + ".txt" : "f" + f + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }
        Path output = dir.resolve("out");

        sluice.newJob(WordCount.pipeline(Sources.files(input.toString()), Sinks.files(output.toString())),
                JobConfig.named("word-count-it")).join();

        assertEquals(WordCount.referenceCount(input), readCounts(output));
    }

    @Test
    void when_inputDirectoryVanishesBeforeTheJob_then_jobFailsWithTheMessage() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        BatchSource<String> source = Sources.files(input.toString());
        Files.delete(input);
        Pipeline p = WordCount.pipeline(source, Sinks.noop());

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p).join());
        assertTrue(SluiceCli.describe(e).contains("input directory '" + input + "' does not exist: pass an existing directory"),
                SluiceCli.describe(e));
    }

    @Test
    void when_cliRunsBundledCorpus_then_outputMatchesReference() throws Exception {
        Path output = dir.resolve("cli-out");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SluiceCli.run(new String[]{"run", "word-count", "--output", output.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, Long> expected = WordCount.referenceCount(BundledCorpus.copyTo(dir.resolve("corpus")));
        assertEquals(expected, readCounts(output));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("distinct words: " + expected.size()), out.toString());
    }

    @Test
    void when_cliInputGiven_then_itIsRead() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Files.writeString(input.resolve("a.txt"), "one two two\n");
        Path output = dir.resolve("out");

        int code = SluiceCli.run(new String[]{"run", "word-count", "--input", input.toString(), "--output", output.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

        assertEquals(0, code);
        assertEquals(Map.of("one", 1L, "two", 2L), readCounts(output));
    }

    /** Reads "word,count" lines of every part file; fails on a duplicate word. */
    static Map<String, Long> readCounts(Path output) throws IOException {
        Map<String, Long> counts = new HashMap<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(output)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
        }
        for (Path part : parts) {
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                int comma = line.lastIndexOf(',');
                Long previous = counts.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
                if (previous != null) {
                    throw new AssertionError("word '" + line.substring(0, comma) + "' emitted twice");
                }
            }
        }
        return counts;
    }
}
