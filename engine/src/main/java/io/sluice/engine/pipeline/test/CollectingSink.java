package io.sluice.engine.pipeline.test;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.impl.pipeline.ProcessorSink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
    private static final ConcurrentMap<UUID, List<Object>> REGISTRY = new ConcurrentHashMap<>();

    private final UUID id = UUID.randomUUID();

    CollectingSink() {
        REGISTRY.put(id, Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public String name() {
        return "collect";
    }

    /** What was collected so far, in arrival order (order across instances is not defined). */
    @SuppressWarnings("unchecked")
    public List<T> items() {
        List<Object> list = listOf(id);
        synchronized (list) {
            return (List<T>) List.copyOf(list);
        }
    }

    /** Forgets what was collected. */
    public void clear() {
        listOf(id).clear();
    }

    @Override
    public ProcessorSupplier supplier() {
        UUID sinkId = id;
        return ctx -> new CollectP(listOf(sinkId));
    }

    @Override
    public int preferredLocalParallelism() {
        return -1;
    }

    private static List<Object> listOf(UUID id) {
        return REGISTRY.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public String toString() {
        return "CollectingSink{" + id + "}";
    }

    private static final class CollectP implements Processor {
        private final List<Object> target;

        CollectP(List<Object> target) {
            this.target = target;
        }

        @Override
        public void process(int ordinal, Batch batch) {
            target.addAll(batch);
        }
    }
}
