package io.sluice.engine.pipeline.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.pipeline.CollectorRegistry;
import io.sluice.engine.impl.pipeline.ProcessorSink;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.List;
import java.util.UUID;


/**
 * A sink that collects the items it receives, for tests. The items land in a JVM-wide registry
 * under this sink's id (a UUID), not in the sink object, so collecting still works after the
 * pipeline has been serialized and deserialized (as when a job is submitted). It therefore only
 * works when the job runs in the same JVM as the test (an embedded node), not on remote nodes.
 * Make one with {@link TestSinks#collecting()}.
 *
 * <pre>{@code
 * CollectingSink<String> sink = TestSinks.collecting();
 * p.readFrom(TestSources.items("a", "b")).writeTo(sink);
 * // run the job
 * assertEquals(List.of("a", "b"), sink.items());
 * }</pre>
 *
 * @param <T> item type
 */
public final class CollectingSink<T> implements ProcessorSink<T> {
    private static final long serialVersionUID = 1L;

    private final UUID id = UUID.randomUUID();
    /** Holds the store strongly while this object lives (the registry holds it weakly). */
    private transient CollectorRegistry.Store store = CollectorRegistry.lookupOrCreate(id);

    CollectingSink() {
    }

    @Override
    public String name() {
        return "collect";
    }

    /** A copy of what was collected so far, in arrival order per instance (no order between instances). */
    @SuppressWarnings("unchecked")
    public List<T> items() {
        return (List<T>) store.snapshot();
    }

    /** Forgets what was collected. */
    public void clear() {
        store.clear();
    }

    @Override
    public ProcessorSupplier supplier() {
        UUID sinkId = id;
        return ctx -> new CollectP(sinkId);
    }

    @Override
    public int preferredLocalParallelism() {
        return -1;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        store = CollectorRegistry.lookupOrCreate(id);
    }

    @Override
    public String toString() {
        return "CollectingSink{" + id + "}";
    }

    /** Appends each batch to the sink's store. */
    private static final class CollectP implements Processor {
        private final UUID id;
        private CollectorRegistry.Store store;

        CollectP(UUID id) {
            this.id = id;
        }

        @Override
        public void init(Outbox outbox, ProcessorContext context) {
            store = CollectorRegistry.lookupOrCreate(id);
        }

        @Override
        public void process(int ordinal, Batch batch) {
            store.addAll(batch.array(), batch.size());
        }
    }
}
