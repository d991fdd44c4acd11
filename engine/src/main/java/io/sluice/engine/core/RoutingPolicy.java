package io.sluice.engine.core;

/** How an edge distributes items over the instances of its destination vertex. */
public enum RoutingPolicy {
    /** Each batch goes to one destination instance, taking them in turn (load balancing). */
    UNICAST,
    /** Producer instance {@code i} feeds consumer instance {@code i % consumers} only (no shuffle). */
    ISOLATED,
    /** Each item goes to the instance owning its key's partition. */
    PARTITIONED,
    /** Each item goes to every destination instance. */
    BROADCAST,
    /** Every item goes to destination instance 0 (the destination should have parallelism 1). */
    ALL_TO_ONE
}
