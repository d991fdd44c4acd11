package io.sluice.actors.impl;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;

import org.fusesource.leveldbjni.JniDBFactory;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.Options;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A node's data directory, checked and locked before the actor system starts, so that a problem
 * stops start-up with a message naming the directory and the fix instead of showing as a journal
 * recovery timeout 30 s later (the LevelDB journal opens its database lazily, in an actor).
 *
 * <p>Layout: {@code sluice-format} (the format version, written at first start), {@code sluice.lock}
 * (held while a node runs on the directory), {@code journal/} (Pekko's LevelDB journal),
 * {@code snapshots/} (the LevelDB snapshot store).
 */
final class DataDirectory implements AutoCloseable {
    /** The version of the data directory's layout and of the journal's event formats. */
    static final int FORMAT_VERSION = 1;
    static final String FORMAT_FILE = "sluice-format";
    static final String LOCK_FILE = "sluice.lock";

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates (if needed), checks and locks the directory.
     *
     * @throws IllegalStateException if it cannot be created or written, is in use by another running
     *                               node, or was written by another format version; the message names
     *                               the directory and the fix
     */
    static DataDirectory open(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-probe", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("the data directory " + dir + " cannot be created or written (" + e
                    + "): pass a writable directory to SluiceConfig.withDataDirectory (or sluice.data-directory), or fix its"
                    + " permissions", e);
        }
        FileChannel channel;
        FileLock lock;
        try {
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("the data directory " + dir + " cannot be written (" + e + "): pass a"
                    + " writable directory or fix its permissions", e);
        }
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("the data directory " + dir + " is in use by another running Sluice node"
                    + " (it holds " + dir.resolve(LOCK_FILE) + "): stop that node first, or give this node its own data"
                    + " directory");
        }
        DataDirectory data = new DataDirectory(dir, channel, lock);
        try {
            data.checkFormat();
            data.probeJournal();
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        return data;
    }

    private void checkFormat() {
        Path file = dir.resolve(FORMAT_FILE);
        try {
            if (!Files.exists(file)) {
                boolean hasData = Files.exists(dir.resolve("journal")) || Files.exists(dir.resolve("snapshots"));
                if (hasData) {
                    throw new IllegalStateException("the data directory " + dir + " holds a journal or snapshots but no "
                            + FORMAT_FILE + " file: it was not written by this Sluice version; use a new, empty data"
                            + " directory");
                }
                Files.writeString(file, FORMAT_VERSION + "\n", StandardCharsets.UTF_8);
                return;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            int version;
            try {
                version = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("the data directory " + dir + " has an unreadable " + FORMAT_FILE
                        + " file ('" + text + "'): it is not a Sluice data directory or is damaged; use a new, empty data"
                        + " directory");
            }
            if (version != FORMAT_VERSION) {
                throw new IllegalStateException("the data directory " + dir + " was written by an incompatible Sluice"
                        + " format version " + version + " (this Sluice reads version " + FORMAT_VERSION + "): start the"
                        + " Sluice version that wrote it, or use a new, empty data directory");
            }
        } catch (IOException e) {
            throw new IllegalStateException("the data directory " + dir + " cannot be read or written (" + e + "): fix its"
                    + " permissions or pass another directory", e);
        }
    }

    /**
     * Opens and closes the journal's LevelDB database once: a damaged one fails here, with its cause,
     * instead of as a recovery timeout of the journal actor.
     */
    private void probeJournal() {
        Path journal = journal();
        if (!Files.isDirectory(journal)) {
            return;
        }
        try (DB db = JniDBFactory.factory.open(journal.toFile(), new Options().createIfMissing(true))) {
            db.getSnapshot().close();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the job journal in " + journal + " cannot be opened (" + e.getMessage()
                    + "): it is damaged or not a LevelDB journal; move the data directory " + dir + " away and start with"
                    + " a new one (its jobs are then lost)", e);
        }
    }

    Path path() {
        return dir;
    }

    Path journal() {
        return dir.resolve("journal");
    }

    Path snapshots() {
        return dir.resolve("snapshots");
    }

    /** The journal settings for this directory, to put over the node's configuration. */
    Config journalConfig() {
        return ConfigFactory.parseMap(Map.of(
                "pekko.persistence.journal.plugin", "pekko.persistence.journal.leveldb",
                "pekko.persistence.journal.leveldb.dir", journal().toString(),
                "pekko.persistence.journal.leveldb.native", ConfigValueFactory.fromAnyRef(true).unwrapped()),
                "Sluice data directory " + dir);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
