package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.pipeline.Traverser;

/** {@code flatMap}: any number of items out per item in. */
final class FlatMapTransform extends StatelessTransform {
    private final FunctionEx<?, ? extends Traverser<?>> flatMapFn;

    FlatMapTransform(AbstractTransform upstream, FunctionEx<?, ? extends Traverser<?>> flatMapFn) {
        super("flatMap", upstream);
        this.flatMapFn = flatMapFn;
    }

    @Override
    StepSupplier step() {
        return Processors.flatMapStep(flatMapFn);
    }
}
