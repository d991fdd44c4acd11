package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.Dag;
import io.sluice.engine.pipeline.BatchSource;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.StreamSourceStage;
import io.sluice.engine.pipeline.Stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The pipeline: the list of transforms the DSL adds, in the order they were added (which is
 * topological). Serializable: it travels to the nodes, which plan it with {@link #toDag()}.
 * Stage objects are only handles for the DSL and are not part of the serialized form.
 */
public final class PipelineImpl implements Pipeline {
    private final List<AbstractTransform> transforms = new ArrayList<>();

    @Override
    public <T> BatchStage<T> readFrom(BatchSource<? extends T> source) {
        Objects.requireNonNull(source, "source must not be null");
        if (!(source instanceof SourceImpl<?> impl)) {
            throw new IllegalArgumentException("source '" + source.name() + "' (" + source.getClass().getName()
                    + ") cannot be planned: create sources with SourceBuilder, BatchSource.fromProcessor or the connectors");
        }
        if (impl.streaming()) {
            throw new IllegalArgumentException("source '" + source.name() + "' is unbounded; a batch stage needs a finite source");
        }
        SourceTransform t = new SourceTransform(impl);
        add(t);
        return new BatchStageImpl<>(this, t);
    }

    @Override
    public <T> StreamSourceStage<T> readFrom(StreamSource<? extends T> source) {
        Objects.requireNonNull(source, "source must not be null");
        if (!(source instanceof StreamSourceImpl<?> impl)) {
            throw new IllegalArgumentException("stream source '" + source.name() + "' (" + source.getClass().getName()
                    + ") cannot be planned: create stream sources with SourceBuilder.stream/timestampedStream,"
                    + " TestSources or the connectors");
        }
        StreamSourceTransform t = new StreamSourceTransform(impl);
        add(t);
        return new StreamSourceStageImpl<>(this, t);
    }

    @Override
    public Dag toDag() {
        return new Planner(List.copyOf(transforms)).createDag();
    }

    @Override
    public boolean isEmpty() {
        return transforms.isEmpty();
    }

    void add(AbstractTransform t) {
        transforms.add(t);
    }

    /**
     * The transform of a stage given as an argument, checking that it belongs to this pipeline.
     *
     * @throws IllegalArgumentException naming the stage if it belongs to another pipeline
     */
    AbstractTransform transformOf(Stage stage, String paramName) {
        Objects.requireNonNull(stage, () -> paramName + " must not be null");
        if (!(stage instanceof AbstractStage s) || s.pipeline != this) {
            throw new IllegalArgumentException("stage '" + stage.name() + "' belongs to another pipeline; "
                    + paramName + " must be a stage of this pipeline");
        }
        return s.transform;
    }

    @Override
    public String toString() {
        return "Pipeline" + transforms;
    }
}
