package io.sluice.connectors.impl;

import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.SnapshotOutbox;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file sink's two-phase commit under {@code EXACTLY_ONCE}. Design note:
 *
 * <ul>
 * <li><b>Files.</b> Output goes to part files {@code part-NNNNN-SSSSSS} (instance index, sequence),
 * written through a hidden temporary file {@code .part-NNNNN-SSSSSS.tmp} that no reader takes as
 * output. A part's final name is recorded in the directory's manifest before its temporary file
 * is created ({@link OutputDirectory}). A file is opened at the first item after a snapshot, so a
 * quiet instance writes no empty parts.</li>
 * <li><b>Phases.</b> {@link #prepare} (the barrier arrived): closes the current file (flushed and
 * forced to disk) and adds it to the prepared list. {@link #save}: the prepared-not-committed files
 * and the next sequence number, under a {@link SnapshotKeys.Local} key. {@link #commit} (the snapshot
 * committed): renames every prepared file to its final name; a file already renamed is fine, so
 * it is idempotent. A failed snapshot keeps them for the next commit. The job's end ({@link #complete})
 * prepares and commits what is left.</li>
 * <li><b>Restart.</b> On restore the files recorded in the restored state are committed (they
 * belong to the committed snapshot; the failure may have come before their rename), and every
 * other temporary file of the instances this one replaces (index modulo parallelism) is deleted:
 * it holds output after the snapshot, which the sources replay. The sequence number comes back
 * from the state, so names never collide across executions. A fresh start (no restore) deletes
 * the parts this instance index wrote in an earlier run (instance 0 also those of indexes at or
 * above the parallelism): a new run replaces its output, as the plain file sink does.</li>
 * </ul>
 * Not thread-safe: used by one sink instance.
 */
final class TransactionalParts {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalParts.class);

    /** The snapshot key of an instance's sink state. */
    record Key(String directory, int globalIndex) implements SnapshotKeys.Local, Serializable {
    }

    /**
     * The saved state of an instance.
     *
     * @param nextSequence the sequence number of the instance's next part
     * @param prepared     final names of the parts prepared and not yet known to be committed
     */
    record State(long nextSequence, String[] prepared) implements Serializable {
    }

    private final Path dir;
    private final String directory;
    private final int globalIndex;
    private final int totalParallelism;
    private final List<String> prepared = new ArrayList<>();
    private final List<State> restored = new ArrayList<>();
    private long nextSequence;
    private boolean started;
    private boolean restoring;
    /** The open temporary file, or {@code null}. */
    private Writer writer;
    private FileChannel channel;
    private String currentName;

    TransactionalParts(Path dir, String directory, int globalIndex, int totalParallelism) {
        this.dir = dir;
        this.directory = directory;
        this.globalIndex = globalIndex;
        this.totalParallelism = totalParallelism;
    }

    /** The writer of the current temporary file, opened if needed. */
    Writer writer() throws IOException {
        start();
        if (writer == null) {
            open();
        }
        return writer;
    }

    /** Phase one: closes the current file and marks it prepared. */
    void prepare() throws IOException {
        start();
        if (writer != null) {
            Writer w = writer;
            FileChannel ch = channel;
            writer = null;
            channel = null;
            try (ch) {
                w.flush();
                ch.force(true);
                w.close();
            } catch (IOException e) {
                throw new IOException("cannot finish output file '" + dir.resolve(OutputDirectory.tempName(currentName))
                        + "': " + e, e);
            }
            prepared.add(currentName);
            currentName = null;
        }
    }

    /** Saves the prepared-not-committed parts and the next sequence number. */
    void save(SnapshotOutbox snapshot) throws IOException {
        start();
        snapshot.save(new Key(directory, globalIndex), new State(nextSequence, prepared.toArray(new String[0])));
    }

    /** Phase two: the snapshot committed; renames every prepared part to its final name. */
    void commit() throws IOException {
        for (String name : prepared) {
            rename(name);
        }
        prepared.clear();
    }

    /** The job ends: everything written is committed. */
    void complete() throws IOException {
        prepare();
        commit();
    }

    /** Takes one saved key/value pair if it is this sink's. */
    void restore(Object key, Object value) {
        restoring = true;
        if (key instanceof Key k && k.directory().equals(directory)) {
            State s = (State) value;
            restored.add(s);
            if (k.globalIndex() == globalIndex) {
                nextSequence = Math.max(nextSequence, s.nextSequence());
            }
        }
    }

    /** Commits the restored prepared parts and deletes the other temporary files of the replaced instances. */
    void finishRestore() throws IOException {
        started = true;
        restoring = false;
        Set<String> names = new LinkedHashSet<>();
        for (State s : restored) {
            names.addAll(List.of(s.prepared()));
        }
        restored.clear();
        for (String name : names) {
            rename(name);
        }
        int me = globalIndex;
        int n = totalParallelism;
        OutputDirectory.deleteRecorded(dir, directory, (index, seq) -> seq >= 0 && index % n == me
                && !Files.exists(dir.resolve(OutputDirectory.partName(index, seq)), LinkOption.NOFOLLOW_LINKS));
    }

    /** On failure or cancellation: closes the temporary file, which a restore or the next run deletes. */
    void abort() throws IOException {
        if (writer != null) {
            Writer w = writer;
            writer = null;
            channel = null;
            w.close();
        }
    }

    /** The first use without a restore is a fresh start: deletes this index's parts of an earlier run. */
    private void start() throws IOException {
        if (started || restoring) {
            return;
        }
        started = true;
        int me = globalIndex;
        int n = totalParallelism;
        OutputDirectory.deleteRecorded(dir, directory, (index, seq) -> index == me || (me == 0 && index >= n));
    }

    private void open() throws IOException {
        String name;
        do {
            name = OutputDirectory.partName(globalIndex, nextSequence++);
        } while (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(dir.resolve(OutputDirectory.tempName(name)), LinkOption.NOFOLLOW_LINKS));
        OutputDirectory.record(dir, directory, name);
        Path temp = dir.resolve(OutputDirectory.tempName(name));
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot write output file '" + temp + "' (" + e
                    + "): check the permissions of '" + directory + "' or pass a writable directory", e);
        }
        writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
                FileSinkP.BUFFER_SIZE);
        currentName = name;
    }

    /** Renames a prepared part's temporary file to the final name; done already is fine. */
    private void rename(String name) throws IOException {
        Path temp = dir.resolve(OutputDirectory.tempName(name));
        Path target = dir.resolve(name);
        if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new IOException("cannot commit output file '" + temp + "' as '" + target + "': " + e, e);
            }
        } else if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("output file '{}' was prepared in a snapshot but neither it nor its temporary file '{}' exists"
                    + " (deleted by hand?): its lines are missing from the output", target, temp);
        }
    }
}
