/**
 * The snapshot store: where a job's snapshot data (stage state and source offsets, per vertex
 * and per key partition or instance index) lives between a snapshot and a recovery.
 *
 * <pre>{@code
 * try (SnapshotStore store = new InMemorySnapshotStore()) {
 *     store.writeChunk("job-1", 7, "count", 3, stateBytes);
 *     store.commit("job-1", 7);                       // older snapshots of job-1 are deleted
 *     SnapshotData last = store.readLastCommitted("job-1").orElseThrow();
 *     List<byte[]> chunks = last.chunks("count", 3);  // [stateBytes]
 * }
 * }</pre>
 *
 * <p>{@link io.sluice.engine.snapshot.InMemorySnapshotStore} serves nodes without a data
 * directory; the persistence module has the LevelDB implementation.
 */
package io.sluice.engine.snapshot;
