package io.sluice.persistence.snapshot;

import io.sluice.engine.snapshot.InMemorySnapshotStore;
import io.sluice.engine.snapshot.SnapshotStore;

/** The contract against the engine's {@link InMemorySnapshotStore}. */
class InMemorySnapshotStoreTest extends SnapshotStoreContractTest {

    @Override
    protected SnapshotStore newStore() {
        return new InMemorySnapshotStore();
    }
}
