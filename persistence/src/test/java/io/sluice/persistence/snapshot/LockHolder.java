package io.sluice.persistence.snapshot;

import java.nio.file.Path;

/**
 * A child JVM for {@link LevelDbSnapshotStoreTest}: opens the store in {@code args[0]}, prints
 * "ready" and holds it until its standard input closes.
 */
public final class LockHolder {

    private LockHolder() {
    }

    /**
     * Holds the store.
     *
     * @param args the directory
     * @throws Exception if the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        try (LevelDbSnapshotStore store = LevelDbSnapshotStore.open(Path.of(args[0]))) {
            System.out.println(store.directory() != null ? "ready" : "no directory");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
