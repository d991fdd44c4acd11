package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Barrier;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.EdgeItem;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.job.ProcessingGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The driver's snapshot protocol: barrier alignment, source snapshots, retried steps, commit and restore. */
@Timeout(10)
class SnapshotDriverTest {

    /** Forwards items, counts them as its state, records every call; prepare/save/commit/watermark refuse a given number of times. */
    static final class Counting implements Processor {
        final List<String> calls = new ArrayList<>();
        Outbox outbox;
        long count;
        int prepareRefusals;
        int saveRefusals;
        int commitRefusals;
        int watermarkRefusals;
        /** For a source: items emitted per complete() call, and how many calls until done. */
        int sourceCalls = Integer.MAX_VALUE;

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            calls.add("process" + ordinal + ":" + List.copyOf(batch));
            for (Object o : batch) {
                outbox.add(o);
                count++;
            }
        }

        @Override
        public boolean tryProcessWatermark(long timestamp) {
            calls.add("wm:" + timestamp);
            return watermarkRefusals-- <= 0;
        }

        @Override
        public boolean complete() {
            calls.add("complete");
            if (--sourceCalls < 0) {
                return true;
            }
            outbox.add("s" + count++);
            return false;
        }

        @Override
        public boolean snapshotCommitPrepare() {
            calls.add("prepare");
            return prepareRefusals-- <= 0;
        }

        @Override
        public boolean saveToSnapshot(SnapshotOutbox snapshot) {
            calls.add("save");
            if (saveRefusals-- > 0) {
                return false;
            }
            snapshot.save("count", count);
            return true;
        }

        @Override
        public boolean snapshotCommitFinish(boolean success) {
            calls.add("commit:" + success);
            return commitRefusals-- <= 0;
        }

        @Override
        public void restoreFromSnapshot(Object key, Object value) {
            calls.add("restore:" + key + "=" + value);
            count += (Long) value;
        }

