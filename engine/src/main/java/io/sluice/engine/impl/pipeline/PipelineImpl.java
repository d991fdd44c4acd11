package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.Dag;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;

/** The pipeline: the graph of transforms the DSL builds. PLACEHOLDER: being written. */
public final class PipelineImpl implements Pipeline {
    @Override
    public <T> BatchStage<T> readFrom(BatchSource<? extends T> source) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Dag toDag() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean isEmpty() {
        return true;
    }
}
