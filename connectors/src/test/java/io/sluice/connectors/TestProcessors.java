package io.sluice.connectors;

import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.pipeline.SinkImpl;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.Sink;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs source and sink processors the way the runtime does (init, complete until true / process,
 * complete, close), without the runtime. Suppliers are serialized and deserialized first, as a
 * job's definition is before it runs.
 */
final class TestProcessors {
    private TestProcessors() {
    }

    static ProcessorContext context(int index, int total, int batchSize) {
        return new ProcessorContext("test", "vertex", index, index, total, 271, batchSize);
    }

    static ProcessorSupplier supplierOf(BatchSource<?> source) {
        return Util.roundTrip(((SourceImpl<?>) source).supplier());
    }

    static ProcessorSupplier supplierOf(Sink<?> sink) {
        if (sink instanceof CollectingSink<?> c) {
            return Util.roundTrip(c.supplier());
        }
        return Util.roundTrip(((SinkImpl<?>) sink).supplier());
    }

    /** Creates and initializes instance {@code index} of {@code total} of the source's processor. */
    static Processor initSource(BatchSource<?> source, TestOutbox outbox, int index, int total, int batchSize)
            throws Exception {
        ProcessorContext ctx = context(index, total, batchSize);
        Processor p = supplierOf(source).get(ctx);
        p.init(outbox, ctx);
        return p;
    }

    /** Everything instance {@code index} of {@code total} of the source emits. */
    static List<Object> drain(BatchSource<?> source, int index, int total) throws Exception {
        TestOutbox outbox = new TestOutbox(Integer.MAX_VALUE);
        Processor p = initSource(source, outbox, index, total, 1024);
        try {
            int calls = 0;
            while (!p.complete()) {
                if (++calls > 10_000_000) {
                    throw new AssertionError("source never completed");
                }
            }
        } finally {
            p.close();
        }
        return outbox.items;
    }

    /** Runs instance {@code index} of {@code total} of the sink over the given batches. */
    static void runSink(Sink<?> sink, int index, int total, List<List<?>> batches) throws Exception {
        ProcessorContext ctx = context(index, total, 1024);
        Processor p = supplierOf(sink).get(ctx);
        try {
            p.init(new TestOutbox(Integer.MAX_VALUE), ctx);
            for (List<?> batch : batches) {
                p.process(0, Batch.ofList(batch));
            }
            while (!p.complete()) {
                Thread.onSpinWait();
            }
        } finally {
            p.close();
        }
    }

    /** An outbox that collects items and reports its limit after {@code limit} items since the last {@link #reset()}. */
    static final class TestOutbox implements Outbox {
        final List<Object> items = new ArrayList<>();
        private final int limit;
        int sinceReset;

        TestOutbox(int limit) {
            this.limit = limit;
        }

        void reset() {
            sinceReset = 0;
        }

        @Override
        public void add(Object item) {
            if (item == null) {
                throw new AssertionError("null item emitted");
            }
            items.add(item);
            sinceReset++;
        }

        @Override
        public void add(int ordinal, Object item) {
            add(item);
        }

        @Override
        public void addWatermark(long timestamp) {
            throw new AssertionError("a batch source must not emit watermarks");
        }

        @Override
        public boolean hasReachedLimit() {
            return sinceReset >= limit;
        }

        @Override
        public int outputCount() {
            return 1;
        }
    }
}
