package io.sluice.connectors.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks of input and output directories, shared by the factories (which fail at once, on the
 * client) and the processors (which check again where the job runs: the directory may be gone by
 * then, or the job may run on another machine). The messages name the path and the fix.
 */
public final class FileChecks {
    private FileChecks() {
    }

    /**
     * Checks that {@code directory} is an existing directory.
     *
     * @throws IllegalArgumentException naming the path and the fix
     */
    public static Path checkInputDirectory(String directory) {
        if (directory == null) {
            throw new IllegalArgumentException("input directory must not be null: pass an existing directory");
        }
        if (directory.isBlank()) {
            // Path.of("") is the current directory: never what an empty option value meant
            throw new IllegalArgumentException("input directory must not be empty: pass a directory path, for example 'books/'");
        }
        Path dir = Path.of(directory);
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("input directory '" + directory + "' does not exist: pass an existing directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("input path '" + directory
                    + "' is not a directory: pass the directory that holds the files");
        }
        if (!Files.isReadable(dir)) {
            throw new IllegalArgumentException("input directory '" + directory
                    + "' is not readable: fix its permissions or pass another directory");
        }
        return dir;
    }

    /**
     * Checks that {@code directory} is, or can be created as, a writable directory: the nearest
     * existing path (itself or an ancestor) must be a writable directory.
     *
     * @throws IllegalArgumentException naming the path and the fix
     */
    public static Path checkOutputDirectory(String directory) {
        if (directory == null) {
            throw new IllegalArgumentException("output directory must not be null: pass a writable directory");
        }
        if (directory.isBlank()) {
            throw new IllegalArgumentException("output directory must not be empty: pass a directory path, for example 'out/'");
        }
        Path dir = Path.of(directory);
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return dir; // nothing on the path exists, not even a root: let createDirectories report it
        }
        if (!Files.isDirectory(existing)) {
            if (existing.equals(dir.toAbsolutePath())) {
                throw new IllegalArgumentException("output directory '" + directory
                        + "' is a file, not a directory: pass a directory path (or remove the file)");
            }
            throw new IllegalArgumentException("output directory '" + directory + "' cannot be created: '" + existing
                    + "' is a file, not a directory: pass a path under a directory");
        }
        if (!Files.isWritable(existing)) {
            String what = existing.equals(dir.toAbsolutePath())
                    ? "output directory '" + directory + "' is not writable"
                    : "output directory '" + directory + "' cannot be created: '" + existing + "' is not writable";
            throw new IllegalArgumentException(what + ": fix its permissions or pass a writable directory");
        }
        return dir;
    }

    /**
     * The regular files under {@code dir}, sub-folders included, whose file name matches
     * {@code glob}, sorted by their path relative to {@code dir} (with '/' separators, so that
     * every instance and every platform sees the same order). The file sink's manifest
     * ({@value OutputDirectory#MANIFEST}) and its temporary part files ({@code .part-NNNNN-SSSSSS.tmp},
     * output not yet committed) are not data and never listed.
     */
    public static List<Path> listFiles(Path dir, String glob) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                .filter(p -> matcher.matches(p.getFileName()))
                .filter(p -> !p.getFileName().toString().equals(OutputDirectory.MANIFEST))
                .filter(p -> !OutputDirectory.isTempName(p.getFileName().toString()))
                .forEach(files::add);
        } catch (UncheckedIOException e) {
            throw new IOException("cannot list input directory '" + dir + "': " + e.getCause().getMessage(), e.getCause());
        }
        files.sort(Comparator.comparing(p -> relativeName(dir, p)));
        return files;
    }

    /** {@code file}'s path relative to {@code dir}, with '/' separators (as the listing sorts it). */
    static String relativeName(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** A one-line description of why {@code file} could not be read. */
    public static IOException cannotRead(Path file, IOException e) {
        String why;
        if (e instanceof java.nio.file.NoSuchFileException) {
            why = "it no longer exists (was it moved or deleted while the job ran?)";
        } else if (e instanceof BadBytesException) {
            why = "it is not text in the charset: " + e.getMessage();
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            why = "permission denied: make it readable by the user running Sluice";
        } else {
            why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return new IOException("cannot read file '" + file + "': " + why, e);
    }
}
