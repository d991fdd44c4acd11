package io.sluice.connectors;

import io.sluice.engine.impl.pipeline.SinkImpl;
import io.sluice.engine.pipeline.Sink;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.sluice.connectors.TestProcessors.runSink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FileSinkTest {

    @TempDir
    Path dir;

    @Test
    void when_twoInstances_then_onePartFileEach() throws Exception {
        Path out = dir.resolve("out/nested");
        Sink<Object> sink = Sinks.files(out.toString());

        runSink(sink, 0, 2, List.of(List.of("a", "b"), List.of(1, 2)));
        runSink(sink, 1, 2, List.of(List.of("ü 😀")));

        assertEquals(List.of("part-00000", "part-00001"), listNames(out));
        assertEquals("a\nb\n1\n2\n", Files.readString(out.resolve("part-00000"), StandardCharsets.UTF_8));
        assertEquals("ü 😀\n", Files.readString(out.resolve("part-00001"), StandardCharsets.UTF_8));
        assertEquals(-1, ((SinkImpl<?>) sink).preferredLocalParallelism());
    }

    @Test
    void when_toStringFn_then_itFormatsTheLines() throws Exception {
        Sink<Integer> sink = Sinks.files(dir.toString(), i -> "n=" + i);
        runSink(sink, 0, 1, List.of(List.of(1, 2)));
        assertEquals("n=1\nn=2\n", Files.readString(dir.resolve("part-00000")));
    }

    @Test
    void when_noItems_then_emptyPartFile() throws Exception {
        runSink(Sinks.files(dir.toString()), 0, 1, List.of());
        assertEquals("", Files.readString(dir.resolve("part-00000")));
    }

    @Test
    void when_partFilesExist_then_replacedAndStaleOnesDeleted() throws Exception {
        Files.writeString(dir.resolve("part-00000"), "old content that is longer\n");
        Files.writeString(dir.resolve("part-00001"), "old\n");
        Files.writeString(dir.resolve("part-00002"), "old\n");
        Files.writeString(dir.resolve("notes.txt"), "kept\n");

        runSink(Sinks.files(dir.toString()), 0, 1, List.of(List.of("new")));

        assertEquals(List.of("notes.txt", "part-00000"), listNames(dir));
        assertEquals("new\n", Files.readString(dir.resolve("part-00000")));
    }

    @Test
    void when_pathUnderARegularFile_then_factoryFailsNamingPathAndFix() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        String out = file.resolve("out").toString();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files(out));
        assertEquals("output directory '" + out + "' cannot be created: '" + file
                + "' is a file, not a directory: pass a path under a directory", e.getMessage());
    }

    @Test
    void when_pathIsARegularFile_then_factoryFails() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files(file.toString()));
        assertTrue(e.getMessage().contains("is a file, not a directory"), e.getMessage());
    }

    @Test
    void when_directoryBecomesAFileBeforeJobStarts_then_initFails() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        Files.writeString(out, "now a file");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runSink(sink, 0, 1, List.of(List.of("x"))));
        assertTrue(e.getMessage().startsWith("output directory '" + out + "' is a file"), e.getMessage());
    }

    @Test
    void when_directoryReadOnly_then_factoryFails() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        ro.toFile().setWritable(false, false);
        try {
            Assumptions.assumeFalse(Files.isWritable(ro), "running as root: every directory is writable");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files(ro.toString()));
            assertEquals("output directory '" + ro + "' is not writable: fix its permissions or pass a writable directory",
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Sinks.files(ro.resolve("sub").toString()));
        } finally {
            ro.toFile().setWritable(true, false);
        }
    }

    @Test
    void when_toStringFnNotSerializable_then_factoryFails() {
        Object notSerializable = new Object();
        assertThrows(IllegalArgumentException.class,
                () -> Sinks.files(dir.toString(), x -> x + notSerializable.toString()));
    }

    private static List<String> listNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
