package io.sluice.connectors;

import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.actors.Sluice;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.job.JobFailedException;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connectors in real jobs on an embedded node: needs the actor runtime and the DSL planner. */
@Timeout(120)
class ConnectorsIT {
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
    void when_listToCollecting_then_allItems() {
        List<Integer> items = IntStream.range(0, 10_000).boxed().collect(Collectors.toList());
        CollectingSink<Integer> sink = Sinks.collecting();
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.list(items)).map(i -> i * 2).writeTo(sink);

        sluice.newJob(p, JobConfig.named("list-to-collecting")).join();

        assertEquals(items.stream().map(i -> i * 2).collect(Collectors.toSet()), new HashSet<>(sink.items()));
        assertEquals(items.size(), sink.items().size());
    }

    @Test
    void when_filesToFiles_then_everyLineOnce() throws Exception {
        Path in = dir.resolve("in");
        Set<String> expected = new HashSet<>();
        for (int f = 0; f < 10; f++) {
            StringBuilder sb = new StringBuilder();
            for (int l = 0; l < 1000; l++) {
                String line = "f" + f + " l" + l + " ü";
                expected.add(line);
                sb.append(line).append('\n');
            }
            Path file = in.resolve("d" + (f % 3) + "/f" + f + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }
        Path out = dir.resolve("out");
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.files(in.toString())).writeTo(Sinks.files(out.toString()));

        sluice.newJob(p, JobConfig.named("files-to-files")).join();

        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
        }
        assertEquals(expected.size(), lines.size());
        assertEquals(expected, new HashSet<>(lines));
    }

    @Test
    void when_inputDirectoryDeletedBeforeRun_then_jobFailsNamingIt() throws Exception {
        Path in = Files.createDirectories(dir.resolve("gone"));
        BatchSource<String> source = Sources.files(in.toString());
        Files.delete(in);
        Pipeline p = Pipeline.create();
        p.readFrom(source).writeTo(Sinks.noop());

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p).join());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("input directory '" + in + "' does not exist"), root.getMessage());
    }

    @Test
    void when_inputHoldsABinaryFile_then_jobFailsNamingTheFileAndOffset() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.txt"), "text\n".repeat(1000));
        Path binary = in.resolve("b.bin");
        Files.write(binary, new byte[]{'P', 'K', 3, 4, 0, 0});
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.files(in.toString())).writeTo(Sinks.noop());

        JobFailedException e = assertThrows(JobFailedException.class, () -> sluice.newJob(p).join());
        Throwable cause = e;
        while (cause.getCause() != null && !cause.getMessage().startsWith("file '")) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().startsWith("file '" + binary + "' is not UTF-8 text: NUL byte (text files have"
                + " none: a binary file?) at byte offset 4"), cause.getMessage());
    }

    @Test
    void when_replacingBadBytes_then_jobCompletesWithReplacementCharacters() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.write(in.resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CollectingSink<String> sink = Sinks.collecting();
        Pipeline p = Pipeline.create();
        p.readFrom(Sources.filesBuilder(in.toString()).onBadBytes(BadBytesPolicy.REPLACE).build()).writeTo(sink);

        sluice.newJob(p).join();

        assertEquals(List.of("caf\uFFFD"), sink.items());
    }
}
