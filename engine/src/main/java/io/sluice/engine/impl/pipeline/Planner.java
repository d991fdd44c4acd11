package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.Dag;
import io.sluice.engine.core.Edge;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.core.RoutingPolicy;
import io.sluice.engine.core.Vertex;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the pipeline's transforms into a {@link Dag}.
 *
 * <p>Design notes: transforms are visited in the order they were added, which is topological
 * (a stage can only read from stages that exist). Each one adds itself ({@code addToDag}) using
 * the methods here, and records the {@link PlannedVertex} where its output emerges. Fusion: a
 * transform with one input becomes a step of its upstream's vertex when the upstream has exactly
 * one downstream (no fork), allows fusion after it (not a sink or rebalance) and the parallelism
 * is compatible (-1, or equal to the vertex's). Because only the single downstream of a vertex's
 * last transform can fuse into it, no edge ever leaves a vertex that later grows. Edges are
 * recorded first and resolved at the end, when all parallelisms are known: an edge without a
 * policy becomes ISOLATED between vertices of equal explicit parallelism, else UNICAST.
 */
public final class Planner {
    /** The largest watermark throttling granularity (Jet's {@code MAXIMUM_WATERMARK_GAP}), in event-time units. */
    static final long MAXIMUM_WATERMARK_GAP = 1_000;
    private static final String NO_SINK = "the pipeline has no sink: end each branch with writeTo(sink)";

    private final List<AbstractTransform> transforms;
    private final Map<AbstractTransform, List<AbstractTransform>> downstream = new IdentityHashMap<>();
    private final Map<AbstractTransform, PlannedVertex> outputVertex = new IdentityHashMap<>();
    private final List<PlannedVertex> vertices = new ArrayList<>();
    private final List<PlannedEdge> edges = new ArrayList<>();
    private final Set<String> vertexNames = new HashSet<>();

    Planner(List<AbstractTransform> transforms) {
        this.transforms = transforms;
    }

    /** Validates the pipeline and plans it. */
    Dag createDag() {
        validate();
        for (AbstractTransform t : transforms) {
            t.addToDag(this);
        }
        return buildDag();
    }

    private void validate() {
        if (transforms.isEmpty()) {
            throw new IllegalStateException(NO_SINK + " (the pipeline is empty: start it with readFrom(source))");
        }
        for (AbstractTransform t : transforms) {
            downstream.put(t, new ArrayList<>());
        }
        boolean hasSink = false;
        for (AbstractTransform t : transforms) {
            hasSink |= t instanceof SinkTransform;
            for (AbstractTransform u : t.upstream()) {
                List<AbstractTransform> list = downstream.get(u);
                if (list == null) {
                    throw new IllegalStateException("stage '" + t.name() + "' reads from stage '" + u.name()
                            + "', which is not part of this pipeline");
                }
                list.add(t);
            }
        }
        if (!hasSink) {
            throw new IllegalStateException(NO_SINK);
        }
        for (AbstractTransform t : transforms) {
            if (!(t instanceof SinkTransform) && downstream.get(t).isEmpty()) {
                throw new IllegalStateException("stage '" + t.name()
                        + "' (and its branch) has no sink: add writeTo(..) after it or remove it");
            }
        }
    }

    /**
     * The vertex {@code t} (one input) can be fused into with the given parallelism, or {@code null}.
     */
    PlannedVertex fusionTarget(AbstractTransform t, int parallelism) {
        if (t.upstream().size() != 1) {
            return null;
        }
        return fusionTargetOf(t.upstream().get(0), parallelism);
    }

    /**
     * The vertex where upstream {@code u}'s output emerges, if a step reading only {@code u} can
     * be fused into it with the given parallelism (no fork of {@code u}), or {@code null}.
     */
    PlannedVertex fusionTargetOf(AbstractTransform u, int parallelism) {
        if (!u.allowsFusionAfter() || downstream.get(u).size() != 1) {
            return null;
        }
        PlannedVertex v = outputVertex.get(u);
        if (parallelism != Vertex.DEFAULT_PARALLELISM && parallelism != v.parallelism) {
            return null;
        }
        return v;
    }

    /**
     * Adds {@code step} to the upstream vertex if {@code t} can fuse into it, else to a new vertex
     * (named after {@code label}) fed by the upstream.
     */
    PlannedVertex fuseOrAddVertex(AbstractTransform t, int parallelism, StepSupplier step, String label) {
        PlannedVertex v = fusionTarget(t, parallelism);
        if (v == null) {
            v = addVertex(t, label, parallelism, null, null);
            connect(t.upstream().get(0), v, 0, EdgeSpec.AUTO);
        }
        addStep(v, t, step, label);
        return v;
    }

    /**
     * Like {@link #fuseOrAddVertex} for input {@code u} of a transform with several inputs: the step
     * is fused into {@code u}'s vertex if it can be, else it gets a vertex of its own fed by {@code u}.
     */
    PlannedVertex fuseOrAddVertexAfter(AbstractTransform t, AbstractTransform u, StepSupplier step, String label) {
        PlannedVertex v = fusionTargetOf(u, Vertex.DEFAULT_PARALLELISM);
        if (v == null) {
            v = addVertex(t, label, Vertex.DEFAULT_PARALLELISM, null, null);
            connect(u, v, 0, EdgeSpec.AUTO);
        }
        addStep(v, t, step, label);
        return v;
    }

    /**
     * The granularity of the watermarks that {@code t} (a source or a timestamp stage) creates: the
     * greatest common divisor of the frames ({@link AbstractTransform#watermarkFrame()}, a sliding
     * window's slide) of the transforms downstream of it, up to a transform that replaces event
     * time. As in Jet's planner: {@value #MAXIMUM_WATERMARK_GAP} when none needs frames (sessions,
     * {@code mapStateful} TTLs, no window), and a divisor of it when the gcd is larger, so two
     * watermarks are never more than that apart. Window ends are multiples of every slide, so they
     * are still hit exactly, while a fast stream emits at most one watermark per frame. The same
     * granularity as Jet's also means the same items are late as in Jet.
     */
    long watermarkGranularity(AbstractTransform t) {
        long gcd = 0;
        Set<AbstractTransform> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.ArrayDeque<AbstractTransform> todo = new java.util.ArrayDeque<>(downstream.getOrDefault(t, List.of()));
        while (!todo.isEmpty()) {
            AbstractTransform d = todo.poll();
            if (!seen.add(d) || d.replacesEventTime()) {
                continue;
            }
            long frame = d.watermarkFrame();
            if (frame > 0) {
                gcd = gcd == 0 ? frame : gcd(gcd, frame);
            }
            todo.addAll(downstream.getOrDefault(d, List.of()));
        }
        if (gcd == 0) {
            return MAXIMUM_WATERMARK_GAP;
        }
        return gcd > MAXIMUM_WATERMARK_GAP ? gcd(gcd, MAXIMUM_WATERMARK_GAP) : gcd;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /** The number of transforms that read {@code t}'s output. */
    int downstreamCount(AbstractTransform t) {
        return downstream.get(t).size();
    }

    /**
     * Adds a vertex where {@code t}'s output emerges (until a later step of {@code t} moves it).
     *
     * @param head      the head processor, or {@code null} for the identity
     * @param headLabel the head's label in the description, or {@code null}
     */
    PlannedVertex addVertex(AbstractTransform t, String baseName, int parallelism, ProcessorSupplier head, String headLabel) {
        String name = baseName;
        for (int i = 2; !vertexNames.add(name); i++) {
            name = baseName + "-" + i;
        }
        PlannedVertex v = new PlannedVertex(name, parallelism, head);
        if (headLabel != null) {
            v.labels.add(headLabel);
        }
        vertices.add(v);
        outputVertex.put(t, v);
        return v;
    }

    /**
     * Adds a vertex that is no transform's output (the sink of a side output, such as late items).
     *
     * @param label the vertex description
     */
    PlannedVertex addSideVertex(String baseName, int parallelism, ProcessorSupplier head, String label) {
        String name = baseName;
        for (int i = 2; !vertexNames.add(name); i++) {
            name = baseName + "-" + i;
        }
        PlannedVertex v = new PlannedVertex(name, parallelism, head);
        v.labels.add(label);
        vertices.add(v);
        return v;
    }

    /** Appends a fused step to {@code v}; {@code t}'s output now emerges from it. */
    void addStep(PlannedVertex v, AbstractTransform t, StepSupplier step, String label) {
        v.steps.add(step);
        v.labels.add(label);
        outputVertex.put(t, v);
    }

    /** {@code t} adds nothing: its output is its upstream's (a rebalance, which only changes edges). */
    void passThrough(AbstractTransform t, AbstractTransform upstream) {
        outputVertex.put(t, outputVertex.get(upstream));
    }

    /** Connects the output of transform {@code from} to input {@code destOrdinal} of {@code to}. */
    void connect(AbstractTransform from, PlannedVertex to, int destOrdinal, EdgeSpec spec) {
        EdgeSpec effective = spec;
        if (spec.policy == null && from instanceof RebalanceTransform rebalance) {
            effective = rebalance.edgeSpec().withPriority(spec.priority);
        }
        connect(outputVertex.get(from), to, destOrdinal, effective);
    }

    /** Connects the next free output ordinal of {@code from} to input {@code destOrdinal} of {@code to}. */
    void connect(PlannedVertex from, PlannedVertex to, int destOrdinal, EdgeSpec spec) {
        edges.add(new PlannedEdge(Objects.requireNonNull(from), -1, to, destOrdinal, spec));
    }

    /**
     * Connects output ordinal {@code sourceOrdinal} of {@code from} (a side output, such as late
     * items on ordinal 1) to input {@code destOrdinal} of {@code to}. Edges connected without an
     * explicit ordinal get the free ordinals around it.
     */
    void connectFromOrdinal(PlannedVertex from, int sourceOrdinal, PlannedVertex to, int destOrdinal, EdgeSpec spec) {
        edges.add(new PlannedEdge(Objects.requireNonNull(from), sourceOrdinal, to, destOrdinal, spec));
    }

    private Dag buildDag() {
        Dag dag = new Dag();
        Map<PlannedVertex, Vertex> made = new IdentityHashMap<>();
        for (PlannedVertex pv : vertices) {
            Vertex v = dag.newVertex(pv.name, Processors.fused(pv.head, pv.steps, pv.memberLabels()));
            v.localParallelism(pv.parallelism);
            v.description(String.join(" -> ", pv.labels));
            v.batchSize(pv.batchSize);
            v.batchWaitMillis(pv.batchWaitMillis);
            made.put(pv, v);
        }
        Map<PlannedVertex, Set<Integer>> reserved = new IdentityHashMap<>();
        for (PlannedEdge e : edges) {
            if (e.sourceOrdinal >= 0) {
                reserved.computeIfAbsent(e.from, k -> new HashSet<>()).add(e.sourceOrdinal);
            }
        }
        Map<PlannedVertex, Integer> nextOrdinal = new IdentityHashMap<>();
        for (PlannedEdge e : edges) {
            int ordinal = e.sourceOrdinal;
            if (ordinal < 0) {
                Set<Integer> taken = reserved.getOrDefault(e.from, Set.of());
                ordinal = nextOrdinal.getOrDefault(e.from, 0);
                while (taken.contains(ordinal)) {
                    ordinal++;
                }
                nextOrdinal.put(e.from, ordinal + 1);
            }
            Edge edge = Edge.from(made.get(e.from), ordinal).to(made.get(e.to), e.destOrdinal).priority(e.spec.priority);
            RoutingPolicy policy = e.spec.policy;
            if (policy == null) {
                boolean sameExplicit = e.from.parallelism != Vertex.DEFAULT_PARALLELISM && e.from.parallelism == e.to.parallelism;
                policy = sameExplicit ? RoutingPolicy.ISOLATED : RoutingPolicy.UNICAST;
            }
            switch (policy) {
                case UNICAST -> edge.unicast();
                case ISOLATED -> edge.isolated();
                case BROADCAST -> edge.broadcast();
                case ALL_TO_ONE -> edge.allToOne();
                case PARTITIONED -> edge.partitioned(e.spec.keyFn);
                default -> throw new AssertionError(policy);
            }
            dag.edge(edge);
        }
        dag.validate();
        return dag;
    }

    /** A vertex being planned: head, fused steps and their labels. */
    static final class PlannedVertex {
        final String name;
        final int parallelism;
        final ProcessorSupplier head;
        final List<StepSupplier> steps = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        /** The vertex's output batch size (0: the job's) and batch wait (-1: the job's); a stream source sets them. */
        int batchSize;
        long batchWaitMillis = -1;

        PlannedVertex(String name, int parallelism, ProcessorSupplier head) {
            this.name = name;
            this.parallelism = parallelism;
            this.head = head;
        }

        /** The labels of the fused processor's members: the head (or the identity), then each step. */
        List<String> memberLabels() {
            List<String> members = new ArrayList<>();
            int firstStepLabel = labels.size() - steps.size();
            members.add(head != null && firstStepLabel > 0 ? labels.get(0) : name);
            members.addAll(labels.subList(firstStepLabel, labels.size()));
            return members;
        }
    }

    private record PlannedEdge(PlannedVertex from, int sourceOrdinal, PlannedVertex to, int destOrdinal, EdgeSpec spec) {
    }

    /**
     * How an edge routes: a policy ({@code null}: decided from the parallelisms), the key of a
     * partitioned edge, and the priority.
     */
    record EdgeSpec(RoutingPolicy policy, FunctionEx<Object, ?> keyFn, int priority) {
        static final EdgeSpec AUTO = new EdgeSpec(null, null, 0);

        static EdgeSpec of(RoutingPolicy policy) {
            return new EdgeSpec(policy, null, 0);
        }

        static EdgeSpec partitioned(FunctionEx<Object, ?> keyFn) {
            return new EdgeSpec(RoutingPolicy.PARTITIONED, keyFn, 0);
        }

        EdgeSpec withPriority(int priority) {
            return new EdgeSpec(policy, keyFn, priority);
        }
    }
}
