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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

        assertEquals(List.of(".sluice-output", "part-00000", "part-00001"), listNames(out));
        assertEquals("a\nb\n1\n2\n", Files.readString(out.resolve("part-00000"), StandardCharsets.UTF_8));
        assertEquals("ü 😀\n", Files.readString(out.resolve("part-00001"), StandardCharsets.UTF_8));
        assertEquals(-1, ((SinkImpl<?>) sink).preferredLocalParallelism());
    }

    /**
     * At least once and at most once, a restored sink appends to its part file; a line the killed
     * process wrote only in part is cut first, so no torn line stays in the output.
     */
    @Test
    void when_restoredAfterATornLine_then_theTornLineIsCutAndOutputAppended() throws Exception {
        Sink<Object> sink = Sinks.files(dir.toString());
        runSink(sink, 0, 1, List.of(List.of("a", "b")));
        Files.writeString(dir.resolve("part-00000"), "half a li", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        io.sluice.engine.core.ProcessorContext ctx = TestProcessors.context(0, 1, 1024);
        io.sluice.engine.core.Processor p = TestProcessors.supplierOf(sink).get(ctx);
        try {
            p.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
            p.finishSnapshotRestore(); // restored from a snapshot without state of its own
            p.process(0, io.sluice.engine.core.Batch.ofList(List.of("c")));
            while (!p.complete()) {
                Thread.onSpinWait();
            }
        } finally {
            p.close();
        }
        assertEquals("a\nb\nc\n", Files.readString(dir.resolve("part-00000"), StandardCharsets.UTF_8));
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
    void when_rerunIntoItsOwnOutput_then_partsReplacedAndItsStalePartsDeleted() throws Exception {
        Path out = dir.resolve("out");
        for (int i = 0; i < 4; i++) {
            runSink(Sinks.files(out.toString()), i, 4, List.of(List.of("old" + i)));
        }
        Files.writeString(out.resolve("notes.txt"), "kept\n");
        Files.writeString(out.resolve("part-00009"), "the user's, not the sink's\n");

        Sink<Object> again = Sinks.files(out.toString()); // its own output: no overwrite needed
        runSink(again, 0, 2, List.of(List.of("new0")));
        runSink(again, 1, 2, List.of(List.of("new1")));

        assertEquals(List.of(".sluice-output", "notes.txt", "part-00000", "part-00001", "part-00009"), listNames(out));
        assertEquals("new0\n", Files.readString(out.resolve("part-00000")));
        assertEquals("new1\n", Files.readString(out.resolve("part-00001")));
        assertEquals("the user's, not the sink's\n", Files.readString(out.resolve("part-00009")));
    }

    @Test
    void when_directoryHoldsFilesTheSinkDidNotWrite_then_factoryRefusesAndDeletesNothing() throws Exception {
        Files.writeString(dir.resolve("part-00007"), "someone else's\n");
        Files.writeString(dir.resolve("notes.txt"), "kept\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files(dir.toString()));

        assertEquals("output directory '" + dir + "' is not empty and holds no output of a Sluice file sink (it has no"
                + " .sluice-output manifest): pass a new or empty directory, or set overwrite to write into it anyway"
                + " (Sinks.filesBuilder(dir).overwrite(true); --overwrite in the samples)", e.getMessage());
        assertEquals(List.of("notes.txt", "part-00007"), listNames(dir));
    }

    @Test
    void when_overwrite_then_writesIntoAForeignDirectoryButDeletesNothingItDidNotWrite() throws Exception {
        Files.writeString(dir.resolve("part-00007"), "someone else's\n");
        Files.writeString(dir.resolve("notes.txt"), "kept\n");
        Sink<Object> sink = Sinks.filesBuilder(dir.toString()).overwrite(true).build();

        runSink(sink, 0, 2, List.of(List.of("a")));
        runSink(sink, 1, 2, List.of(List.of("b")));

        assertEquals(List.of(".sluice-output", "notes.txt", "part-00000", "part-00001", "part-00007"), listNames(dir));
        assertEquals("someone else's\n", Files.readString(dir.resolve("part-00007")));
        // from now on the directory is the sink's own output: a run without overwrite is fine
        runSink(Sinks.files(dir.toString()), 0, 1, List.of(List.of("c")));
        assertEquals(List.of(".sluice-output", "notes.txt", "part-00000", "part-00007"), listNames(dir));
    }

    @Test
    void when_foreignFilesAppearBetweenBuildAndRun_then_jobStartRefusesNamingTheDirectory() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        Files.createDirectories(out);
        Files.writeString(out.resolve("part-00003"), "someone else's\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runSink(sink, 0, 1, List.of(List.of("x"))));
        assertTrue(e.getMessage().startsWith("output directory '" + out + "' is not empty and holds no output of a"
                + " Sluice file sink"), e.getMessage());
        assertEquals(List.of("part-00003"), listNames(out));
    }

    @Test
    void when_partFileInItsOwnDirectoryWasNotWrittenByIt_then_refusedUnlessOverwrite() throws Exception {
        runSink(Sinks.files(dir.toString()), 0, 1, List.of(List.of("mine")));
        Files.writeString(dir.resolve("part-00001"), "someone else's\n");
        Sink<Object> sink = Sinks.files(dir.toString());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runSink(sink, 1, 2, List.of(List.of("x"))));
        assertEquals("output file '" + dir.resolve("part-00001") + "' exists but was not written by a Sluice file sink"
                + " (it is not listed in .sluice-output): move it away, or set overwrite to replace it"
                + " (Sinks.filesBuilder(dir).overwrite(true); --overwrite in the samples)", e.getMessage());
        assertEquals("someone else's\n", Files.readString(dir.resolve("part-00001")));

        runSink(Sinks.filesBuilder(dir.toString()).overwrite(true).build(), 1, 2, List.of(List.of("x")));
        assertEquals("x\n", Files.readString(dir.resolve("part-00001")));
    }

    @Test
    void when_manyInstancesStartTogether_then_everyPartIsRecordedAndALaterSmallerRunRemovesThem() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        int n = 8;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    runSink(sink, index, n, List.of(List.of("p" + index)));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(n + 1, listNames(out).size());

        runSink(Sinks.files(out.toString()), 0, 1, List.of(List.of("only")));

        assertEquals(List.of(".sluice-output", "part-00000"), listNames(out));
    }

    @Test
    void when_emptyPath_then_factoryFailsInsteadOfUsingTheCurrentDirectory() {
        for (String empty : new String[]{"", "  "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files(empty));
            assertEquals("output directory must not be empty: pass a directory path, for example 'out/'", e.getMessage());
        }
    }

    @Test
    void when_directoryCannotBeCreatedEvenByRoot_then_factoryFails() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sinks.files("/proc/x"));
        assertTrue(e.getMessage().startsWith("output directory '/proc/x' cannot be created ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): pass a directory on a writable file system"), e.getMessage());
    }

    @Test
    void when_factoryChecksANewDirectory_then_itLeavesNothingBehind() throws Exception {
        Sinks.files(dir.resolve("a/b/c").toString());
        assertEquals(List.of(), listNames(dir));
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
