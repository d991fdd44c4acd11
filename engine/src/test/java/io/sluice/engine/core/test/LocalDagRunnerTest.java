package io.sluice.engine.core.test;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.impl.processor.IdentityP;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class LocalDagRunnerTest {

    @Test
    void when_handMadeCycle_then_validateNamesVertices() {
        Dag dag = new Dag();
        Vertex a = dag.newVertex("a", ctx -> new IdentityP());
        Vertex b = dag.newVertex("b", ctx -> new IdentityP());
        dag.edge(Edge.between(a, b));
        dag.edge(Edge.from(b).to(a));

        IllegalStateException e = assertThrows(IllegalStateException.class, dag::validate);

        assertTrue(e.getMessage().contains("cycle through vertices [a, b]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> LocalDagRunner.of(dag).run());
    }

    @Test
    void when_sourceBuilderAndSinkBuilder_then_runThroughPipeline() throws Exception {
        BatchSource<Integer> numbers = SourceBuilder.batch("numbers", ctx -> new int[]{0})
                .<Integer>fillBufferFn((state, buf) -> {
                    for (int i = 0; i < 7 && state[0] < 100; i++) {
                        buf.add(state[0]++);
                    }
                    if (state[0] == 100) {
                        buf.close();
                    }
                })
                .build();
        CollectingSink<Integer> sink = TestSinks.collecting();
        Pipeline p = Pipeline.create();
        p.readFrom(numbers).filter(i -> i % 10 == 0).writeTo(sink);

        LocalDagRunner.of(p.toDag()).run();

        assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90), sink.items());
    }

    static final Map<String, AtomicInteger> FLUSHES = new ConcurrentHashMap<>();

    @Test
    void when_sinkBuilderFused_then_receivesAllAndFlushes() throws Exception {
        String id = "fusedSink";
        CollectingSink<Integer> check = TestSinks.collecting();
        var sink = SinkBuilder.sinkBuilder("out", ctx -> check)
                .<Integer>receiveFn((c, item) -> { })
                .flushFn(c -> FLUSHES.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet())
                .build();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(IntStream.range(0, 100).boxed().collect(Collectors.toList()))).map(i -> i).writeTo(sink);

        Dag dag = p.toDag();
        LocalDagRunner.of(dag).batchSize(10).run();

        assertEquals("items -> map -> out", dag.vertex("items").description());
        assertTrue(FLUSHES.get(id).get() >= 10, "flushed per batch: " + FLUSHES.get(id));
    }

    @Test
    void when_userFunctionThrows_then_runFailsWithThatException() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1, 2, 3))
         .map(i -> {
             if (i == 2) {
                 throw new IOException("cannot map " + i);
             }
             return i;
         })
         .writeTo(TestSinks.collecting());

        IOException e = assertThrows(IOException.class, () -> LocalDagRunner.of(p.toDag()).run());

        assertEquals("cannot map 2", e.getMessage());
    }

    @Test
    void when_collectingSinkSerialized_then_stillCollectsIntoSameRegistryEntry() throws Exception {
        CollectingSink<String> sink = TestSinks.collecting();
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items("x", "y")).writeTo(sink);
        Pipeline remote = io.sluice.engine.impl.util.Util.roundTrip(p);

        LocalDagRunner.of(remote.toDag()).run();

        assertEquals(List.of("x", "y"), sink.items());
        sink.clear();
        assertEquals(List.of(), sink.items());
    }

    /** Emits 0..99 in one call. */
    static final class NumbersP implements io.sluice.engine.core.Processor {
        private io.sluice.engine.core.Outbox outbox;

        @Override
        public void init(io.sluice.engine.core.Outbox outbox, io.sluice.engine.core.ProcessorContext context) {
            this.outbox = outbox;
        }

        @Override
        public void process(int ordinal, io.sluice.engine.core.Batch batch) {
        }

        @Override
        public boolean complete() {
            for (int i = 0; i < 100; i++) {
                outbox.add(i);
            }
            return true;
        }
    }

    /** Replaces every item by the index of the instance that received it. */
    static final class InstanceIndexP implements io.sluice.engine.core.Processor {
        private io.sluice.engine.core.Outbox outbox;
        private int index;

        @Override
        public void init(io.sluice.engine.core.Outbox outbox, io.sluice.engine.core.ProcessorContext context) {
            this.outbox = outbox;
            this.index = context.globalIndex();
        }

        @Override
        public void process(int ordinal, io.sluice.engine.core.Batch batch) {
            for (int i = 0; i < batch.size(); i++) {
                outbox.add(index);
            }
        }
    }

    @Test
    void when_isolatedEdgeToMoreConsumers_then_connectedAsTheRuntimeConnectsThem() throws Exception {
        // Given: one producer, an isolated edge, three consumers (the runtime connects each to the producer)
        Dag dag = new Dag();
        Vertex src = dag.newVertex("src", ctx -> new NumbersP()).localParallelism(1);
        Vertex tag = dag.newVertex("tag", ctx -> new InstanceIndexP()).localParallelism(3);
        CollectingSink<Integer> sink = TestSinks.collecting();
        Vertex out = dag.newVertex("sink", sink.supplier()).localParallelism(1);
        dag.edge(Edge.between(src, tag).isolated());
        dag.edge(Edge.between(tag, out).allToOne());

        // When
        LocalDagRunner.of(dag).batchSize(10).run();

        // Then: every consumer got a share, and nothing was lost
        assertEquals(100, sink.items().size());
        assertEquals(java.util.Set.of(0, 1, 2), new java.util.HashSet<>(sink.items()));
    }
}
