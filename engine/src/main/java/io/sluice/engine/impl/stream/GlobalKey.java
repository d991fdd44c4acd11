package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The key of non-keyed aggregations and state. A record without components: every instance is
 * equal and its hash code (0) is the same in every JVM, so it partitions and restores stably.
 */
record GlobalKey() implements Serializable {
    static final GlobalKey INSTANCE = new GlobalKey();
}
