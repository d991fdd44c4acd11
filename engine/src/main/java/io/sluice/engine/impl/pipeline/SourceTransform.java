package io.sluice.engine.impl.pipeline;

import java.util.List;

/** Reads a source: the head of a new vertex, which later stateless stages fuse into. */
final class SourceTransform extends AbstractTransform {
    private final SourceImpl<?> source;

    SourceTransform(SourceImpl<?> source) {
        super(source.name(), List.of());
        this.source = source;
    }

    @Override
    void addToDag(Planner planner) {
        int parallelism = localParallelism() != -1 ? localParallelism() : source.preferredLocalParallelism();
        planner.addVertex(this, name(), parallelism, source.supplier(), name());
    }
}
