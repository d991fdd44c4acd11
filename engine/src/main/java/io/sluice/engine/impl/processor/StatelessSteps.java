package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.pipeline.Traverser;

/** The stateless fused steps: map, filter, flatMap. */
final class StatelessSteps {
    private StatelessSteps() {
    }

    /** {@code mapFn(item)}, dropping {@code null} results. */
    static final class MapStep implements ItemProcessor {
        private final FunctionEx<Object, Object> mapFn;
        private Emitter emitter;

        MapStep(FunctionEx<Object, Object> mapFn) {
            this.mapFn = mapFn;
        }

        @Override
        public void init(Emitter emitter, ProcessorContext context) {
            this.emitter = emitter;
        }

        @Override
        public void processItem(Object item) throws Exception {
            Object result = mapFn.applyEx(item);
            if (result != null) {
                emitter.emit(result);
            }
        }
    }

    /** Items for which {@code filterFn} is true. */
    static final class FilterStep implements ItemProcessor {
        private final PredicateEx<Object> filterFn;
        private Emitter emitter;

        FilterStep(PredicateEx<Object> filterFn) {
            this.filterFn = filterFn;
        }

        @Override
        public void init(Emitter emitter, ProcessorContext context) {
            this.emitter = emitter;
        }

        @Override
        public void processItem(Object item) throws Exception {
            if (filterFn.testEx(item)) {
                emitter.emit(item);
            }
        }
    }

    /** The items of the traverser {@code flatMapFn(item)} returns; {@code null} counts as empty. */
    static final class FlatMapStep implements ItemProcessor {
        private final FunctionEx<Object, ? extends Traverser<?>> flatMapFn;
        private Emitter emitter;

        FlatMapStep(FunctionEx<Object, ? extends Traverser<?>> flatMapFn) {
            this.flatMapFn = flatMapFn;
        }

        @Override
        public void init(Emitter emitter, ProcessorContext context) {
            this.emitter = emitter;
        }

        @Override
        public void processItem(Object item) throws Exception {
            Traverser<?> traverser = flatMapFn.applyEx(item);
            if (traverser == null) {
                return;
            }
            for (Object out; (out = traverser.next()) != null; ) {
                emitter.emit(out);
            }
        }
    }
}
