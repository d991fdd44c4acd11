package io.sluice.bench;

import io.sluice.bench.nexmark.EventStream;
import io.sluice.bench.q5.BidGenerator;
import io.sluice.bench.q5.BidSource;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.SourceRunner;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark sources save their offset and, restored from it, emit the rest: nothing lost, nothing twice. */
@Timeout(60)
class ReplayableSourcesTest {

    @Test
    void when_bidSourceRestored_then_restOfTheEvents() throws Exception {
        BidGenerator generator = new BidGenerator(10_000, 100, 50);
        StreamSource<?> source = BidSource.create(generator, 5_000, 0, 2, 100, 50);
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            expected.add(generator.bid(i));
        }
        assertEquals(sorted(expected), sorted(readWithRestore(source, 2, 1_500)));
    }

    @Test
    void when_nexmarkStreamRestored_then_restOfTheEvents() throws Exception {
        EventStream<Long> stream = new EventStream<>("numbers", 7_000, 1_000, (seq, ts) -> seq * 10 + ts);
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 7_000; i++) {
            expected.add(stream.event(i));
        }
        assertEquals(sorted(expected), sorted(readWithRestore(stream.source(2), 2, 2_500)));
    }

    /** Each of {@code runners} runners emits at least {@code before} items, saves, is restored into a fresh one, and drains. */
    static List<Object> readWithRestore(StreamSource<?> source, int runners, int before) throws Exception {
        SourceRunner.Factory factory = Util.roundTrip(((StreamSourceImpl<?>) source).runnerFactory());
        List<Object> out = new ArrayList<>();
        for (int r = 0; r < runners; r++) {
            ProcessorContext ctx = new ProcessorContext("test", "source", r, r, runners, 271, 1024);
            SourceRunner first = factory.create(ctx);
            Buffer buf = new Buffer(out);
            while (buf.count < before && !buf.closed) {
                first.fill(buf);
            }
            List<Map.Entry<Object, Object>> state = new ArrayList<>();
            assertTrue(first.saveToSnapshot((k, v) -> state.add(Map.entry(Util.roundTrip((Serializable) k),
                    Util.roundTrip((Serializable) v)))));
            first.close();
            SourceRunner second = factory.create(ctx);
            for (Map.Entry<Object, Object> e : state) {
                second.restoreFromSnapshot(e.getKey(), e.getValue());
            }
            second.finishSnapshotRestore();
            Buffer rest = new Buffer(out);
            while (!rest.closed) {
                second.fill(rest);
            }
            second.close();
        }
        return out;
    }

    private static List<String> sorted(List<Object> items) {
        return items.stream().map(String::valueOf).sorted().toList();
    }

    private static final class Buffer implements TimestampedSourceBuffer<Object> {
        final List<Object> out;
        int count;
        boolean closed;

        Buffer(List<Object> out) {
            this.out = out;
        }

        @Override
        public void add(Object item, long timestampMillis) {
            out.add(item);
            count++;
        }

        @Override
        public void add(Object item) {
            add(item, 0);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public int size() {
            return count;
        }
    }
}
