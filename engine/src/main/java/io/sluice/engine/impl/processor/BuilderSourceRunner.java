package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

/**
 * The runner of a {@code SourceBuilder} stream source: a state object made by {@code createFn},
 * filled by {@code fillBufferFn}, released by {@code destroyFn}.
 */
final class BuilderSourceRunner implements SourceRunner {
    private final BiConsumerEx<Object, Object> fillBufferFn;
    private final ConsumerEx<Object> destroyFn;
    private final Object state;

    private BuilderSourceRunner(Object state, BiConsumerEx<Object, Object> fillBufferFn, ConsumerEx<Object> destroyFn) {
        this.state = state;
        this.fillBufferFn = fillBufferFn;
        this.destroyFn = destroyFn;
    }

    /** The factory of the runners of one builder source. */
    @SuppressWarnings("unchecked")
    static SourceRunner.Factory factory(FunctionEx<? super ProcessorContext, ?> createFn, BiConsumerEx<?, ?> fillBufferFn,
                                        ConsumerEx<?> destroyFn) {
        BiConsumerEx<Object, Object> fill = (BiConsumerEx<Object, Object>) fillBufferFn;
        ConsumerEx<Object> destroy = (ConsumerEx<Object>) destroyFn;
        return ctx -> new BuilderSourceRunner(createFn.applyEx(ctx), fill, destroy);
    }

    @Override
    public void fill(TimestampedSourceBuffer<Object> buffer) throws Exception {
        fillBufferFn.acceptEx(state, buffer);
    }

    @Override
    public void close() throws Exception {
        destroyFn.acceptEx(state);
    }
}
