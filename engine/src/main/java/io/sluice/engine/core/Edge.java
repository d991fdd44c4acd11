package io.sluice.engine.core;

import io.sluice.engine.function.FunctionEx;

import java.io.Serializable;
import java.util.Objects;

/**
 * A directed connection from an output ordinal of one vertex to an input ordinal of another.
 *
 * <pre>{@code
 * dag.edge(Edge.from(accumulate).to(combine).partitioned(KeyedResult::key));
 * }</pre>
 */
public final class Edge implements Serializable {
    private final Vertex source;
    private final int sourceOrdinal;
    private Vertex destination;
    private int destOrdinal;
    private RoutingPolicy routing = RoutingPolicy.UNICAST;
    private FunctionEx<Object, Object> partitionKeyFn;
    private int priority;

    private Edge(Vertex source, int sourceOrdinal) {
        this.source = Objects.requireNonNull(source, "source");
        this.sourceOrdinal = sourceOrdinal;
    }

    /** Starts an edge from output ordinal 0 of {@code source}. */
    public static Edge from(Vertex source) {
        return from(source, 0);
    }

    /** Starts an edge from output ordinal {@code ordinal} of {@code source}. */
    public static Edge from(Vertex source, int ordinal) {
        return new Edge(source, ordinal);
    }

    /** Shorthand for {@code from(a).to(b)}. */
    public static Edge between(Vertex a, Vertex b) {
        return from(a).to(b);
    }

    /** Ends the edge at input ordinal 0 of {@code destination}. */
    public Edge to(Vertex destination) {
        return to(destination, 0);
    }

    /** Ends the edge at input ordinal {@code ordinal} of {@code destination}. */
    public Edge to(Vertex destination, int ordinal) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.destOrdinal = ordinal;
        return this;
    }

    /** Routes each item to the instance that owns the partition of {@code keyFn(item)}. */
    @SuppressWarnings("unchecked")
    public <T> Edge partitioned(FunctionEx<? super T, ?> keyFn) {
        this.routing = RoutingPolicy.PARTITIONED;
        this.partitionKeyFn = (FunctionEx<Object, Object>) (FunctionEx<?, ?>) Objects.requireNonNull(keyFn, "keyFn");
        return this;
    }

    /** Sends every item to every destination instance. */
    public Edge broadcast() {
        this.routing = RoutingPolicy.BROADCAST;
        return this;
    }

    /** Sends every item to destination instance 0. */
    public Edge allToOne() {
        this.routing = RoutingPolicy.ALL_TO_ONE;
        return this;
    }

    /** Producer instance {@code i} feeds consumer instance {@code i % consumers} only. */
    public Edge isolated() {
        this.routing = RoutingPolicy.ISOLATED;
        return this;
    }

    /** Batches go to destination instances in turn (the default). */
    public Edge unicast() {
        this.routing = RoutingPolicy.UNICAST;
        return this;
    }

    /**
     * Sets the priority: the destination consumes no input of a higher priority value until all
     * inputs with lower values have completed (a hash join reads its build side first). Default 0.
     */
    public Edge priority(int priority) {
        this.priority = priority;
        return this;
    }

    public Vertex source() {
        return source;
    }

    public int sourceOrdinal() {
        return sourceOrdinal;
    }

    public Vertex destination() {
        return destination;
    }

    public int destOrdinal() {
        return destOrdinal;
    }

    public RoutingPolicy routing() {
        return routing;
    }

    /** The partitioning key function, or {@code null} unless {@link RoutingPolicy#PARTITIONED}. */
    public FunctionEx<Object, Object> partitionKeyFn() {
        return partitionKeyFn;
    }

    public int priority() {
        return priority;
    }

    @Override
    public String toString() {
        return source.name() + "[" + sourceOrdinal + "] -> " + (destination == null ? "?" : destination.name())
                + "[" + destOrdinal + "] " + routing.name().toLowerCase()
                + (priority != 0 ? " priority=" + priority : "");
    }
}
