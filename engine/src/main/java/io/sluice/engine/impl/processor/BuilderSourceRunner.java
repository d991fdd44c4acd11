package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

/**
 * The runner of a {@code SourceBuilder} stream source: a state object made by {@code createFn},
 * filled by {@code fillBufferFn}, released by {@code destroyFn}; its position saved by
 * {@code createSnapshotFn} and restored by {@code restoreSnapshotFn} if the source has them
 * (see {@link SourceSnapshotFns}), else nothing is saved and a restored runner starts over.
 */
final class BuilderSourceRunner implements SourceRunner {
    private final BiConsumerEx<Object, Object> fillBufferFn;
    private final ConsumerEx<Object> destroyFn;
    private final Object state;
    private final SourceSnapshotFns.Participant snapshots;

    private BuilderSourceRunner(Object state, BiConsumerEx<Object, Object> fillBufferFn, ConsumerEx<Object> destroyFn,
                                String sourceName, int globalIndex, SourceSnapshotFns snapshotFns) {
        this.state = state;
        this.fillBufferFn = fillBufferFn;
        this.destroyFn = destroyFn;
        this.snapshots = new SourceSnapshotFns.Participant(snapshotFns, sourceName, globalIndex);
    }

    /** The factory of the runners of one builder source. */
    @SuppressWarnings("unchecked")
    static SourceRunner.Factory factory(String sourceName, FunctionEx<? super ProcessorContext, ?> createFn,
                                        BiConsumerEx<?, ?> fillBufferFn, ConsumerEx<?> destroyFn,
                                        SourceSnapshotFns snapshotFns) {
        BiConsumerEx<Object, Object> fill = (BiConsumerEx<Object, Object>) fillBufferFn;
        ConsumerEx<Object> destroy = (ConsumerEx<Object>) destroyFn;
        return ctx -> new BuilderSourceRunner(createFn.applyEx(ctx), fill, destroy, sourceName, ctx.globalIndex(),
                snapshotFns);
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        snapshots.save(state, snapshot);
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        snapshots.offer(key, value);
    }

    @Override
    public void finishSnapshotRestore() throws Exception {
        snapshots.finish(state);
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
