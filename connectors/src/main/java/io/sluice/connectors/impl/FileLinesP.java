package io.sluice.connectors.impl;

import io.sluice.connectors.BadBytesPolicy;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotKeys;
import io.sluice.engine.core.SnapshotOutbox;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the lines of this instance's share of the files under a directory: file {@code k} of the
 * sorted listing goes to the instance with {@code globalIndex == k % totalParallelism}, so
 * instances read disjoint sets of whole files and together read every file once.
 *
 * <p>Each {@link #complete()} call emits up to a batch's worth of lines straight into the outbox
 * (no intermediate buffer) and stops early when the outbox reports its limit. Files are opened
 * one at a time, lazily, so an instance holds at most one open file.
 *
 * <p>Bad bytes (see {@link LineReader}) fail the job naming the file, the offset and the fixes, or,
 * under {@link BadBytesPolicy#REPLACE}, are counted ({@link #replacedCount()}) and reported with a
 * warning at the end of each file that had any.
 *
 * <p><i>Snapshot state</i> (instance-local, {@link Position}): the files of this instance not read
 * to the end yet (so the ones done are left out), in order, and where the next line of the first
 * of them starts: a byte offset where the reader can tell one (UTF-8, US-ASCII, ISO-8859-1), else
 * the number of lines read. A restored instance reads exactly those: the lists of all instances
 * restored to it, one after the other; an instance that gets no state (the job restored at a higher
 * parallelism) reads nothing, because the saved lists already cover every file.
 */
public final class FileLinesP implements Processor {
    private final String directory;
    private final String glob;
    private static final Logger LOG = LoggerFactory.getLogger(FileLinesP.class);

    private final Charset charset;
    private final BadBytesPolicy policy;

    private Outbox outbox;
    private int batchSize;
    private Path dir;
    private int globalIndex;
    private List<Path> files;
    private int nextFile;
    private Path currentFile;
    private LineReader reader;
    /** Lines read from the current file. */
    private long linesRead;
    /** Where the files at these indexes of {@link #files} start when opened (after a restore): part-way. */
    private final java.util.Map<Integer, Position> starts = new java.util.HashMap<>();
    private List<Position> restored;
    private long replaced;

    /** The snapshot key of a segment of an instance's position. */
    record Key(String directory, int globalIndex, int segment) implements SnapshotKeys.Local, Serializable {
    }

    /**
     * What an instance has left to read (a segment of it).
     *
     * @param files      the files not finished, relative to the directory, in reading order (first the current one)
     * @param byteOffset where the next line of the first file starts ({@link LineReader#bytePosition()}), or -1
     * @param skipLf     whether a '\n' at {@code byteOffset} ends the line before it
     * @param lines      lines of the first file already read (used when {@code byteOffset} is -1)
     */
    record Position(String[] files, long byteOffset, boolean skipLf, long lines) implements Serializable {
    }

    public FileLinesP(String directory, String glob, Charset charset, BadBytesPolicy policy) {
        this.directory = directory;
        this.glob = glob;
        this.charset = charset;
        this.policy = policy;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws IOException {
        this.outbox = outbox;
        this.batchSize = Math.max(1, context.batchSize());
        // Checked again here: the job may start long after the factory ran, or on another machine.
        dir = FileChecks.checkInputDirectory(directory);
        globalIndex = context.globalIndex();
        List<Path> all = FileChecks.listFiles(dir, glob);
        int n = context.totalParallelism();
        int me = context.globalIndex();
        files = new ArrayList<>(all.size() / Math.max(1, n) + 1);
        for (int k = me; k < all.size(); k += n) {
            files.add(all.get(k));
        }
    }

    /** How many bad byte sequences (and NULs) were replaced with U+FFFD in the files read so far (for tests and metrics). */
    public long replacedCount() {
        return replaced + (reader == null ? 0 : reader.replacedCount());
    }

    /** The files this instance reads, in order (after {@link #init}). */
    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void process(int ordinal, Batch batch) {
        throw new UnsupportedOperationException("a source has no inputs");
    }

    @Override
    public boolean complete() throws IOException {
        int emitted = 0;
        while (emitted < batchSize && !outbox.hasReachedLimit()) {
            if (reader == null && !openNext()) {
                return true;
            }
            String line;
            try {
                line = reader.readLine();
            } catch (BadBytesException e) {
                throw new IOException("file '" + currentFile + "' is not " + charset.name() + " text: " + e.getMessage()
                        + ": read it with its charset (Sources.filesBuilder(dir).charset(..); --charset in the samples),"
                        + " have bad bytes replaced with U+FFFD (onBadBytes(BadBytesPolicy.REPLACE); --on-bad-bytes replace),"
                        + " or leave the file out (glob(..))", e);
            } catch (IOException e) {
                throw FileChecks.cannotRead(currentFile, e);
            }
            if (line == null) {
                closeReader();
                continue;
            }
            linesRead++;
            outbox.add(line);
            emitted++;
        }
        return false;
    }

    private boolean openNext() throws IOException {
        if (nextFile >= files.size()) {
            return false;
        }
        Position start = starts.remove(nextFile);
        currentFile = files.get(nextFile++);
        linesRead = 0;
        try {
            reader = LineReader.open(currentFile, charset, policy);
            if (start != null) {
                resume(start);
            }
        } catch (IOException e) {
            throw FileChecks.cannotRead(currentFile, e);
        }
        return true;
    }

    /** Moves the just-opened reader to a saved position. */
    private void resume(Position start) throws IOException {
        if (start.byteOffset() >= 0 && reader.bytePosition() != null) {
            reader.seek(new long[] {start.byteOffset(), start.skipLf() ? 1 : 0});
        } else {
            for (long i = 0; i < start.lines(); i++) {
                if (reader.readLine() == null) {
                    throw new IOException("the file has fewer than the " + start.lines() + " lines read before the"
                            + " snapshot: it changed since the snapshot was taken");
                }
            }
        }
        linesRead = start.lines();
    }

    /**
     * Saves what is left as segments: a run of files whose first may start part-way. One segment
     * normally; after a restore of several positions into this instance, one per position left.
     */
    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) {
        List<Position> segments = new ArrayList<>();
        List<String> current = null;
        Position first = null;
        int from = nextFile;
        if (reader != null) {
            long[] position = reader.bytePosition();
            first = new Position(null, position == null ? -1 : position[0], position != null && position[1] != 0, linesRead);
            current = new ArrayList<>();
            current.add(FileChecks.relativeName(dir, currentFile));
        }
        for (int i = from; i < files.size(); i++) {
            Position start = starts.get(i);
            if (current == null || start != null) {
                if (current != null) {
                    segments.add(segment(current, first));
                }
                current = new ArrayList<>();
                first = start;
            }
            current.add(FileChecks.relativeName(dir, files.get(i)));
        }
        if (current != null) {
            segments.add(segment(current, first));
        }
        for (int i = 0; i < segments.size(); i++) {
            snapshot.save(new Key(directory, globalIndex, i), segments.get(i));
        }
        return true;
    }

    private static Position segment(List<String> files, Position start) {
        return start == null ? new Position(files.toArray(new String[0]), 0, false, 0)
                : new Position(files.toArray(new String[0]), start.byteOffset(), start.skipLf(), start.lines());
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        if (key instanceof Key k && k.directory().equals(directory)) {
            if (restored == null) {
                restored = new ArrayList<>();
            }
            restored.add((Position) value);
        }
    }

    /** Reads what the restored segments have left, one after the other, each from its saved position. */
    @Override
    public void finishSnapshotRestore() throws IOException {
        List<Position> positions = restored == null ? List.of() : restored;
        restored = null;
        if (reader != null) {
            closeReader();
        }
        files = new ArrayList<>();
        nextFile = 0;
        starts.clear();
        for (Position p : positions) {
            if (p.files().length > 0 && (p.byteOffset() != 0 || p.lines() != 0)) {
                starts.put(files.size(), p);
            }
            for (String name : p.files()) {
                files.add(dir.resolve(name));
            }
        }
    }

    private void closeReader() throws IOException {
        LineReader r = reader;
        reader = null;
        if (r.replacedCount() > 0) {
            replaced += r.replacedCount();
            LOG.warn("file '{}': replaced {} bad byte sequence{} with U+FFFD (not valid {}; the first at {})", currentFile,
                    r.replacedCount(), r.replacedCount() == 1 ? "" : "s", charset.name(), r.firstReplaced());
        }
        r.close();
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            closeReader();
        }
    }
}
