package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Outbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.FunctionEx;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes each item as a line ({@code toStringFn(item) + '\n'}, UTF-8) to this instance's part
 * file {@code part-NNNNN} (NNNNN = global index) in the output directory, replacing it if it
 * exists. Flushed after each batch, so a streaming job's output shows up as it is produced.
 *
 * <p>Instance 0 also deletes part files numbered at or above the job's parallelism, left by an
 * earlier run with more instances: otherwise a reader of the directory would mix old and new
 * results. No instance writes those files, so this does not race with the other instances.
 */
public final class FileSinkP<T> implements Processor {
    static final int BUFFER_SIZE = 64 * 1024;
    private static final Pattern PART = Pattern.compile("part-(\\d{5,})");

    private final String directory;
    private final FunctionEx<? super T, String> toStringFn;
    private BufferedWriter writer;
    private Path file;

    public FileSinkP(String directory, FunctionEx<? super T, String> toStringFn) {
        this.directory = directory;
        this.toStringFn = toStringFn;
    }

    /** The name of the part file of instance {@code globalIndex}. */
    public static String partName(int globalIndex) {
        return String.format("part-%05d", globalIndex);
    }

    @Override
    public void init(Outbox outbox, ProcessorContext context) throws IOException {
        Path dir = FileChecks.checkOutputDirectory(directory);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create output directory '" + directory + "' (" + e
                    + "): pass a writable directory", e);
        }
        if (context.globalIndex() == 0) {
            deleteStaleParts(dir, context.totalParallelism());
        }
        file = dir.resolve(partName(context.globalIndex()));
        try {
            writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), StandardCharsets.UTF_8), BUFFER_SIZE);
        } catch (IOException e) {
            throw new IOException("cannot write output file '" + file + "' (" + e
                    + "): check the permissions of '" + directory + "' or pass a writable directory", e);
        }
    }

    private static void deleteStaleParts(Path dir, int parallelism) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, "part-*")) {
            for (Path p : parts) {
                Matcher m = PART.matcher(p.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) >= parallelism && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        BufferedWriter w = writer;
        try {
            for (int i = 0, n = batch.size(); i < n; i++) {
                w.write(toStringFn.applyEx((T) items[i]));
                w.write('\n');
            }
            w.flush();
        } catch (IOException e) {
            throw new IOException("cannot write output file '" + file + "': " + e, e);
        }
    }

    @Override
    public boolean complete() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (writer != null) {
            BufferedWriter w = writer;
            writer = null;
            w.close();
        }
    }
}
