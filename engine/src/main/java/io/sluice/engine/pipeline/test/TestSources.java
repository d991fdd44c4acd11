package io.sluice.engine.pipeline.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * In-memory batch sources for tests. The items travel with the pipeline, so they must be
 * serializable (checked here).
 *
 * <pre>{@code
 * p.readFrom(TestSources.items("a", "b", "c")).map(String::toUpperCase).writeTo(sink);
 * }</pre>
 */
public final class TestSources {
    private TestSources() {
    }

    /** A source emitting the given items in order, from a single instance. */
    @SafeVarargs
    public static <T> BatchSource<T> items(T... items) {
        Objects.requireNonNull(items, "items must not be null");
        List<T> list = new ArrayList<>(items.length);
        for (T item : items) {
            list.add(item);
        }
        return items(list);
    }

    /** A source emitting the list's items in order, from a single instance. */
    public static <T> BatchSource<T> items(List<? extends T> items) {
        ArrayList<Object> copy = checkedCopy(items);
        return new SourceImpl<>("items", ctx -> new ListSourceP(copy, ctx.globalIndex() == 0 ? 0 : copy.size(), 1), 1, false);
    }

    /**
     * A source of {@code parallelism} instances per node: instance {@code i} of {@code n} in the
     * whole job emits the items at indexes {@code i, i + n, i + 2n, ...}.
     *
     * @param parallelism instances per node, or -1 for one per core
     */
    public static <T> BatchSource<T> itemsDistributed(List<? extends T> items, int parallelism) {
        if (parallelism == 0 || parallelism < -1) {
            throw new IllegalArgumentException("parallelism must be positive or -1, but was " + parallelism);
        }
        ArrayList<Object> copy = checkedCopy(items);
        return new SourceImpl<>("items", ctx -> new ListSourceP(copy, ctx.globalIndex(), ctx.totalParallelism()),
                parallelism, false);
    }

    private static ArrayList<Object> checkedCopy(List<?> items) {
        Objects.requireNonNull(items, "items must not be null");
        ArrayList<Object> copy = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = Objects.requireNonNull(items.get(i), "items must not contain null, but item " + i + " is null");
            if (!(item instanceof java.io.Serializable)) {
                throw new IllegalArgumentException("items travel with the pipeline and must be Serializable, but item " + i
                        + " is a " + item.getClass().getName());
            }
            copy.add(item);
        }
        return Util.checkSerializable(copy, "items");
    }

    /** Emits items {@code start, start + step, ...} of a list, pacing itself by the outbox. */
    private static final class ListSourceP implements Processor {
        private final List<Object> items;
        private final int step;
        private int next;
        private Outbox outbox;

        ListSourceP(List<Object> items, int start, int step) {
            this.items = items;
            this.next = start;
            this.step = step;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            throw new UnsupportedOperationException("a source has no inputs");
        }

        @Override
        public boolean complete() {
            while (next < items.size()) {
                if (outbox.hasReachedLimit()) {
                    return false;
                }
                outbox.add(items.get(next));
                next += step;
            }
            return true;
        }
    }
}
