package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.Vertex;
import io.sluice.engine.impl.util.Util;

import java.io.Serializable;
import java.util.List;

/**
 * One operator of the logical pipeline: its name, inputs and local parallelism, and how it adds
 * itself to the DAG ({@link #addToDag}). Transforms know nothing of batch or stream stages, so
 * stream stages reuse them. They travel with the pipeline, so they are serializable and hold no
 * planning state.
 */
public abstract class AbstractTransform implements Serializable {
    private final String defaultName;
    private final List<AbstractTransform> upstream;
    private String name;
    private int localParallelism = Vertex.DEFAULT_PARALLELISM;
    private boolean timestamped;

    /** By default a transform's output has event time when its first input has (stateless transforms keep it). */
    protected AbstractTransform(String defaultName, List<AbstractTransform> upstream) {
        this.defaultName = defaultName;
        this.name = defaultName;
        this.upstream = List.copyOf(upstream);
        this.timestamped = !upstream.isEmpty() && upstream.get(0).timestamped;
    }

    /**
     * Whether this transform's output items are {@code TimestampedItem}s with watermarks (a stream
     * stage with event time). Stages after it see the inner items; the planner wraps their steps.
     */
    public boolean timestamped() {
        return timestamped;
    }

    void setTimestamped(boolean timestamped) {
        this.timestamped = timestamped;
    }

    /** The transforms this one reads from, in input-ordinal order. */
    public List<AbstractTransform> upstream() {
        return upstream;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = Util.checkName(name, "name");
    }

    /** The requested local parallelism, or -1 (default). */
    public int localParallelism() {
        return localParallelism;
    }

    /** Sets the local parallelism; subclasses reject values they cannot honour. */
    public void setLocalParallelism(int localParallelism) {
        if (localParallelism == 0 || localParallelism < Vertex.DEFAULT_PARALLELISM) {
            throw new IllegalArgumentException("localParallelism of stage '" + name
                    + "' must be positive or -1 (default: one per core), but was " + localParallelism);
        }
        this.localParallelism = localParallelism;
    }

    /**
     * The label of one phase of this transform in a vertex description: the phase alone
     * ({@code "accumulate"}) for a stage with its default name, else {@code "name(accumulate)"}.
     */
    protected String label(String phase) {
        return name.equals(defaultName) ? phase : name + "(" + phase + ")";
    }

    /** Whether the transform after this one may be fused into this one's vertex. */
    boolean allowsFusionAfter() {
        return true;
    }

    /** Adds this transform's vertices, fused steps and edges. Upstream transforms are already planned. */
    abstract void addToDag(Planner planner);

    /**
     * The event-time frame this transform needs watermarks to hit exactly (a sliding window's
     * slide), or 0 when any watermark will do. The planner throttles the watermarks of the sources
     * and timestamp stages upstream to the greatest common divisor of these frames.
     */
    long watermarkFrame() {
        return 0;
    }

    /** Whether this transform replaces event time, so watermarks from upstream stop at it. */
    boolean replacesEventTime() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "('" + name + "')";
    }
}
