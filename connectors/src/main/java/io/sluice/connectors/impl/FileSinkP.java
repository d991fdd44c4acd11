package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.job.ProcessingGuarantee;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes each item as a line ({@code toStringFn(item) + '\n'}, UTF-8) to this instance's part
 * file {@code part-NNNNN} (NNNNN = global index) in the output directory, replacing it if it
 * exists (appending to it after a restore from a snapshot, so that at-least-once loses nothing).
 * Flushed after each batch, so a streaming job's output shows up as it is produced.
 *
 * <p>Which files the sink may replace or delete is decided by {@link OutputDirectory}: only the
 * part files recorded in the directory's manifest, and a foreign non-empty directory only with
 * {@code overwrite}. Instance 0 also deletes the recorded parts of an earlier run with more instances.
 *
 * <p>Under {@link ProcessingGuarantee#EXACTLY_ONCE} the sink commits in two phases instead
 * ({@link TransactionalParts}): it writes {@code part-NNNNN-SSSSSS} files through hidden temporary
 * files that it renames when the snapshot commits. Under the other guarantees it writes one part
 * file per instance as above, and flushes it in {@link #snapshotCommitPrepare}.
 *
 * <p><i>Snapshot state:</i> under exactly-once, the parts prepared and not committed and the next
 * sequence number (instance-local); none otherwise.
 */
public final class FileSinkP<T> implements Processor {
    static final int BUFFER_SIZE = 64 * 1024;

    private final String directory;
    private final FunctionEx<? super T, String> toStringFn;
    private final boolean overwrite;
    private BufferedWriter writer;
    private Path file;
    private Path dir;
    private ProcessorContext context;
    /** Without exactly-once: restored from a snapshot, so the part file is appended to, not replaced. */
    private boolean restored;
    /** Under exactly-once, else {@code null}. */
    private TransactionalParts parts;

    public FileSinkP(String directory, FunctionEx<? super T, String> toStringFn, boolean overwrite) {
        this.directory = directory;
        this.toStringFn = toStringFn;
        this.overwrite = overwrite;
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws IOException {
        dir = FileChecks.checkOutputDirectory(directory);
        this.context = context;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create output directory '" + directory + "' (" + e
                    + "): pass a writable directory", e);
        }
        if (context.processingGuarantee() == ProcessingGuarantee.EXACTLY_ONCE) {
            OutputDirectory.claimForTransactions(dir, directory, overwrite);
            parts = new TransactionalParts(dir, directory, context.globalIndex(), context.totalParallelism());
            return;
        }
        file = OutputDirectory.claim(dir, directory, context.globalIndex(), context.totalParallelism(), overwrite, false);
    }

    /**
     * The part file's writer, opened at first use: a fresh start replaces the part file (and
     * deletes stale parts); after a restore from a snapshot (at-least-once, at-most-once) the sink
     * appends, so the output written before the failure stays.
     */
    private BufferedWriter writer() throws IOException {
        if (writer == null) {
            if (!restored) {
                OutputDirectory.deleteStale(dir, directory, context.globalIndex(), context.totalParallelism());
            } else {
                cutTornLine(file);
            }
            try {
                writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                        restored ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE), StandardCharsets.UTF_8), BUFFER_SIZE);
            } catch (IOException e) {
                throw new IOException("cannot write output file '" + file + "' (" + e
                        + "): check the permissions of '" + directory + "' or pass a writable directory", e);
            }
        }
        return writer;
    }

    /**
     * A process killed while it wrote may have left half a line at the end of the part file: cut
     * the file back to its last complete line before appending (the restart writes that line's item
     * again, or, at most once, loses it).
     */
    static void cutTornLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long end = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            long pos = end;
            while (pos > 0) {
                int n = (int) Math.min(buf.capacity(), pos);
                buf.clear().limit(n);
                ch.read(buf, pos - n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        long keep = pos - n + i + 1;
                        if (keep < end) {
                            ch.truncate(keep);
                        }
                        return;
                    }
                }
                pos -= n;
            }
            ch.truncate(0); // not one complete line
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        java.io.Writer w = parts != null ? parts.writer() : writer();
        try {
            for (int i = 0, n = batch.size(); i < n; i++) {
                w.write(toStringFn.applyEx((T) items[i]));
                w.write('\n');
            }
            if (parts == null) {
                w.flush(); // under exactly-once nobody reads the temporary file: flushed when it is prepared
            }
        } catch (IOException e) {
            throw new IOException("cannot write output file '" + (file != null ? file : directory) + "': " + e, e);
        }
    }

    @Override
    public boolean snapshotCommitPrepare() throws IOException {
        if (parts != null) {
            parts.prepare();
        } else if (writer != null) {
            writer.flush();
        }
        return true;
    }

    @Override
    public boolean saveToSnapshot(SnapshotOutbox snapshot) throws IOException {
        if (parts != null) {
            parts.save(snapshot);
        }
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) throws IOException {
        if (parts != null && success) {
            parts.commit();
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Object key, Object value) {
        if (parts != null) {
            parts.restore(key, value);
        }
    }

    @Override
    public void finishSnapshotRestore() throws IOException {
        if (parts != null) {
            parts.finishRestore();
        } else {
            restored = true;
        }
    }

    @Override
    public boolean complete() throws IOException {
        if (parts != null) {
            parts.complete();
        } else {
            writer().flush();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (parts != null) {
            TransactionalParts p = parts;
            parts = null;
            p.abort();
        }
        if (writer != null) {
            BufferedWriter w = writer;
            writer = null;
            w.close();
        }
    }
}
