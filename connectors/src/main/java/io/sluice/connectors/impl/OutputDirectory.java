package io.sluice.connectors.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file sink's claim on its output directory. Design note:
 *
 * <ul>
 * <li><b>Invariant:</b> the sink deletes or replaces only files it wrote itself. It knows them from
 * a manifest, {@value #MANIFEST}, in the output directory: a header line and one line per part file
 * ({@code part-NNNNN}) that a run of the sink has written there. A name is recorded <i>before</i>
 * its file is created, so a run that crashes half-way leaves nothing unrecorded.</li>
 * <li><b>Ownership:</b> a directory with a valid manifest is the sink's own output; a directory
 * that does not exist or is empty becomes so. Writing into any other directory needs
 * {@code overwrite}; even then only the part files of the run are replaced and nothing is deleted
 * that is not in the manifest.</li>
 * <li><b>Parallel instances:</b> every instance records its own part under a lock held on the
 * manifest (a JVM-wide monitor for instances in this JVM plus a {@link FileLock} for other
 * processes), as a read-modify-write of the whole small file. Instance 0 also deletes the recorded
 * parts numbered at or above the run's parallelism (left by an earlier run with more instances)
 * and drops them from the manifest. No instance of this run writes those files, so this does not
 * race with the others; a part whose number is below the parallelism is replaced by its instance.</li>
 * <li><b>Exactly once</b> ({@link TransactionalParts}): the sink writes {@code part-NNNNN-SSSSSS}
 * files (instance, sequence) through hidden temporary files {@code .part-NNNNN-SSSSSS.tmp}; each
 * final name is recorded before its temporary file is created, so the temporary file of a recorded
 * name is the sink's too.</li>
 * <li>Checks run twice: when the sink is built ({@link #checkAtBuild}, on the client, so a wrong
 * path fails before a job starts) and when each instance starts ({@link #claim}, where the job
 * runs).</li>
 * </ul>
 */
public final class OutputDirectory {
    /** The manifest's file name. Hidden, so that {@code ls} and {@code part-*} globs skip it. */
    public static final String MANIFEST = ".sluice-output";
    private static final String HEADER = "sluice-file-sink-manifest 1";
    private static final String HEADER_PREFIX = "sluice-file-sink-manifest ";
    private static final String COMMENT = "# The part files below were written here by Sluice's file sink. A later run of"
            + " the sink may replace or delete them, and nothing else in this directory.";
    private static final Pattern PART = Pattern.compile("part-(\\d{5,})(?:-(\\d{6,}))?");
    private static final Pattern TEMP = Pattern.compile("\\.part-\\d{5,}-\\d{6,}\\.tmp");
    private static final String OVERWRITE_HINT = "(Sinks.filesBuilder(dir).overwrite(true); --overwrite in the samples)";
    private static final Logger LOG = LoggerFactory.getLogger(OutputDirectory.class);
    /** Serialises manifest updates of all sink instances in this JVM ({@link FileLock}s are per process). */
    private static final Object JVM_LOCK = new Object();

    private OutputDirectory() {
    }

    /** The name of the part file of instance {@code globalIndex}. */
    public static String partName(int globalIndex) {
        return String.format("part-%05d", globalIndex);
    }

    /** The name of part {@code sequence} of instance {@code globalIndex} under exactly-once. */
    public static String partName(int globalIndex, long sequence) {
        return String.format("part-%05d-%06d", globalIndex, sequence);
    }

    /** The hidden temporary file a part is written to under exactly-once, until its snapshot commits. */
    public static String tempName(String partName) {
        return "." + partName + ".tmp";
    }

    /** Whether a file name is a temporary part file of the sink (never data: {@code Sources.files} skips it). */
    public static boolean isTempName(String fileName) {
        return TEMP.matcher(fileName).matches();
    }

    /** The instance index in a part name, or -1 if it is not one. */
    static int indexOf(String partName) {
        Matcher m = PART.matcher(partName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The sequence number in a part name of exactly-once output, or -1 for a plain part name or another name. */
    static long sequenceOf(String partName) {
        Matcher m = PART.matcher(partName);
        return m.matches() && m.group(2) != null ? Long.parseLong(m.group(2)) : -1;
    }

    /** Which recorded part files to delete, by instance index and sequence (-1: a plain part file). */
    interface PartFilter {
        boolean test(int index, long sequence);
    }

    /**
     * Checks, when the sink is built, that it may write into {@code directory}: a usable path
     * ({@link FileChecks#checkOutputDirectory}), not somebody else's non-empty directory (unless
     * {@code overwrite}), and creatable: a missing directory is created and removed again, because
     * only trying tells (for example {@code /proc/x} looks writable to root).
     *
     * @throws IllegalArgumentException naming the directory, the problem and the fix
     */
    public static void checkAtBuild(String directory, boolean overwrite) {
        Path dir = FileChecks.checkOutputDirectory(directory);
        if (Files.isDirectory(dir)) {
            try {
                if (!overwrite && !hasManifest(dir) && hasOtherFiles(dir)) {
                    throw notOurs(directory);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("output directory '" + directory + "' cannot be read (" + e
                        + "): fix its permissions or pass another directory", e);
            }
        } else {
            probeCreate(dir, directory);
        }
    }

    /**
     * Claims this instance's part file: checks ownership, records the part in the manifest and,
     * for instance 0, deletes the recorded parts of an earlier run with more instances. The
     * directory must exist.
     *
     * @return the part file to write
     * @throws IllegalArgumentException if the directory or the part file is not the sink's and
     *                                  {@code overwrite} is off
     */
    static Path claim(Path dir, String directory, int globalIndex, int totalParallelism, boolean overwrite)
            throws IOException {
        return claim(dir, directory, globalIndex, totalParallelism, overwrite, true);
    }

    /**
     * As {@link #claim(Path, String, int, int, boolean)}; with {@code deleteStale} off the stale parts
     * are left for {@link #deleteStale} (the sink does not know yet whether it starts afresh or is
     * restored from a snapshot, where the earlier output must stay).
     */
    static Path claim(Path dir, String directory, int globalIndex, int totalParallelism, boolean overwrite,
                      boolean deleteStale) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        String part = partName(globalIndex);
        Path partFile = dir.resolve(part);
        synchronized (JVM_LOCK) {
            boolean existed = Files.exists(manifest, LinkOption.NOFOLLOW_LINKS);
            boolean claimed = false;
            try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE)) {
                lockAgainstOtherProcesses(ch); // released when the channel closes
                String content = read(ch);
                boolean owned = isManifest(content);
                if (!owned && !overwrite && hasOtherFiles(dir)) {
                    throw notOurs(directory);
                }
                TreeSet<String> parts = owned ? parts(content) : new TreeSet<>();
                if (!parts.contains(part) && !overwrite && Files.exists(partFile, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalArgumentException("output file '" + partFile + "' exists but was not written by a"
                            + " Sluice file sink (it is not listed in " + MANIFEST + "): move it away, or set overwrite"
                            + " to replace it " + OVERWRITE_HINT);
                }
                parts.add(part);
                if (deleteStale) {
                    deleteParts(dir, parts, staleParts(globalIndex, totalParallelism));
                }
                write(ch, parts);
                claimed = true;
            } finally {
                if (!claimed && !existed) {
                    Files.deleteIfExists(manifest); // leave a refused directory as it was
                }
            }
        }
        return partFile;
    }

    /**
     * Locks the manifest against sink instances in other processes (other nodes on a shared file
     * system). A file system without locks (some network and FUSE mounts) still works: instances in
     * this JVM are serialised by {@link #JVM_LOCK} anyway.
     */
    private static void lockAgainstOtherProcesses(FileChannel ch) {
        try {
            ch.lock();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot lock the file sink manifest ({}); going on without a lock across processes", e.toString());
        }
    }

    /**
     * Deletes the recorded parts that {@code filter} selects (with the temporary file of an
     * exactly-once part) and drops them from {@code parts}.
     */
    private static void deleteParts(Path dir, TreeSet<String> parts, PartFilter filter) throws IOException {
        List<String> stale = new ArrayList<>();
        for (String name : parts) {
            Matcher m = PART.matcher(name);
            if (m.matches() && filter.test(Integer.parseInt(m.group(1)), m.group(2) == null ? -1 : Long.parseLong(m.group(2)))) {
                stale.add(name);
            }
        }
        for (String name : stale) {
            Path p = dir.resolve(name);
            // A symbolic link or directory under a recorded name is not what the sink wrote: leave it.
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                if (sequenceOf(name) >= 0) {
                    Files.deleteIfExists(dir.resolve(tempName(name)));
                }
                parts.remove(name);
            }
        }
    }

    /**
     * Stale for a plain (not exactly-once) sink instance starting afresh: the parts an earlier run
     * with more instances wrote (instance 0 deletes them), and the exactly-once parts
     * (part-NNNNN-SSSSSS) of this instance from an earlier run.
     */
    private static PartFilter staleParts(int globalIndex, int totalParallelism) {
        return (index, seq) -> (globalIndex == 0 && index >= totalParallelism) || (index == globalIndex && seq >= 0);
    }

    /** Deletes what {@link #claim} with {@code deleteStale} would have deleted. */
    static void deleteStale(Path dir, String directory, int globalIndex, int totalParallelism) throws IOException {
        deleteRecorded(dir, directory, staleParts(globalIndex, totalParallelism));
    }

    /**
     * Under exactly-once: checks that the sink may write into {@code dir} (as {@link #claim}) and
     * makes it the sink's own (writes the manifest), recording no part yet.
     */
    static void claimForTransactions(Path dir, String directory, boolean overwrite) throws IOException {
        update(dir, directory, overwrite, parts -> { });
    }

    /** Records {@code partName} in the manifest (before its file is created). */
    static void record(Path dir, String directory, String partName) throws IOException {
        update(dir, directory, true, parts -> parts.add(partName));
    }

    /** Deletes the recorded parts (and their temporary files) that {@code filter} selects. */
    static void deleteRecorded(Path dir, String directory, PartFilter filter) throws IOException {
        update(dir, directory, true, parts -> deleteParts(dir, parts, filter));
    }

    /** The recorded parts, for the exactly-once clean-up of temporary files. */
    static TreeSet<String> recorded(Path dir, String directory) throws IOException {
        TreeSet<String> result = new TreeSet<>();
        update(dir, directory, true, result::addAll);
        return result;
    }

    private interface ManifestChange {
        void apply(TreeSet<String> parts) throws IOException;
    }

    /** Read-modify-write of the manifest under the locks; refuses a foreign directory unless {@code overwrite}. */
    private static void update(Path dir, String directory, boolean overwrite, ManifestChange change) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        synchronized (JVM_LOCK) {
            boolean existed = Files.exists(manifest, LinkOption.NOFOLLOW_LINKS);
            boolean done = false;
            try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE)) {
                lockAgainstOtherProcesses(ch);
                String content = read(ch);
                boolean owned = isManifest(content);
                if (!owned && !overwrite && hasOtherFiles(dir)) {
                    throw notOurs(directory);
                }
                TreeSet<String> parts = owned ? parts(content) : new TreeSet<>();
                change.apply(parts);
                write(ch, parts);
                done = true;
            } finally {
                if (!done && !existed) {
                    Files.deleteIfExists(manifest);
                }
            }
        }
    }

    static boolean hasManifest(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(manifest, StandardOpenOption.READ)) {
            return isManifest(read(ch));
        }
    }

    private static boolean hasOtherFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().equals(MANIFEST)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isManifest(String content) {
        return content.startsWith(HEADER_PREFIX);
    }

    /** The recorded part names; other lines (comments, anything unexpected) are ignored, never deleted. */
    private static TreeSet<String> parts(String content) {
        TreeSet<String> parts = new TreeSet<>();
        for (String line : content.split("\n")) {
            String name = line.strip();
            if (PART.matcher(name).matches()) {
                parts.add(name);
            }
        }
        return parts;
    }

    private static String read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size > 16 * 1024 * 1024) {
            return ""; // not a manifest of ours
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) >= 0) {
            // keep reading
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static void write(FileChannel ch, TreeSet<String> parts) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append(COMMENT).append('\n');
        for (String p : parts) {
            sb.append(p).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        ch.truncate(0);
        while (buf.hasRemaining()) {
            ch.write(buf, buf.position());
        }
        ch.force(false);
    }

    private static IllegalArgumentException notOurs(String directory) {
        return new IllegalArgumentException("output directory '" + directory + "' is not empty and holds no output of a"
                + " Sluice file sink (it has no " + MANIFEST + " manifest): pass a new or empty directory, or set"
                + " overwrite to write into it anyway " + OVERWRITE_HINT);
    }

    /** Creates the missing directories of {@code dir}, then removes the ones it created. */
    private static void probeCreate(Path dir, String directory) {
        List<Path> created = new ArrayList<>();
        try {
            Path prefix = dir.toAbsolutePath().getRoot();
            for (Path name : dir.toAbsolutePath()) {
                prefix = prefix == null ? name : prefix.resolve(name);
                if (!Files.exists(prefix)) {
                    Files.createDirectory(prefix);
                    created.add(prefix);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory '" + directory + "' cannot be created ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): pass a directory on a writable file system", e);
        } finally {
            for (int i = created.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(created.get(i));
                } catch (IOException e) {
                    break; // something appeared in it meanwhile: not ours to remove
                }
            }
        }
    }
}
