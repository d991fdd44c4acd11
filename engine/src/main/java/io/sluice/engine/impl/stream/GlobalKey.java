package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The key of non-keyed aggregations and state. A record without components: every instance is
 * equal and its hash code (0) is the same in every JVM, so it partitions and restores stably. As a
 * snapshot key (alone or inside a {@link WindowFrameKey}) it is state of the instance
 * ({@link io.sluice.engine.core.SnapshotKeys.Local}).
 */
record GlobalKey() implements Serializable, io.sluice.engine.core.SnapshotKeys.Local {
    static final GlobalKey INSTANCE = new GlobalKey();
}
