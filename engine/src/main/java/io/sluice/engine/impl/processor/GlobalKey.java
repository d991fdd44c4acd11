package io.sluice.engine.impl.processor;

import java.io.Serializable;

/** The snapshot key of the single accumulator of a global (non-keyed) aggregation; same hash code in every JVM. */
record GlobalKey() implements Serializable {
}