        @Override
        public void finishSnapshotRestore() {
            calls.add("finishRestore");
        }
    }

    /** Records what the driver saves. */
    static final class Listener implements SnapshotListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void save(long snapshotId, Object key, Object value) {
            events.add("save" + snapshotId + ":" + key + "=" + value);
        }

        @Override
        public void saved(long snapshotId) {
            events.add("saved" + snapshotId);
        }

        @Override
        public void commitFinished(long snapshotId) {
            events.add("committed" + snapshotId);
        }
    }

    /** A driver for vertex "mid" with {@code inputs} input edges (or a source when 0) and one consumer. */
    private static ProcessorDriver driver(int inputs, Processor p, ProcessingGuarantee g, Listener listener) throws Exception {
        Dag dag = new Dag();
        Vertex mid = dag.newVertex("mid", ctx -> new Counting()).localParallelism(1);
        for (int i = 0; i < inputs; i++) {
            Vertex src = dag.newVertex("src" + i, ctx -> new Counting()).localParallelism(1);
            dag.edge(Edge.from(src).to(mid, i));
        }
        Vertex sink = dag.newVertex("sink", ctx -> new Counting()).localParallelism(1);
        dag.edge(Edge.between(mid, sink));
        ExecutionPlan plan = ExecutionPlan.of(dag, 1);
        ExecutionPlan.VertexPlan vp = plan.vertexPlan(dag.vertex("mid"));
        ProcessorDriver d = new ProcessorDriver(p, ProcessorContext.single("mid"), vp.inlets(0), vp.outlets(0),
                plan::edge, 100, 0);
        d.enableSnapshots(g, listener);
        d.init();
        return d;
    }

    private static List<EdgeItem> drain(ProcessorDriver d) {
        List<EdgeItem> out = new ArrayList<>();
        EdgeItem item;
        while ((item = d.pollOutput(0)) != null) {
            out.add(item);
        }
        return out;
    }

    @Test
    void when_exactlyOnce_then_inletThatDeliveredBarrierWaitsUntilAllDelivered() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(3, p, ProcessingGuarantee.EXACTLY_ONCE, l);

        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(1), 0);
        assertFalse(d.wantsInput(0), "inlet 0 delivered the barrier: held");
        assertTrue(d.wantsInput(1));
        assertTrue(d.wantsInput(2));
        assertTrue(d.isSnapshotInProgress());
        d.onItem(1, Batch.of("b"), 0);
        d.onItem(1, new Barrier(1), 0);
        assertFalse(d.wantsInput(1));
        assertEquals(List.of(), l.events, "no snapshot before the barrier arrived on every inlet");
        d.onItem(2, Batch.of("c"), 0);
        d.onItem(2, new Barrier(1), 0);

        assertEquals(List.of("save1:count=3", "saved1"), l.events);
        assertFalse(d.isSnapshotInProgress());
        assertTrue(d.wantsInput(0) && d.wantsInput(1) && d.wantsInput(2), "all inlets released");
        d.onItem(0, Batch.of("d"), 0);
        d.flushAll();
        assertEquals(List.of(Batch.of("a", "b", "c"), new Barrier(1), Batch.of("d")), drain(d),
                "the barrier follows everything emitted before it");
    }

    @Test
    void when_exactlyOnce_and_inletCompletes_then_itCountsAsDelivered() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(3, p, ProcessingGuarantee.EXACTLY_ONCE, l);

        d.onInletComplete(2, 0); // completed before the barrier came
        d.onItem(0, new Barrier(7), 0);
        assertEquals(List.of(), l.events);
        d.onItem(1, Batch.of("x"), 0);
        d.onInletComplete(1, 0); // completes while inlet 0 waits: finishes the alignment
        assertEquals(List.of("save7:count=1", "saved7"), l.events);
        assertTrue(d.wantsInput(0));
        assertEquals(List.of("process1:[x]", "prepare", "save"), p.calls.subList(0, 3));
        assertTrue(p.calls.indexOf("completeEdge") < 0, "Counting has default completeEdge");
    }

    @Test
    void when_atLeastOnce_then_snapshotAtLastBarrierAndNoInletWaits() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(3, p, ProcessingGuarantee.AT_LEAST_ONCE, l);

        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(1), 0);
        assertTrue(d.wantsInput(0), "nothing waits");
        assertTrue(d.isSnapshotInProgress());
        d.onItem(0, Batch.of("after"), 0); // after the barrier, in the state: a restore may repeat it
        d.onInletComplete(2, 0);
        d.onItem(1, Batch.of("b"), 0);
        assertEquals(List.of(), l.events);
        d.onItem(1, new Barrier(1), 0);
        assertEquals(List.of("save1:count=3", "saved1"), l.events, "taken when the barrier arrived on every open inlet");
        d.flushAll();
        assertEquals(List.of(Batch.of("a", "after", "b"), new Barrier(1)), drain(d));
    }

    @Test
    void when_atMostOnce_then_firstBarrierTriggersSnapshotAndLaterCopiesAreDropped() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(2, p, ProcessingGuarantee.AT_MOST_ONCE, l);

        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(1), 0);
        assertEquals(List.of("save1:count=1", "saved1"), l.events, "taken at once");
        assertTrue(d.wantsInput(0), "nothing waits");
        assertTrue(d.wantsInput(1));
        d.onItem(1, Batch.of("b"), 0);
        d.onItem(1, new Barrier(1), 0); // the copy on the other inlet
        d.snapshotCommitted(1, true);
        d.onItem(0, Batch.of("c"), 0);
        d.onItem(0, new Barrier(2), 0);
        d.onItem(1, new Barrier(2), 0);
        assertEquals(List.of("save1:count=1", "saved1", "committed1", "save2:count=3", "saved2"), l.events);
        d.flushAll();
        assertEquals(List.of(Batch.of("a"), new Barrier(1), Batch.of("b", "c"), new Barrier(2)), drain(d));
    }

    @Test
    void when_guaranteeNone_then_barrierIsAnError() throws Exception {
        ProcessorDriver d = driver(1, new Counting(), ProcessingGuarantee.NONE, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.onItem(0, new Barrier(1), 0));
        assertTrue(e.getMessage().contains("processing guarantee NONE"), e.getMessage());
    }

    @Test
    void when_barrierIdsDoNotMatchWhileAligning_then_error() throws Exception {
        ProcessorDriver d = driver(2, new Counting(), ProcessingGuarantee.EXACTLY_ONCE, new Listener());
        d.onItem(0, new Barrier(1), 0);
        assertThrows(IllegalStateException.class, () -> d.onItem(1, new Barrier(2), 0));
    }

    @Test
    void when_sourceAskedForSnapshot_then_takenAtNextCallBetweenCompleteCalls() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(0, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        d.runPending();
        d.runPending();
        d.requestSnapshot(4);
        assertTrue(d.isSnapshotInProgress());
        assertEquals(List.of(), l.events, "not inside the request");
        d.runPending();
        assertEquals(List.of("complete", "complete", "prepare", "save", "complete"), p.calls);
        assertEquals(List.of("save4:count=2", "saved4"), l.events);
        d.flushAll();
        assertEquals(List.of(Batch.of("s0", "s1"), new Barrier(4), Batch.of("s2")), drain(d));
        d.requestSnapshot(4); // again: ignored
        d.runPending();
        assertEquals(2, l.events.size());
    }

    @Test
    void when_sourceTicks_then_requestedSnapshotIsTakenWithoutCallingComplete() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(0, p, ProcessingGuarantee.AT_LEAST_ONCE, l);
        d.requestSnapshot(1);
        d.tick(0);
        assertEquals(List.of("save1:count=0", "saved1"), l.events);
        assertFalse(p.calls.contains("complete"));
    }

    @Test
    void when_sourceIsDone_then_snapshotRequestIsIgnored() throws Exception {
        Counting p = new Counting();
        p.sourceCalls = 0;
        Listener l = new Listener();
        ProcessorDriver d = driver(0, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        d.runPending();
        assertTrue(d.isProcessorDone());
        d.requestSnapshot(1);
        d.runPending();
        d.tick(0);
        assertEquals(List.of(), l.events);
        assertFalse(d.isSnapshotInProgress());
        assertThrows(IllegalStateException.class, () -> driver(1, new Counting(), ProcessingGuarantee.EXACTLY_ONCE, l)
                .requestSnapshot(1), "only sources are asked");
    }

    @Test
    void when_prepareAndSaveRefuse_then_retriedWithoutTakingInput() throws Exception {
        Counting p = new Counting();
        p.prepareRefusals = 2;
        p.saveRefusals = 1;
        Listener l = new Listener();
        ProcessorDriver d = driver(2, p, ProcessingGuarantee.AT_MOST_ONCE, l);

        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(1), 0);
        assertEquals(DriverState.SNAPSHOT_PREPARE, d.state());
        assertFalse(d.wantsInput(0));
        assertFalse(d.wantsInput(1));
        // inlet 1 was pulled before: its item waits until the snapshot is taken
        d.onItem(1, Batch.of("late"), 0);
        d.runPending();
        assertEquals(DriverState.SNAPSHOT_PREPARE, d.state());
        d.tick(0);
        assertEquals(DriverState.SNAPSHOT_SAVE, d.state());
        assertEquals(List.of(), l.events);
        d.runPending();
        assertEquals(List.of("save1:count=1", "saved1"), l.events);
        assertEquals(List.of("process0:[a]", "prepare", "prepare", "prepare", "save", "save", "process1:[late]"), p.calls);
        d.flushAll();
        assertEquals(List.of(Batch.of("a"), new Barrier(1), Batch.of("late")), drain(d));
        assertTrue(d.wantsInput(1));
    }

    @Test
    void when_inletCompletesBehindWaitingItem_then_completionComesAfterIt() throws Exception {
        Counting p = new Counting();
        p.saveRefusals = 1;
        p.sourceCalls = 0;
        ProcessorDriver d = driver(2, p, ProcessingGuarantee.AT_MOST_ONCE, new Listener());
        d.onItem(0, new Barrier(1), 0);
        d.onItem(1, Batch.of("last"), 0);
        d.onInletComplete(1, 0);
        assertEquals(List.of("prepare", "save"), p.calls);
        d.onInletComplete(0, 0); // runs what is pending: the save, then the waiting item, then the completions
        assertEquals(List.of("prepare", "save", "save", "process1:[last]", "complete"), p.calls);
        assertTrue(d.isProcessorDone());
    }

    @Test
    void when_watermarkDeferredBeforeBarrier_then_watermarkIsFinishedAndForwardedBeforeSnapshot() throws Exception {
        Counting p = new Counting();
        p.watermarkRefusals = 1;
        Listener l = new Listener();
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        d.onItem(0, new Watermark(10), 0);
        assertEquals(DriverState.PROCESS_WATERMARK, d.state());
        d.onItem(0, new Barrier(1), 0); // pulled before the watermark was deferred
        assertEquals(List.of(), l.events);
        d.runPending();
        assertEquals(List.of("wm:10", "wm:10", "prepare", "save"), p.calls);
        assertEquals(List.of(new Watermark(10), new Barrier(1)), drain(d));
    }

    @Test
    void when_snapshotCommitted_then_commitFinishIsRetriedBeforeInput() throws Exception {
        Counting p = new Counting();
        p.commitRefusals = 1;
        Listener l = new Listener();
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        d.onItem(0, new Barrier(1), 0);
        d.snapshotCommitted(1, true);
        assertTrue(d.isCommitPending());
        assertFalse(d.wantsInput(0));
        assertEquals(List.of("save1:count=0", "saved1"), l.events);
        d.runPending();
        assertFalse(d.isCommitPending());
        assertTrue(d.wantsInput(0));
        assertEquals(List.of("prepare", "save", "commit:true", "commit:true"), p.calls);
        assertEquals(List.of("save1:count=0", "saved1", "committed1"), l.events);
        d.snapshotCommitted(2, true); // nothing prepared since: only acknowledged
        assertEquals(4, p.calls.size());
        assertEquals(List.of("save1:count=0", "saved1", "committed1", "committed2"), l.events);
    }

    @Test
    void when_snapshotFailed_then_commitFinishGetsFalse() throws Exception {
        Counting p = new Counting();
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, new Listener());
        d.onItem(0, new Barrier(1), 0);
        d.snapshotCommitted(1, false);
        assertEquals(List.of("prepare", "save", "commit:false"), p.calls);
    }

    @Test
    void when_nextBarrierOvertakesCommit_then_snapshotWaitsForIt() throws Exception {
        Counting p = new Counting();
        Listener l = new Listener();
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        d.onItem(0, new Barrier(1), 0);
        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(2), 0); // before the outcome of snapshot 1

        assertEquals(DriverState.SNAPSHOT_PREPARE, d.state());
        assertFalse(d.wantsInput(0));
        d.runPending();
        d.tick(0);
        assertEquals(List.of("prepare", "save", "process0:[a]"), p.calls, "snapshot 2 is not prepared before 1 committed");

        d.snapshotCommitted(1, true);
        assertEquals(List.of("prepare", "save", "process0:[a]", "commit:true", "prepare", "save"), p.calls);
        assertEquals(List.of("save1:count=0", "saved1", "committed1", "save2:count=1", "saved2"), l.events);
        assertTrue(d.wantsInput(0));
    }

    @Test
    void when_commitOfOlderSnapshotAfterNewerWasSaved_then_error() throws Exception {
        ProcessorDriver d = driver(1, new Counting(), ProcessingGuarantee.AT_MOST_ONCE, new Listener());
        d.onItem(0, new Barrier(1), 0);
        d.snapshotCommitted(1, true);
        d.onItem(0, new Barrier(2), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.snapshotCommitted(1, true));
        assertTrue(e.getMessage().contains("prepared snapshot 2"), e.getMessage());
    }

    @Test
    void when_doneSinkGetsCommit_then_itIsNotDoneUntilCommitFinished() throws Exception {
        Counting p = new Counting();
        p.sourceCalls = 0;
        p.commitRefusals = 1;
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, new Listener());
        d.onItem(0, new Barrier(1), 0);
        d.onInletComplete(0, 0);
        drain(d);
        assertTrue(d.isDone());
        d.snapshotCommitted(1, true);
        assertFalse(d.isDone());
        d.tick(0);
        assertTrue(d.isDone());
        assertEquals(List.of("prepare", "save", "complete", "commit:true", "commit:true"), p.calls);
    }

    @Test
    void when_restored_then_stateIsRestoredAndRestoredSnapshotIsCommitted() throws Exception {
        Counting p = new Counting();
        p.commitRefusals = 1;
        Listener l = new Listener();
        ProcessorDriver d = driver(1, p, ProcessingGuarantee.EXACTLY_ONCE, l);
        List<Map.Entry<Object, Object>> entries = List.of(new AbstractMap.SimpleEntry<>("count", 5L));
        d.restore(entries);
        assertEquals(List.of("restore:count=5", "finishRestore", "commit:true"), p.calls);
        assertFalse(d.wantsInput(0), "commit first");
        d.runPending();
        assertTrue(d.wantsInput(0));
        assertEquals(List.of(), l.events, "the restore's commit is not a snapshot's");
        d.onItem(0, Batch.of("a"), 0);
        d.onItem(0, new Barrier(1), 0);
        assertEquals(List.of("save1:count=6", "saved1"), l.events);
    }
}
