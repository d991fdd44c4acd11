package io.sluice.engine.pipeline.test;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.SourceRunner;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link TestSources#itemStream} saves its offset and resumes from it with the same content per sequence number. */
@Timeout(30)
class TestSourcesSnapshotTest {

    @Test
    void when_itemStreamRestored_then_continuesWithNextSequenceAndSameTimestamps() throws Exception {
        StreamSourceImpl<Long> source = (StreamSourceImpl<Long>) TestSources.itemStream(100_000, (ts, seq) -> seq);
        SourceRunner.Factory factory = Util.roundTrip(source.runnerFactory());
        List<long[]> seen = new ArrayList<>(); // {seq, timestamp}
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessorContext ctx = new ProcessorContext("test", "v", i, i, 2, 271, 64);
            SourceRunner r = factory.create(ctx);
            fillAtLeast(r, seen, 200);
            assertTrue(r.saveToSnapshot((k, v) -> state.add(Map.entry(Util.roundTrip((Serializable) k),
                    Util.roundTrip((Serializable) v)))));
            r.close();
        }
        assertTrue(state.stream().allMatch(e -> e.getKey() instanceof SnapshotKeys.Local));
        // both runners' states restored into one instance (a lower parallelism)
        SourceRunner restored = factory.create(new ProcessorContext("test", "v", 0, 0, 1, 271, 64));
        for (Map.Entry<Object, Object> e : state) {
            restored.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        restored.finishSnapshotRestore();
        fillAtLeast(restored, seen, 1000);
        restored.close();

        java.util.TreeMap<Long, Long> bySeq = new java.util.TreeMap<>();
        for (long[] item : seen) {
            assertEquals(null, bySeq.put(item[0], item[1]), "sequence " + item[0] + " emitted twice");
        }
        long first = bySeq.firstKey();
        assertEquals(0, first);
        long[] startMillis = {bySeq.get(0L), bySeq.get(1L)}; // each runner share keeps its first start
        long[] expectedNext = {0, 1};
        for (Map.Entry<Long, Long> e : bySeq.entrySet()) {
            int share = (int) (e.getKey() % 2);
            assertEquals(expectedNext[share], e.getKey(), "no sequence number skipped in share " + share);
            expectedNext[share] += 2;
            assertEquals(startMillis[share] + e.getKey() * 1000 / 100_000, e.getValue(), "timestamp of " + e.getKey());
        }
        assertTrue(expectedNext[0] > 400 && expectedNext[1] > 400, "both shares went on after the restore");
    }

    private static void fillAtLeast(SourceRunner runner, List<long[]> seen, int count) throws Exception {
        int before = seen.size();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() - before < count) {
            runner.fill(new TimestampedSourceBuffer<>() {
                @Override
                public void add(Object item, long timestampMillis) {
                    seen.add(new long[] {(Long) item, timestampMillis});
                }

                @Override
                public void add(Object item) {
                    throw new AssertionError("itemStream gives timestamps");
                }

                @Override
                public void close() {
                    throw new AssertionError("itemStream is endless");
                }

                @Override
                public int size() {
                    return 0;
                }
            });
            assertTrue(System.nanoTime() < deadline, "the stream did not emit " + count + " items in 10 s");
            Thread.onSpinWait();
        }
    }
}
