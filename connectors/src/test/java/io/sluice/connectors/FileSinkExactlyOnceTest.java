package io.sluice.connectors;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.job.ProcessingGuarantee;
import io.sluice.engine.pipeline.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.sluice.connectors.TestProcessors.supplierOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file sink's two-phase commit under EXACTLY_ONCE, driven the way the runtime drives it:
 * process, snapshotCommitPrepare, saveToSnapshot, snapshotCommitFinish, and restore after a failure.
 */
@Timeout(60)
class FileSinkExactlyOnceTest {

    @TempDir
    Path dir;

    private static ProcessorContext context(int index, int total, ProcessingGuarantee guarantee) {
        return new ProcessorContext("test", "sink", index, index, total, 271, 1024).withProcessingGuarantee(guarantee);
    }

    private Processor start(Sink<?> sink, int index, int total) throws Exception {
        ProcessorContext ctx = context(index, total, ProcessingGuarantee.EXACTLY_ONCE);
        Processor p = supplierOf(sink).get(ctx);
        p.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
        return p;
    }

    /** prepare + save, as on a barrier; returns the saved state (through serialization). */
    private static List<Map.Entry<Object, Object>> snapshot(Processor p) throws Exception {
        assertTrue(p.snapshotCommitPrepare());
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
        assertTrue(p.snapshotCommitFinish(true), "the runtime commits the restored snapshot's output again");
    }

    private static void process(Processor p, String... lines) throws Exception {
        p.process(0, Batch.ofList(List.of((Object[]) lines)));
    }

    @Test
    void when_prepareThenCommit_then_outputVisibleOnlyAfterCommit() throws Exception {
        Path out = dir.resolve("out");
        Processor p = start(Sinks.files(out.toString()), 0, 1);
        process(p, "a", "b");
        assertEquals(List.of(), dataLines(out), "nothing visible before a commit");
        List<Map.Entry<Object, Object>> state = snapshot(p);
        assertEquals(1, state.size());
        assertTrue(state.get(0).getKey() instanceof SnapshotKeys.Local);
        assertEquals(List.of(), dataLines(out), "prepared is not committed");
        assertTrue(hiddenTemps(out) == 1, "one prepared temporary file");

        p.snapshotCommitFinish(true);
        assertEquals(List.of("a", "b"), dataLines(out));
        p.snapshotCommitFinish(true); // idempotent

        process(p, "c");
        assertTrue(p.complete());
        p.close();
        assertEquals(List.of("a", "b", "c"), dataLines(out), "the job's end commits the rest");
        assertEquals(0, hiddenTemps(out));
        assertEquals(List.of(".sluice-output", "part-00000-000000", "part-00000-000001"), names(out));
    }

    @Test
    void when_snapshotFails_then_preparedKeptForNextCommit() throws Exception {
        Path out = dir.resolve("out");
        Processor p = start(Sinks.files(out.toString()), 0, 1);
        process(p, "a");
        snapshot(p);
        p.snapshotCommitFinish(false);
        assertEquals(List.of(), dataLines(out));
        process(p, "b");
        snapshot(p);
        p.snapshotCommitFinish(true);
        assertEquals(List.of("a", "b"), dataLines(out));
        p.close();
    }

    @Test
    void when_failureAfterPrepareBeforeCommit_and_snapshotCommitted_then_restoreCommitsIt() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        Processor p = start(sink, 0, 1);
        process(p, "a", "b");
        snapshot(p);
        p.snapshotCommitFinish(true);
        process(p, "c", "d");
        List<Map.Entry<Object, Object>> committed = snapshot(p); // snapshot 2 commits in the journal...
        process(p, "e");                                        // ...output after it...
        p.close();                                              // ...and the process dies before the sink's commit

