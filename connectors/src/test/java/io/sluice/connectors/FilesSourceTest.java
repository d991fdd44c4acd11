package io.sluice.connectors;

import io.sluice.connectors.TestProcessors.TestOutbox;
import io.sluice.connectors.impl.FileLinesP;
import io.sluice.engine.core.Processor;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.pipeline.BatchSource;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.sluice.connectors.TestProcessors.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FilesSourceTest {

    @TempDir
    Path dir;

    @Test
    void when_nestedFolders_then_allLinesOfAllFilesInPathOrder() throws Exception {
        write("b.txt", "b1\nb2\n");
        write("a.txt", "a1\na2");
        write("sub/c.txt", "c1\n");
        write("sub/deeper/d.txt", "d1\r\nd2\r\n");
        write("empty.txt", "");

        List<Object> lines = drain(Sources.files(dir.toString()), 0, 1);

        // sorted relative paths: a.txt, b.txt, empty.txt, sub/c.txt, sub/deeper/d.txt
        assertEquals(List.of("a1", "a2", "b1", "b2", "c1", "d1", "d2"), lines);
    }

    @Test
    void when_unicodeAndLineEndings_then_linesAsReadLineSplitsThem() throws Exception {
        write("u.txt", "Grüße, 世界!\r\n😀 émoji\rlast without newline");

        assertEquals(List.of("Grüße, 世界!", "😀 émoji", "last without newline"), drain(Sources.files(dir.toString()), 0, 1));
    }

    @Test
    void when_twoInstances_then_filesSplitWithNoOverlapAndNoLoss() throws Exception {
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            StringBuilder content = new StringBuilder();
            for (int l = 0; l < 100; l++) {
                String line = "file" + f + "-line" + l;
                content.append(line).append('\n');
                expected.add(line);
            }
            write((f % 2 == 0 ? "even/" : "odd/x/") + "f" + f + ".txt", content.toString());
        }
        BatchSource<String> source = Sources.files(dir.toString());

        List<Object> first = drain(source, 0, 2);
        List<Object> second = drain(source, 1, 2);

        Set<Object> overlap = new HashSet<>(first);
        overlap.retainAll(second);
        assertEquals(Set.of(), overlap);
        List<Object> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(expected.size(), all.size());
        assertEquals(new HashSet<>(expected), new HashSet<>(all));
        // whole files per instance: 4 files (k = 0, 2, 4, 6) and 3 files
        assertEquals(400, first.size());
        assertEquals(300, second.size());
    }

    @Test
    void when_fileSplit_then_fileKGoesToInstanceKModN() throws Exception {
        for (int f = 0; f < 5; f++) {
            write("f" + f + ".txt", "x\n");
        }
        List<List<Path>> assigned = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FileLinesP p = (FileLinesP) TestProcessors.initSource(Sources.files(dir.toString()), new TestOutbox(10), i, 3, 10);
            assigned.add(p.files());
            p.close();
        }
        assertEquals(List.of(dir.resolve("f0.txt"), dir.resolve("f3.txt")), assigned.get(0));
        assertEquals(List.of(dir.resolve("f1.txt"), dir.resolve("f4.txt")), assigned.get(1));
        assertEquals(List.of(dir.resolve("f2.txt")), assigned.get(2));
    }

    @Test
    void when_moreInstancesThanFiles_then_idleInstancesCompleteEmpty() throws Exception {
        write("only.txt", "one\n");
        assertEquals(List.of(), drain(Sources.files(dir.toString()), 3, 4));
        assertEquals(List.of("one"), drain(Sources.files(dir.toString()), 0, 4));
    }

    @Test
    void when_emptyDirectory_then_noLines() throws Exception {
        assertEquals(List.of(), drain(Sources.files(dir.toString()), 0, 1));
    }

    @Test
    void when_glob_then_onlyMatchingFileNames() throws Exception {
        write("a.txt", "a\n");
        write("b.csv", "b\n");
        write("sub/c.txt", "c\n");
        BatchSource<String> source = Sources.filesBuilder(dir.toString()).glob("*.txt").build();
        assertEquals(List.of("a", "c"), drain(source, 0, 1));
    }

    @Test
    void when_charsetSet_then_filesDecodedWithIt() throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("latin1.txt"), "Grüße\n".getBytes(StandardCharsets.ISO_8859_1));
        BatchSource<String> source = Sources.filesBuilder(dir.toString()).charset(StandardCharsets.ISO_8859_1).build();
        assertEquals(List.of("Grüße"), drain(source, 0, 1));
    }

    @Test
    void when_binaryFile_then_failsNamingTheFileTheOffsetAndTheFix() throws Exception {
        write("a.txt", "fine\n");
        Path binary = dir.resolve("tool.bin");
        Files.write(binary, new byte[]{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});

        IOException e = assertThrows(IOException.class, () -> drain(Sources.files(dir.toString()), 0, 1));

        assertEquals("file '" + binary + "' is not UTF-8 text: NUL byte (text files have none: a binary file?) at byte"
                + " offset 7: read it with its charset (Sources.filesBuilder(dir).charset(..); --charset in the samples),"
                + " have bad bytes replaced with U+FFFD (onBadBytes(BadBytesPolicy.REPLACE); --on-bad-bytes replace),"
                + " or leave the file out (glob(..))", e.getMessage());
    }

    @Test
    void when_latin1FileReadAsUtf8_then_failsAtTheFirstNonUtf8Byte() throws Exception {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "un caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        IOException e = assertThrows(IOException.class, () -> drain(Sources.files(dir.toString()), 0, 1));

        assertTrue(e.getMessage().startsWith("file '" + latin1 + "' is not UTF-8 text: malformed input (0xe9) at byte"
                + " offset 6: read it with its charset"), e.getMessage());
    }

    @Test
    void when_replace_then_badBytesBecomeU_FFFD_countedAndLoggedPerFile() throws Exception {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9 cr\u00e8me\n".getBytes(StandardCharsets.ISO_8859_1));
        write("utf8.txt", "caf\u00e9\n");
        BatchSource<String> source = Sources.filesBuilder(dir.toString()).onBadBytes(BadBytesPolicy.REPLACE).build();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(FileLinesP.class);
        logger.addAppender(log);
        try {
            TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
            FileLinesP p = (FileLinesP) TestProcessors.initSource(source, outbox, 0, 1, 1024);
            while (!p.complete()) {
                Thread.onSpinWait();
            }
            p.close();

            assertEquals(List.of("caf\uFFFD cr\uFFFDme", "caf\u00e9"), outbox.items);
            assertEquals(2, p.replacedCount());
            assertEquals(List.of("file '" + latin1 + "': replaced 2 bad byte sequences with U+FFFD (not valid UTF-8;"
                    + " the first at byte offset 3)"), log.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void when_manyLines_then_atMostBatchSizePerCallAndOutboxLimitRespected() throws Exception {
        write("big.txt", "line\n".repeat(2500));
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        Processor p = TestProcessors.initSource(Sources.files(dir.toString()), outbox, 0, 1, 1000);
        assertFalse(p.complete());
        assertEquals(1000, outbox.items.size());
        assertFalse(p.complete());
        assertEquals(2000, outbox.items.size());
        assertTrue(p.complete());
        assertEquals(2500, outbox.items.size());
        p.close();

        TestOutbox limited = new TestOutbox(7);
        Processor q = TestProcessors.initSource(Sources.files(dir.toString()), limited, 0, 1, 1000);
        assertFalse(q.complete());
        assertEquals(7, limited.items.size());
        assertFalse(q.complete()); // still at the limit: emits nothing
        assertEquals(7, limited.items.size());
        limited.reset();
        assertFalse(q.complete());
        assertEquals(14, limited.items.size());
        q.close();
    }

    @Test
    void when_inputIsAFileSinksOutput_then_itsManifestIsNotRead() throws Exception {
        TestProcessors.runSink(Sinks.files(dir.toString()), 0, 1, List.of(List.of("a", "b")));

        assertEquals(List.of("a", "b"), drain(Sources.files(dir.toString()), 0, 1));
    }

    @Test
    void when_emptyPath_then_factoryFailsInsteadOfReadingTheCurrentDirectory() {
        for (String empty : new String[]{"", " "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.files(empty));
            assertEquals("input directory must not be empty: pass a directory path, for example 'books/'", e.getMessage());
        }
    }

    @Test
    void when_directoryMissing_then_factoryFailsNamingPathAndFix() {
        String missing = dir.resolve("nope").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.files(missing));
        assertEquals("input directory '" + missing + "' does not exist: pass an existing directory", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sources.filesBuilder(missing).glob("*.txt").build());
    }

    @Test
    void when_pathIsAFile_then_factoryFails() throws Exception {
        Path file = write("f.txt", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.files(file.toString()));
        assertTrue(e.getMessage().contains("'" + file + "' is not a directory"), e.getMessage());
    }

    @Test
    void when_directoryDeletedBeforeJobStarts_then_initFailsWithSameMessage() throws Exception {
        Path input = dir.resolve("input");
        Files.createDirectories(input);
        BatchSource<String> source = Sources.files(input.toString());
        Files.delete(input);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestProcessors.initSource(source, new TestOutbox(10), 0, 1, 10));
        assertEquals("input directory '" + input + "' does not exist: pass an existing directory", e.getMessage());
    }

    @Test
    void when_fileVanishesBeforeItIsRead_then_failureNamesTheFile() throws Exception {
        write("a.txt", "a\n");
        Path b = write("b.txt", "b\n");
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        Processor p = TestProcessors.initSource(Sources.files(dir.toString()), outbox, 0, 1, 1);
        assertFalse(p.complete());
        Files.delete(b);

        IOException e = assertThrows(IOException.class, () -> {
            while (!p.complete()) {
                Thread.onSpinWait();
            }
        });
        assertTrue(e.getMessage().startsWith("cannot read file '" + b + "'"), e.getMessage());
        p.close();
    }

    @Test
    void when_fileUnreadable_then_failureNamesTheFile() throws Exception {
        Path secret = write("secret.txt", "x\n");
        secret.toFile().setReadable(false, false);
        try {
            // root reads anything: then there is nothing to test here
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(secret), "running as root");
            IOException e = assertThrows(IOException.class, () -> drain(Sources.files(dir.toString()), 0, 1));
            assertTrue(e.getMessage().startsWith("cannot read file '" + secret + "': permission denied"), e.getMessage());
        } finally {
            secret.toFile().setReadable(true, false);
        }
    }

    @Test
    void when_sourceCreated_then_distributedOnePerCore() {
        SourceImpl<?> source = (SourceImpl<?>) Sources.files(dir.toString());
        assertEquals(-1, source.preferredLocalParallelism());
        assertFalse(source.streaming());
    }

    @Test
    void when_largeFiles_then_everyLineOnceInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            String line = "line " + i + " " + "ü".repeat(i % 7);
            expected.add(line);
            sb.append(line).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        write("large.txt", sb.toString());
        assertEquals(expected, drain(Sources.files(dir.toString()), 0, 1));
        assertEquals(Collections.emptyList(), drain(Sources.files(dir.toString()), 1, 2));
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
