package io.sluice.engine.impl.execution;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.job.JobConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which instance connects to which: the DAG with every vertex's parallelism resolved and every
 * edge expanded into connections between producer and consumer instances.
 *
 * <p>Design note. A connection is one backpressured stream of {@code EdgeItem}s from one output
 * of a producer instance to one input of a consumer instance. All-pairs for unicast, partitioned
 * and broadcast edges; {@code p -> p % C} (or {@code c % P -> c} when there are fewer producers)
 * for isolated edges; {@code p -> 0} for all-to-one. A consumer's inlets are ordered by (input
 * ordinal, producer); a producer's outlets by (output ordinal, consumer), so that for
 * partitioned edges outlet {@code k} of the edge is consumer {@code k}. The runtime wires exactly
 * these connections (locally as Reactive Streams, across nodes as StreamRefs).
 */
public final class ExecutionPlan {

    /** One input of a consumer instance. */
    public record InletSpec(int edgeIndex, int ordinal, int priority, int producer) {
    }

    /** One output of a producer instance. */
    public record OutletSpec(int edgeIndex, int ordinal, int consumer) {
    }

    /** A vertex with its resolved parallelism and edges. */
    public static final class VertexPlan {
        private final int index;
        private final Vertex vertex;
        private final int parallelism;
        private final int batchSize;
        private final long maxBatchBytes;
        private final long batchWaitMillis;
        final List<Edge> inbound = new ArrayList<>();
        final List<Edge> outbound = new ArrayList<>();
        final List<Integer> inboundEdgeIndexes = new ArrayList<>();
        final List<Integer> outboundEdgeIndexes = new ArrayList<>();
        private ExecutionPlan plan;

        VertexPlan(int index, Vertex vertex, int parallelism, JobConfig config) {
            this.index = index;
            this.vertex = vertex;
            this.parallelism = parallelism;
            this.batchSize = vertex.batchSize() > 0 ? vertex.batchSize() : config.getBatchSize();
            this.maxBatchBytes = vertex.maxBatchBytes() > 0 ? vertex.maxBatchBytes() : config.getMaxBatchBytes();
            this.batchWaitMillis = Math.max(1, vertex.batchWaitMillis() >= 0 ? vertex.batchWaitMillis()
                    : config.getBatchWaitMillis());
        }

        /** The most items per batch this vertex emits: the vertex's own setting, else the job's. */
        public int batchSize() {
            return batchSize;
        }

        /** The estimated bytes at which this vertex seals a batch: the vertex's own setting, else the job's. */
        public long maxBatchBytes() {
            return maxBatchBytes;
        }

        /** How long (at least 1 ms) a partial batch of this vertex waits before it is sent: the vertex's setting, else the job's. */
        public long batchWaitMillis() {
            return batchWaitMillis;
        }

        /** What the vertex runs, for messages: its description, else its name. */
        public String description() {
            return vertex.description().isEmpty() ? vertex.name() : vertex.description();
        }

        public int index() {
            return index;
        }

        public Vertex vertex() {
            return vertex;
        }

        public int parallelism() {
            return parallelism;
        }

        public List<Edge> inbound() {
            return inbound;
        }

        public List<Edge> outbound() {
            return outbound;
        }

        public boolean isSource() {
            return inbound.isEmpty();
        }

        /** The inlets of instance {@code instance}, ordered by (ordinal, producer). */
        public List<InletSpec> inlets(int instance) {
            List<InletSpec> result = new ArrayList<>();
            for (int k = 0; k < inbound.size(); k++) {
                Edge e = inbound.get(k);
                int producers = plan.vertexPlan(e.source()).parallelism;
                for (int p = 0; p < producers; p++) {
                    if (connected(e.routing(), p, instance, producers, parallelism)) {
                        result.add(new InletSpec(inboundEdgeIndexes.get(k), e.destOrdinal(), e.priority(), p));
                    }
                }
            }
            return result;
        }

