package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.io.Serializable;

/**
 * The data side of one runner (instance) of a stream source: {@link StreamSourceP} calls
 * {@link #fill} repeatedly and handles batching, event time, idleness and pacing around it.
 */
public interface SourceRunner {

    /** Adds the items available now (about a batch at most), or none; {@code buffer.close()} ends the source. */
    void fill(TimestampedSourceBuffer<Object> buffer) throws Exception;

    /** Saves the runner's position (offsets); {@code false} to be called again. */
    default boolean saveToSnapshot(SnapshotOutbox snapshot) throws Exception {
        return true;
    }

    /** Receives one saved key/value pair (of any runner: runners restored into fewer instances merge). */
    default void restoreFromSnapshot(Object key, Object value) throws Exception {
    }

    /** Called after the last {@link #restoreFromSnapshot}. */
    default void finishSnapshotRestore() throws Exception {
    }

    /** Releases resources; called once, also after a failure or cancellation. */
    default void close() throws Exception {
    }

    /** Creates the runner of each source instance; travels with the job. */
    @FunctionalInterface
    interface Factory extends Serializable {
        SourceRunner create(ProcessorContext context) throws Exception;
    }
}
