package io.sluice.engine.pipeline;

/** The stage a {@link GeneralStage#writeTo} call returns: the end of a branch of the pipeline. */
public interface SinkStage extends Stage {
    @Override
    SinkStage setName(String name);

    @Override
    SinkStage setLocalParallelism(int localParallelism);
}