        /** The outlets of instance {@code instance}, ordered by (ordinal, consumer). */
        public List<OutletSpec> outlets(int instance) {
            List<OutletSpec> result = new ArrayList<>();
            for (int k = 0; k < outbound.size(); k++) {
                Edge e = outbound.get(k);
                int consumers = plan.vertexPlan(e.destination()).parallelism;
                for (int c = 0; c < consumers; c++) {
                    if (connected(e.routing(), instance, c, parallelism, consumers)) {
                        result.add(new OutletSpec(outboundEdgeIndexes.get(k), e.sourceOrdinal(), c));
                    }
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return vertex.name() + " x" + parallelism;
        }
    }

    private final Dag dag;
    private final List<VertexPlan> vertices = new ArrayList<>();
    private final Map<Vertex, VertexPlan> byVertex = new IdentityHashMap<>();
    private final List<Edge> edges;

    private ExecutionPlan(Dag dag, int defaultParallelism, JobConfig config) {
        this.dag = dag;
        this.edges = dag.edges();
        List<Vertex> order = dag.topologicalOrder();
        for (Vertex v : order) {
            VertexPlan vp = new VertexPlan(vertices.size(), v, v.effectiveParallelism(defaultParallelism), config);
            vp.plan = this;
            vertices.add(vp);
            byVertex.put(v, vp);
        }
        for (int i = 0; i < edges.size(); i++) {
            Edge e = edges.get(i);
            VertexPlan src = byVertex.get(e.source());
            VertexPlan dst = byVertex.get(e.destination());
            src.outbound.add(e);
            src.outboundEdgeIndexes.add(i);
            dst.inbound.add(e);
            dst.inboundEdgeIndexes.add(i);
        }
        for (VertexPlan vp : vertices) {
            sortByOrdinal(vp.inbound, vp.inboundEdgeIndexes, Edge::destOrdinal);
            sortByOrdinal(vp.outbound, vp.outboundEdgeIndexes, Edge::sourceOrdinal);
        }
    }

    private static void sortByOrdinal(List<Edge> list, List<Integer> indexes, java.util.function.ToIntFunction<Edge> ordinal) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparingInt(i -> ordinal.applyAsInt(list.get(i))));
        List<Edge> sortedEdges = new ArrayList<>();
        List<Integer> sortedIndexes = new ArrayList<>();
        for (int i : positions) {
            sortedEdges.add(list.get(i));
            sortedIndexes.add(indexes.get(i));
        }
        list.clear();
        list.addAll(sortedEdges);
        indexes.clear();
        indexes.addAll(sortedIndexes);
    }

    /**
     * Plans {@code dag}, validating it first.
     *
     * @param defaultParallelism the parallelism of vertices that do not set one
     */
    public static ExecutionPlan of(Dag dag, int defaultParallelism) {
        return of(dag, defaultParallelism, new JobConfig());
    }

    /**
     * Plans {@code dag} for a job, validating it first: every vertex's parallelism (the vertex's
     * own, else the job's {@code defaultLocalParallelism}, else {@code nodeParallelism}) and batch
     * settings (the vertex's own, else the job's) are resolved here, once, for the runtime.
     *
     * @param nodeParallelism the node's parallelism, for vertices and jobs that do not set one
     */
    public static ExecutionPlan of(Dag dag, int nodeParallelism, JobConfig config) {
        int defaultParallelism = config.getDefaultLocalParallelism() > 0 ? config.getDefaultLocalParallelism()
                : nodeParallelism;
        if (defaultParallelism < 1) {
            throw new IllegalArgumentException("defaultParallelism must be at least 1, but was " + defaultParallelism);
        }
        dag.validate();
        return new ExecutionPlan(dag, defaultParallelism, config);
    }

    static boolean connected(RoutingPolicy routing, int producer, int consumer, int producers, int consumers) {
        return switch (routing) {
            case UNICAST, PARTITIONED, BROADCAST -> true;
            case ALL_TO_ONE -> consumer == 0;
            case ISOLATED -> producers >= consumers ? producer % consumers == consumer : consumer % producers == producer;
        };
    }

    public Dag dag() {
        return dag;
    }

    /** The vertices in topological order. */
    public List<VertexPlan> vertices() {
        return vertices;
    }

    public VertexPlan vertexPlan(Vertex v) {
        return byVertex.get(v);
    }

    public Edge edge(int index) {
        return edges.get(index);
    }

    /** The total number of instances. */
    public int instanceCount() {
        int n = 0;
        for (VertexPlan vp : vertices) {
            n += vp.parallelism;
        }
        return n;
    }
}