        Processor again = start(sink, 0, 1);
        restore(again, committed);
        assertEquals(List.of("a", "b", "c", "d"), dataLines(out), "the restored snapshot's output is committed");
        assertEquals(0, hiddenTemps(out), "the output after the snapshot is deleted: it will be replayed");
        process(again, "e", "f");                                // the replay
        assertTrue(again.complete());
        again.close();
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), dataLines(out), "each line once");
        assertEquals(0, hiddenTemps(out));
    }

    @Test
    void when_failureAfterPrepareBeforeCommit_and_snapshotNotCommitted_then_restoreFromPreviousDropsIt() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        Processor p = start(sink, 0, 1);
        process(p, "a", "b");
        List<Map.Entry<Object, Object>> first = snapshot(p);
        p.snapshotCommitFinish(true);
        process(p, "c", "d");
        snapshot(p);        // prepared, but snapshot 2 never commits
        process(p, "e");
        p.close();

        Processor again = start(sink, 0, 1);
        restore(again, first);
        assertEquals(List.of("a", "b"), dataLines(out));
        assertEquals(0, hiddenTemps(out));
        process(again, "c", "d"); // replay from snapshot 1
        List<Map.Entry<Object, Object>> second = snapshot(again);
        again.snapshotCommitFinish(true);
        process(again, "e", "f");
        assertTrue(again.complete());
        again.close();
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), dataLines(out), "no duplicates, nothing lost");
        assertEquals(0, hiddenTemps(out), "no leftovers");
        assertEquals(1, second.size());
    }

    @Test
    void when_restoredTwiceFromSameSnapshot_then_namesDoNotCollide() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        Processor p = start(sink, 0, 1);
        process(p, "a");
        List<Map.Entry<Object, Object>> s1 = snapshot(p);
        p.snapshotCommitFinish(true);
        p.close();
        for (String line : List.of("b", "c")) {
            Processor r = start(sink, 0, 1);
            restore(r, s1);
            process(r, line);
            snapshot(r);
            r.snapshotCommitFinish(true); // committed, but the job later restarts from s1 again (a test of naming only)
            r.close();
        }
        assertEquals(List.of("a", "b", "c"), dataLines(out), "the second restart did not overwrite the first's part");
    }

    @Test
    void when_freshRun_then_earlierExactlyOnceOutputReplaced() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        for (int i = 0; i < 2; i++) {
            Processor p = start(sink, i, 2);
            process(p, "old" + i);
            assertTrue(p.complete());
            p.close();
        }
        Processor p = start(sink, 0, 1);
        process(p, "new");
        assertTrue(p.complete());
        p.close();
        assertEquals(List.of("new"), dataLines(out));
    }

    @Test
    void when_twoInstancesRestoredIntoOne_then_bothCommittedAndTempsOfBothDeleted() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Processor p = start(sink, i, 2);
            process(p, "x" + i);
            state.addAll(snapshot(p));
            process(p, "after" + i);
            p.close();
        }
        Processor one = start(sink, 0, 1);
        restore(one, state);
        assertTrue(one.complete());
        one.close();
        assertEquals(List.of("x0", "x1"), dataLines(out));
        assertEquals(0, hiddenTemps(out));
    }

    @Test
    void when_temporaryFilesInDirectory_then_filesSourceSkipsThem() throws Exception {
        Path out = dir.resolve("out");
        Processor p = start(Sinks.files(out.toString()), 0, 1);
        process(p, "pending");
        snapshot(p);
        assertEquals(1, hiddenTemps(out));
        assertEquals(List.of(), TestProcessors.drain(Sources.files(out.toString()), 0, 1));
        p.close();
    }

    @Test
    void when_atLeastOnce_then_onePartFileFlushedOnPrepare() throws Exception {
        Path out = dir.resolve("out");
        ProcessorContext ctx = context(0, 1, ProcessingGuarantee.AT_LEAST_ONCE);
        Processor p = supplierOf(Sinks.files(out.toString())).get(ctx);
        p.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
        process(p, "a");
        assertTrue(p.snapshotCommitPrepare());
        assertEquals("a\n", Files.readString(out.resolve("part-00000")));
        p.close();
    }

    @Test
    void when_atLeastOnceRestored_then_partFileAppendedNotReplaced() throws Exception {
        Path out = dir.resolve("out");
        Sink<Object> sink = Sinks.files(out.toString());
        ProcessorContext ctx = context(0, 1, ProcessingGuarantee.AT_LEAST_ONCE);
        Processor p = supplierOf(sink).get(ctx);
        p.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
        process(p, "a");
        List<Map.Entry<Object, Object>> state = snapshot(p);
        assertEquals(List.of(), state, "a plain part file has no state");
        process(p, "b");
        p.close(); // a failure

        Processor again = supplierOf(sink).get(ctx);
        again.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
        restore(again, state);
        process(again, "b", "c"); // the replay after the snapshot
        assertTrue(again.complete());
        again.close();
        assertEquals("a\nb\nb\nc\n", Files.readString(out.resolve("part-00000")), "nothing lost, b repeated");

        Processor fresh = supplierOf(sink).get(ctx); // a new run replaces the part file
        fresh.init(new TestProcessors.TestOutbox(Integer.MAX_VALUE), ctx);
        process(fresh, "x");
        assertTrue(fresh.complete());
        fresh.close();
        assertEquals("x\n", Files.readString(out.resolve("part-00000")));
    }

    /** The lines of the committed part files, sorted. */
    private static List<String> dataLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    private static long hiddenTemps(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private static List<String> names(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
