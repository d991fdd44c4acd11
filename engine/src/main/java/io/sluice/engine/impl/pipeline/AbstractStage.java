package io.sluice.engine.impl.pipeline;

import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Stage;

/** What every stage implementation has: its pipeline and the transform it stands for. */
public abstract class AbstractStage implements Stage {
    final PipelineImpl pipeline;
    final AbstractTransform transform;

    AbstractStage(PipelineImpl pipeline, AbstractTransform transform) {
        this.pipeline = pipeline;
        this.transform = transform;
    }

    @Override
    public Pipeline getPipeline() {
        return pipeline;
    }

    @Override
    public String name() {
        return transform.name();
    }

    /** Renames the stage; subclasses return themselves with their own type. */
    void applyName(String name) {
        transform.setName(name);
    }

    /** Sets the stage's parallelism (validated by its transform). */
    void applyLocalParallelism(int localParallelism) {
        transform.setLocalParallelism(localParallelism);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "('" + name() + "')";
    }
}
