package io.sluice.connectors;

import io.sluice.connectors.TestProcessors.TestOutbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.test.TestSupport;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sluice.connectors.TestProcessors.drain;
import static io.sluice.connectors.TestProcessors.initSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The files source saves the files left and the position in the current one, and resumes there. */
@Timeout(60)
class FilesSourceSnapshotTest {

    @TempDir
    Path dir;

    private void write(String name, String content, Charset charset) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(charset));
    }

    private void writeFiles(Charset charset) throws Exception {
        write("a.txt", "a1\r\na2\r\n\r\na4", charset);   // CRLF: a snapshot between '\r' and '\n' must not add a line
        write("b.txt", "b1\rb2\nb3\n", charset);
        write("c/empty.txt", "", charset);
        write("c/d.txt", "Grüße 😀\nd2\n", charset);
    }

    @Test
    void when_snapshotAtEveryLine_then_restoredInstanceEmitsTheRestExactly() throws Exception {
        for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16)) { // byte offsets; lines
            Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
            writeFiles(charset);
            BatchSource<String> source = Sources.filesBuilder(dir.toString()).charset(charset).build();
            for (int total = 1; total <= 2; total++) {
                for (int index = 0; index < total; index++) {
                    List<Object> all = drain(source, index, total);
                    for (int cut = 0; cut <= all.size(); cut++) {
                        List<Object> out = readWithRestoreAt(source, index, total, cut);
                        assertEquals(all, out, charset + ", instance " + index + "/" + total + ", snapshot after "
                                + cut + " lines");
                    }
                }
            }
        }
    }

    /** Emits {@code cut} lines one at a time, snapshots, restores into a fresh instance and drains it. */
    private static List<Object> readWithRestoreAt(BatchSource<?> source, int index, int total, int cut) throws Exception {
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        Processor p = initSource(source, outbox, index, total, 1);
        while (outbox.items.size() < cut) {
            assertTrue(!p.complete() || outbox.items.size() >= cut, "completed early");
        }
        List<Map.Entry<Object, Object>> state = save(p);
        p.close();
        Processor q = initSource(source, outbox, index, total, 1);
        restore(q, state);
        drainInto(q);
        return outbox.items;
    }

    @Test
    void when_twoInstancesRestoredIntoOne_then_itReadsWhatBothHadLeft() throws Exception {
        writeFiles(StandardCharsets.UTF_8);
        write("e.txt", "e1\ne2\ne3\n", StandardCharsets.UTF_8);
        BatchSource<String> source = Sources.files(dir.toString());
        List<Object> expected = new ArrayList<>(drain(source, 0, 1));
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Processor p = initSource(source, outbox, i, 2, 1);
            p.complete();
            p.complete();
            state.addAll(save(p));
            p.close();
        }
        assertTrue(state.stream().allMatch(e -> e.getKey() instanceof SnapshotKeys.Local));
        Processor one = initSource(source, outbox, 0, 1, 1);
        restore(one, state);
        // and once more, part-way: the merged instance saves one segment per restored position
        one.complete();
        List<Map.Entry<Object, Object>> again = save(one);
        one.close();
        Processor last = initSource(source, outbox, 0, 1, 3);
        restore(last, again);
        drainInto(last);
        List<Object> actual = new ArrayList<>(outbox.items);
        actual.sort(null);
        expected.sort(null);
        assertEquals(expected, actual, "every line once");
    }

    @Test
    void when_instanceGetsNoState_then_readsNothing() throws Exception {
        writeFiles(StandardCharsets.UTF_8);
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        Processor p = initSource(Sources.files(dir.toString()), outbox, 1, 2, 1);
        restore(p, List.of());
        drainInto(p);
        assertEquals(List.of(), outbox.items);
    }

    @Test
    void when_verifiedWithTestSupport_then_sameLinesWithSnapshotAndRestore() throws Exception {
        writeFiles(StandardCharsets.UTF_8);
        List<Object> lines = drain(Sources.files(dir.toString()), 0, 1);
        TestSupport.verifyProcessor(((SourceImpl<?>) Sources.files(dir.toString())).supplier())
                   .expectOutput(lines)
                   .verify();
    }

    private static List<Map.Entry<Object, Object>> save(Processor p) throws Exception {
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        assertTrue(p.saveToSnapshot((k, v) -> state.add(Map.entry(Util.roundTrip((Serializable) k),
                Util.roundTrip((Serializable) v)))));
        return state;
    }

    private static void restore(Processor p, List<Map.Entry<Object, Object>> state) throws Exception {
        for (Map.Entry<Object, Object> e : state) {
            p.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        p.finishSnapshotRestore();
    }

    private static void drainInto(Processor p) throws Exception {
        for (int i = 0; i < 100_000; i++) {
            if (p.complete()) {
                p.close();
                return;
            }
        }
        throw new AssertionError("the source did not complete");
    }
}
