package io.sluice.engine.impl.pipeline;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM-wide stores of collecting sinks, keyed by the sink's id, so that the sink itself (which
 * travels with the job) holds only the id and stays serializable.
 *
 * <p>Entries are weak: the user's sink object (and a running processor) holds its store strongly,
 * so a store lives as long as someone can read it and is dropped after that, instead of leaking
 * with every test that makes a sink.
 */
public final class CollectorRegistry {
    private static final Map<UUID, WeakReference<Store>> STORES = new ConcurrentHashMap<>();

    private CollectorRegistry() {
    }

    /** The store of sink {@code id}, created if there is none (or it was dropped). */
    public static Store lookupOrCreate(UUID id) {
        STORES.values().removeIf(ref -> ref.get() == null);
        for (;;) {
            WeakReference<Store> ref = STORES.get(id);
            Store store = ref == null ? null : ref.get();
            if (store != null) {
                return store;
            }
            Store created = new Store();
            WeakReference<Store> newRef = new WeakReference<>(created);
            if (ref == null ? STORES.putIfAbsent(id, newRef) == null : STORES.replace(id, ref, newRef)) {
                return created;
            }
        }
    }

    /** The items collected by one sink, in arrival order (batches are appended whole). */
    public static final class Store {
        private final List<Object> items = new ArrayList<>();

        public synchronized void addAll(Object[] batch, int size) {
            items.addAll(Arrays.asList(batch).subList(0, size));
        }

        /** A copy of the items collected so far. */
        public synchronized List<Object> snapshot() {
            return new ArrayList<>(items);
        }

        /** Removes all items. */
        public synchronized void clear() {
            items.clear();
        }
    }
}
