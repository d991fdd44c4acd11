package io.sluice.engine.impl.processor;

import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code createSnapshotFn} / {@code restoreSnapshotFn} pair of a {@code SourceBuilder} source,
 * and what one instance does with it: on a snapshot, save {@code createSnapshotFn(state)} under a
 * {@link SnapshotKeys.Local} key of its index; on restore, collect the values of those keys it
 * receives and hand them all to {@code restoreSnapshotFn} once the restore is finished.
 *
 * <p>Not thread-safe; one {@link Restore} per instance.
 */
public record SourceSnapshotFns(FunctionEx<Object, Object> createSnapshotFn,
                                BiConsumerEx<Object, List<Object>> restoreSnapshotFn) implements Serializable {

    public SourceSnapshotFns {
        Objects.requireNonNull(createSnapshotFn, "createSnapshotFn");
        Objects.requireNonNull(restoreSnapshotFn, "restoreSnapshotFn");
    }

    /** Creates the pair from a builder's typed functions. */
    @SuppressWarnings("unchecked")
    public static SourceSnapshotFns of(FunctionEx<?, ?> createSnapshotFn, BiConsumerEx<?, ?> restoreSnapshotFn) {
        return new SourceSnapshotFns((FunctionEx<Object, Object>) createSnapshotFn,
                (BiConsumerEx<Object, List<Object>>) restoreSnapshotFn);
    }

    /**
     * The key a builder source's state is saved under: state of the instance with this global
     * index, restored to the instance with the same index.
     *
     * @param sourceName  the source's name (two builder sources fused in one chain do not mix)
     * @param globalIndex the saving instance's global index
     */
    public record Key(String sourceName, int globalIndex) implements SnapshotKeys.Local, Serializable {
    }

    /** Saves {@code createSnapshotFn(state)}; a {@code null} snapshot fails with a message naming the source. */
    public void save(String sourceName, int globalIndex, Object state, SnapshotOutbox snapshot) throws Exception {
        Object value = createSnapshotFn.applyEx(state);
        if (value == null) {
            throw new IllegalStateException("createSnapshotFn of source '" + sourceName + "' returned null: return an"
                    + " object holding the source's position (for example its offset)");
        }
        snapshot.save(new Key(sourceName, globalIndex), value);
    }

    /**
     * How one source instance takes part in snapshots: saves {@code createSnapshotFn(state)} and,
     * on restore, gathers its states for {@code restoreSnapshotFn}. Without snapshot functions
     * ({@code fns == null}) it saves and restores nothing.
     */
    public static final class Participant {
        private final SourceSnapshotFns fns;
        private final String sourceName;
        private final int globalIndex;
        private final List<Object> states = new ArrayList<>();

        public Participant(SourceSnapshotFns fns, String sourceName, int globalIndex) {
            this.fns = fns;
            this.sourceName = sourceName;
            this.globalIndex = globalIndex;
        }

        /** Saves the state, if the source has snapshot functions. */
        public void save(Object state, SnapshotOutbox snapshot) throws Exception {
            if (fns != null) {
                fns.save(sourceName, globalIndex, state, snapshot);
            }
        }

        /** Takes a restored value if {@code key} is this source's. */
        public void offer(Object key, Object value) {
            if (fns != null && key instanceof Key k && k.sourceName().equals(sourceName)) {
                states.add(value);
            }
        }

        /**
         * Calls {@code restoreSnapshotFn(state, states)} (with an empty list if this instance got none).
         *
         * @return whether the source has snapshot functions (and so was restored)
         */
        public boolean finish(Object state) throws Exception {
            if (fns == null) {
                return false;
            }
            List<Object> restored = List.copyOf(states);
            states.clear();
            fns.restoreSnapshotFn().acceptEx(state, restored);
            return true;
        }
    }
}
