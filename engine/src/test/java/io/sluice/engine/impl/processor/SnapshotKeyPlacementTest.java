package io.sluice.engine.impl.processor;

import io.sluice.engine.core.Partitioner;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.impl.stream.WindowFrameKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Where the engine's own snapshot keys are restored: instance-local keys stay local, wrappers follow the wrapped key. */
@Timeout(10)
class SnapshotKeyPlacementTest {
    private static final int PARTITIONS = 271;

    @Test
    void when_instanceStateKeys_then_local() {
        assertEquals(-1, SnapshotKeys.partitionOf(new GlobalKey(), PARTITIONS));
        assertEquals(-1, SnapshotKeys.partitionOf(new SortStep.Chunk(3, 0), PARTITIONS));
    }

    @Test
    void when_chainKey_then_placedByItsMembersKey() {
        assertEquals(Partitioner.partition("k", PARTITIONS), SnapshotKeys.partitionOf(new ChainKey(2, "k"), PARTITIONS));
        assertEquals(-1, SnapshotKeys.partitionOf(new ChainKey(1, new GlobalKey()), PARTITIONS), "a local inner key stays local");
        assertEquals(-1, SnapshotKeys.partitionOf(new ChainKey(1, new SortStep.Chunk(0, 4)), PARTITIONS));
    }

    @Test
    void when_windowFrameKey_then_placedByItsGroupingKey() {
        assertEquals(Partitioner.partition(42L, PARTITIONS), SnapshotKeys.partitionOf(new WindowFrameKey(1000, 42L), PARTITIONS));
        assertEquals(Partitioner.partition("k", PARTITIONS),
                SnapshotKeys.partitionOf(new ChainKey(1, new WindowFrameKey(1000, "k")), PARTITIONS));
    }
}
