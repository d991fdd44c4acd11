/**
 * The LevelDB implementation of the engine's {@link io.sluice.engine.snapshot.SnapshotStore}.
 *
 * <pre>{@code
 * try (SnapshotStore store = LevelDbSnapshotStore.open(dataDirectory.resolve("snapshots"))) {
 *     store.writeChunk("job-1", 8, "count", 3, codecs.encode(state));
 *     store.commit("job-1", 8);   // fsync; snapshot 7 is deleted
 * }
 * }</pre>
 */
package io.sluice.persistence.snapshot;
