package io.sluice.actors.impl;

import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.impl.execution.SnapshotListener;
import io.sluice.engine.snapshot.SnapshotStore;
import io.sluice.persistence.codec.Codecs;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot side of one stage instance, on the stage's thread: collects the key/value pairs its
 * driver saves, groups them by where they are restored to ({@link SnapshotKeys}: a key partition,
 * or {@code partitionCount + globalIndex} for instance-local state), encodes them with the
 * project's codecs in chunks of at most {@value #PAIRS_PER_CHUNK} pairs, writes the chunks to the
 * snapshot store and reports the instance's part of the snapshot to the execution coordinator.
 *
 * <p>A pair that cannot be encoded, or a store that cannot write (a full disk), fails this
 * snapshot, not the job: the report carries the reason, naming the stage and the class, and the
 * coordinator aborts the snapshot; the next interval tries again.
 */
final class InstanceSnapshots implements SnapshotListener {
    static final int PAIRS_PER_CHUNK = 4096;

    private final InstanceId id;
    private final String storeKey;
    private final String description;
    private final SnapshotStore store;
    private final int partitionCount;
    private final int globalIndex;
    private final ActorRef<JobCoordinator.Command> coordinator;
    private Codecs codecs;
    private final Map<Integer, List<Object>> pending = new HashMap<>();
    private long current = Long.MIN_VALUE;
    private long bytes;
    private String failure;

    InstanceSnapshots(InstanceId id, String storeKey, String description, SnapshotStore store, int partitionCount,
                      int globalIndex, ActorRef<JobCoordinator.Command> coordinator) {
        this.id = id;
        this.storeKey = storeKey;
        this.description = description;
        this.store = store;
        this.partitionCount = partitionCount;
        this.globalIndex = globalIndex;
        this.coordinator = coordinator;
    }

    /** The slot (store partition) a saved key goes to. */
    static int slotOf(Object key, int partitionCount, int globalIndex) {
        int p = SnapshotKeys.partitionOf(key, partitionCount);
        return p < 0 ? partitionCount + globalIndex : p;
    }

    @Override
    public void save(long snapshotId, Object key, Object value) {
        if (snapshotId != current) {
            begin(snapshotId);
        }
        if (failure != null) {
            return;
        }
        int slot;
        try {
            slot = slotOf(key, partitionCount, globalIndex);
        } catch (RuntimeException e) {
            failure = "stage '" + description + "' (" + id + ") saved a key of " + key.getClass().getName()
                    + " that cannot be placed in a partition: " + e;
            return;
        }
        List<Object> list = pending.computeIfAbsent(slot, s -> new ArrayList<>());
        list.add(key);
        list.add(value);
        if (list.size() >= 2 * PAIRS_PER_CHUNK) {
            write(slot, list);
        }
    }

    @Override
    public void saved(long snapshotId) {
        if (snapshotId != current) {
            begin(snapshotId);
        }
        if (failure == null) {
            for (Map.Entry<Integer, List<Object>> e : pending.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    write(e.getKey(), e.getValue());
                }
                if (failure != null) {
                    break;
                }
            }
        }
        coordinator.tell(new JobCoordinator.InstanceSnapshotSaved(id, snapshotId, bytes, failure));
        pending.clear();
        current = Long.MIN_VALUE;
    }

    /**
     * At most once: records the source's state (its offset) as handed on, before the output it
     * covers is pushed downstream. A failure to record fails the instance: going on would risk
     * repeating items after a restart.
     *
     * @param pairs the source's saved pairs {@code [k1, v1, ...]}
     */
    void recordSourceOffset(List<Object> pairs) {
        if (codecs == null) {
            codecs = Codecs.create();
        }
        store.writeSourceOffset(storeKey, id.vertexName(), globalIndex, codecs.encode(pairs));
    }

    private void begin(long snapshotId) {
        current = snapshotId;
        pending.clear();
        bytes = 0;
        failure = null;
    }

    private void write(int slot, List<Object> pairs) {
        try {
            if (codecs == null) {
                codecs = Codecs.create();
            }
            byte[] chunk = codecs.encode(pairs);
            store.writeChunk(storeKey, current, id.vertexName(), slot, chunk);
            bytes += chunk.length;
        } catch (RuntimeException e) {
            failure = "stage '" + description + "' (" + id + ") could not save its state for snapshot " + current + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage());
        }
        pairs.clear();
    }
}
