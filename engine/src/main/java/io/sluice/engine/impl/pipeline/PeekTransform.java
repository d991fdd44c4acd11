package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

/**
 * {@code peek}: a stateless step that logs the items passing through and passes them on
 * unchanged; fused into the upstream vertex like {@code map} (on a stream with event time it sees
 * the inner items).
 */
final class PeekTransform extends StatelessTransform {
    private final PredicateEx<?> shouldLogFn;
    private final FunctionEx<?, ? extends CharSequence> toStringFn;

    PeekTransform(AbstractTransform upstream, PredicateEx<?> shouldLogFn, FunctionEx<?, ? extends CharSequence> toStringFn) {
        super("peek", upstream);
        this.shouldLogFn = shouldLogFn;
        this.toStringFn = toStringFn;
    }

    @Override
    StepSupplier step() {
        return Processors.peekStep(shouldLogFn, toStringFn, name());
    }
}
