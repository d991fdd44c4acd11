package io.sluice.engine.impl.pipeline;

import io.sluice.engine.pipeline.SinkStage;

/** The end of a branch: a sink. */
final class SinkStageImpl extends AbstractStage implements SinkStage {
    SinkStageImpl(PipelineImpl pipeline, SinkTransform transform) {
        super(pipeline, transform);
    }

    @Override
    public SinkStage setName(String name) {
        applyName(name);
        return this;
    }

    @Override
    public SinkStage setLocalParallelism(int localParallelism) {
        applyLocalParallelism(localParallelism);
        return this;
    }
}
