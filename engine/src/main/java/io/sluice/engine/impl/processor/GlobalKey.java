package io.sluice.engine.impl.processor;

import java.io.Serializable;

/**
 * The snapshot key of the single accumulator of a global (non-keyed) aggregation; same hash code in every JVM.
 * State of the instance ({@link io.sluice.engine.core.SnapshotKeys.Local}): restored to the instance with the same index.
 */
record GlobalKey() implements Serializable, io.sluice.engine.core.SnapshotKeys.Local {
}
