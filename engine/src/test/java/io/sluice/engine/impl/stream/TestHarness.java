package io.sluice.engine.impl.stream;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.impl.execution.StateReporting;
import io.sluice.engine.impl.util.Util;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny driver for one processor, standing in for the runtime: feeds items in batches of random
 * size, delivers watermarks (forwarding them as the runtime does, after {@code tryProcessWatermark}
 * returned true), calls re-entrant methods again while they return false, and collects what the
 * processor emitted per output ordinal. The outbox reports {@code hasReachedLimit()} once
 * {@code limit} items are waiting, and the harness "drains" it before each re-entrant call, so
 * processors that ignore the limit are not caught, but ones that return false too eagerly would loop.
 */
final class TestHarness {
    final Processor processor;
    private final Random random;
    private final int maxBatch;
    private final int limit;
    private int waiting;
    private int calls;
    /** Output of ordinal 0 (and items added to all ordinals), with forwarded and emitted watermarks as {@link Watermark}. */
    final List<Object> out = new ArrayList<>();
    /** Output of ordinal 1. */
    final List<Object> out1 = new ArrayList<>();

    TestHarness(Processor processor, long seed, int maxBatch, int limit) throws Exception {
        this.processor = processor;
        this.random = new Random(seed);
        this.maxBatch = maxBatch;
        this.limit = limit;
        processor.init(outbox, ProcessorContext.single("test"));
    }

    TestHarness(Processor processor, long seed) throws Exception {
        this(processor, seed, 7, 3);
    }

    /** Feeds {@code items} on {@code ordinal}, cut into batches of random size. */
    TestHarness feed(int ordinal, List<?> items) throws Exception {
        int i = 0;
        while (i < items.size()) {
            int n = Math.min(items.size() - i, 1 + random.nextInt(maxBatch));
            processor.process(ordinal, Batch.ofList(items.subList(i, i + n)));
            waiting = 0;
            i += n;
        }
        return this;
    }

    TestHarness feed(List<?> items) throws Exception {
        return feed(0, items);
    }

    /** Feeds a script of items and {@link Watermark}s on ordinal 0. */
    TestHarness run(List<?> script) throws Exception {
        List<Object> pending = new ArrayList<>();
        for (Object o : script) {
            if (o instanceof Watermark wm) {
                feed(0, pending);
                pending.clear();
                watermark(wm.timestamp());
            } else {
                pending.add(o);
            }
        }
        return feed(0, pending);
    }

    TestHarness watermark(long wm) throws Exception {
        while (!processor.tryProcessWatermark(wm)) {
            drain();
        }
        waiting = 0;
        if (processor.forwardsWatermarks()) {
            out.add(new Watermark(wm));
        }
        return this;
    }

    TestHarness tick() throws Exception {
        while (!processor.tryProcess()) {
            drain();
        }
        waiting = 0;
        return this;
    }

    TestHarness complete() throws Exception {
        while (!processor.complete()) {
            drain();
        }
        waiting = 0;
        if (processor instanceof StateReporting r && r.accumulatedRecords() != 0) {
            throw new AssertionError("the processor still reports " + r.accumulatedRecords()
                    + " accumulated records after complete()");
        }
        return this;
    }

    private void drain() {
        if (waiting < limit) {
            throw new AssertionError("the processor returned false although the outbox was not full");
        }
        if (++calls > 10_000_000) {
            throw new AssertionError("the processor does not make progress");
        }
        waiting = 0;
    }

    /** Output items of ordinal 0 without watermarks. */
    List<Object> items() {
        return out.stream().filter(o -> !(o instanceof Watermark)).toList();
    }

    /** Takes a snapshot, serialized and deserialized as a snapshot store would. */
    List<Map.Entry<Object, Object>> snapshot() throws Exception {
        List<Map.Entry<Object, Object>> saved = new ArrayList<>();
        while (!processor.saveToSnapshot((k, v) -> saved.add(Map.entry(k, v)))) {
            waiting = 0;
        }
        return saved.stream().map(e -> Map.entry(roundTrip(e.getKey()), roundTrip(e.getValue()))).toList();
    }

    /** Restores {@code saved} into {@code fresh} (already-constructed, not yet initialised) and returns its harness. */
    static TestHarness restore(Processor fresh, List<Map.Entry<Object, Object>> saved, long seed) throws Exception {
        TestHarness h = new TestHarness(fresh, seed);
        for (Map.Entry<Object, Object> e : saved) {
            fresh.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        fresh.finishSnapshotRestore();
        return h;
    }

    private static Object roundTrip(Object o) {
        return Util.roundTrip((Serializable) o);
    }

    private final Outbox outbox = new Outbox() {
        @Override
        public void add(Object item) {
            if (item == null) {
                throw new NullPointerException("emitted null");
            }
            out.add(item);
            waiting++;
        }

        @Override
        public void add(int ordinal, Object item) {
            if (item == null) {
                throw new NullPointerException("emitted null");
            }
            (ordinal == 0 ? out : out1).add(item);
            waiting++;
        }

        @Override
        public void addWatermark(long timestamp) {
            out.add(new Watermark(timestamp));
        }

        @Override
        public boolean hasReachedLimit() {
            return waiting >= limit;
        }

        @Override
        public int outputCount() {
            return 2;
        }
    };
}
