package io.sluice.connectors.impl;

import io.sluice.connectors.BadBytesPolicy;
import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;

import java.io.IOException;
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
 */
public final class FileLinesP implements Processor {
    private final String directory;
    private final String glob;
    private static final Logger LOG = LoggerFactory.getLogger(FileLinesP.class);

    private final Charset charset;
    private final BadBytesPolicy policy;

    private Outbox outbox;
    private int batchSize;
    private List<Path> files;
    private int nextFile;
    private Path currentFile;
    private LineReader reader;
    private long replaced;

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
        Path dir = FileChecks.checkInputDirectory(directory);
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
            outbox.add(line);
            emitted++;
        }
        return false;
    }

    private boolean openNext() throws IOException {
        if (nextFile >= files.size()) {
            return false;
        }
        currentFile = files.get(nextFile++);
        try {
            reader = LineReader.open(currentFile, charset, policy);
        } catch (IOException e) {
            throw FileChecks.cannotRead(currentFile, e);
        }
        return true;
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
