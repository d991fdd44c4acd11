package io.sluice.engine.pipeline;

/** What every stage of a pipeline has: a name and a local parallelism. */
public interface Stage {
    /** The pipeline this stage belongs to. */
    Pipeline getPipeline();

    /** The stage's name (shown in the DAG, metrics and errors). */
    String name();

    /**
     * Sets the stage's name.
     *
     * @param name non-empty name
     * @return this stage
     */
    Stage setName(String name);

    /**
     * Sets how many instances of this stage run on each node; {@code -1} (the default) means one
     * per core.
     *
     * @param localParallelism a positive number, or -1
     * @return this stage
     * @throws IllegalArgumentException for 0 or values below -1
     */
    Stage setLocalParallelism(int localParallelism);
}
