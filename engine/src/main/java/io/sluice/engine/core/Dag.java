package io.sluice.engine.core;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The physical plan of a job: vertices (each run by several processor instances) connected by
 * edges. The planner builds it from a {@code Pipeline}; it can also be built by hand.
 *
 * <pre>{@code
 * Dag dag = new Dag();
 * Vertex read = dag.newVertex("read", sourceSupplier);
 * Vertex write = dag.newVertex("write", sinkSupplier);
 * dag.edge(Edge.between(read, write));
 * }</pre>
 */
public final class Dag implements Serializable {
    private final Map<String, Vertex> vertices = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    /** Adds a vertex. Names must be unique within the DAG. */
    public Vertex newVertex(String name, ProcessorSupplier supplier) {
        if (vertices.containsKey(name)) {
            throw new IllegalArgumentException("vertex name '" + name + "' is already used in this DAG; give each vertex a unique name");
        }
        Vertex v = new Vertex(name, supplier);
        vertices.put(name, v);
        return v;
    }

    /** Adds an edge between two vertices of this DAG. */
    public Dag edge(Edge edge) {
        if (edge.destination() == null) {
            throw new IllegalArgumentException("edge from '" + edge.source().name() + "' has no destination: call to(..)");
        }
        requireOwn(edge.source());
        requireOwn(edge.destination());
        for (Edge e : edges) {
            if (e.source() == edge.source() && e.sourceOrdinal() == edge.sourceOrdinal()) {
                throw new IllegalArgumentException("output ordinal " + edge.sourceOrdinal() + " of '" + edge.source().name()
                        + "' is already connected; use another ordinal");
            }
            if (e.destination() == edge.destination() && e.destOrdinal() == edge.destOrdinal()) {
                throw new IllegalArgumentException("input ordinal " + edge.destOrdinal() + " of '" + edge.destination().name()
                        + "' is already connected; use another ordinal");
            }
        }
        edges.add(edge);
        return this;
    }

    private void requireOwn(Vertex v) {
        if (vertices.get(v.name()) != v) {
            throw new IllegalArgumentException("vertex '" + v.name() + "' does not belong to this DAG");
        }
    }

    public List<Vertex> vertices() {
        return List.copyOf(vertices.values());
    }

    public Vertex vertex(String name) {
        return vertices.get(name);
    }

    public List<Edge> edges() {
        return Collections.unmodifiableList(edges);
    }

    /** The edges into {@code v}, sorted by destination ordinal. */
    public List<Edge> inboundEdges(Vertex v) {
        List<Edge> in = new ArrayList<>();
        for (Edge e : edges) {
            if (e.destination() == v) {
                in.add(e);
            }
        }
        in.sort((a, b) -> Integer.compare(a.destOrdinal(), b.destOrdinal()));
        return in;
    }

    /** The edges out of {@code v}, sorted by source ordinal. */
    public List<Edge> outboundEdges(Vertex v) {
        List<Edge> out = new ArrayList<>();
        for (Edge e : edges) {
            if (e.source() == v) {
                out.add(e);
            }
        }
        out.sort((a, b) -> Integer.compare(a.sourceOrdinal(), b.sourceOrdinal()));
        return out;
    }

    /**
     * Checks that the DAG can run: not empty, no cycle, ordinals of each vertex contiguous from 0.
     *
     * @throws IllegalStateException naming the problem
     */
    public void validate() {
        if (vertices.isEmpty()) {
            throw new IllegalStateException("the DAG is empty: add at least one vertex");
        }
        topologicalOrder();
        for (Vertex v : vertices.values()) {
            checkContiguous(v, inboundEdges(v), true);
            checkContiguous(v, outboundEdges(v), false);
        }
    }

    private static void checkContiguous(Vertex v, List<Edge> list, boolean inbound) {
        for (int i = 0; i < list.size(); i++) {
            int ord = inbound ? list.get(i).destOrdinal() : list.get(i).sourceOrdinal();
            if (ord != i) {
                throw new IllegalStateException((inbound ? "input" : "output") + " ordinals of vertex '" + v.name()
                        + "' must be 0.." + (list.size() - 1) + " without gaps, but ordinal " + i + " is missing");
            }
        }
    }

    /**
     * The vertices in topological order (every vertex after all vertices feeding it).
     *
     * @throws IllegalStateException if the DAG has a cycle, naming the vertices on it
     */
    public List<Vertex> topologicalOrder() {
        Map<Vertex, Integer> inDegree = new HashMap<>();
        for (Vertex v : vertices.values()) {
            inDegree.put(v, 0);
        }
        for (Edge e : edges) {
            inDegree.merge(e.destination(), 1, Integer::sum);
        }
        Deque<Vertex> ready = new ArrayDeque<>();
        for (Vertex v : vertices.values()) {
            if (inDegree.get(v) == 0) {
                ready.add(v);
            }
        }
        List<Vertex> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            Vertex v = ready.poll();
            order.add(v);
            for (Edge e : outboundEdges(v)) {
                if (inDegree.merge(e.destination(), -1, Integer::sum) == 0) {
                    ready.add(e.destination());
                }
            }
        }
        if (order.size() != vertices.size()) {
            TreeSet<String> onCycle = new TreeSet<>();
            inDegree.forEach((v, d) -> {
                if (d > 0) {
                    onCycle.add(v.name());
                }
            });
            throw new IllegalStateException("the DAG has a cycle through vertices " + onCycle
                    + "; a pipeline must flow one way from sources to sinks");
        }
        return order;
    }

    /** A readable listing of vertices and edges. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("dag\n");
        for (Vertex v : vertices.values()) {
            sb.append("  vertex ").append(v.name());
            sb.append(" (parallelism ").append(v.localParallelism() == Vertex.DEFAULT_PARALLELISM ? "default"
                    : String.valueOf(v.localParallelism())).append(")");
            if (!v.description().isEmpty()) {
                sb.append(": ").append(v.description());
            }
            sb.append('\n');
        }
        for (Edge e : edges) {
            sb.append("  edge ").append(e).append('\n');
        }
        return sb.toString();
    }

    /** The DAG in Graphviz DOT format ({@code dot -Tsvg}). */
    public String toDotString() {
        StringBuilder sb = new StringBuilder("digraph DAG {\n");
        for (Vertex v : vertices.values()) {
            String label = v.name() + (v.localParallelism() == Vertex.DEFAULT_PARALLELISM ? "" : " [" + v.localParallelism() + "]")
                    + (v.description().isEmpty() ? "" : "\\n" + v.description());
            sb.append("  \"").append(escape(v.name())).append("\" [label=\"").append(escape(label).replace("\\\\n", "\\n"))
                    .append("\"];\n");
        }
        for (Edge e : edges) {
            sb.append("  \"").append(escape(e.source().name())).append("\" -> \"").append(escape(e.destination().name()))
                    .append("\" [label=\"").append(e.routing().name().toLowerCase())
                    .append(e.priority() != 0 ? " priority " + e.priority() : "").append("\"");
            if (e.routing() == RoutingPolicy.PARTITIONED || e.routing() == RoutingPolicy.ALL_TO_ONE) {
                sb.append(", style=bold");
            }
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
