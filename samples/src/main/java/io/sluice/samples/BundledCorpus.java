package io.sluice.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The small texts shipped with the word-count sample (a few files, one sub-folder, punctuation,
 * digits, mixed case and several scripts), copied out of the jar so a file source can read them.
 * A resource folder cannot be listed inside a jar, hence the index file.
 */
public final class BundledCorpus {
    private static final String BASE = "/sluice/samples/word-count/";

    private BundledCorpus() {
    }

    /** The files' paths relative to the corpus root, '/'-separated. */
    public static List<String> files() {
        try (InputStream in = BundledCorpus.class.getResourceAsStream(BASE + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("the bundled corpus index " + BASE + "index.txt is missing from the classpath");
            }
            List<String> names = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the corpus into {@code dir} (created if needed), keeping its sub-folders.
     *
     * @return {@code dir}
     */
    public static Path copyTo(Path dir) throws IOException {
        for (String name : files()) {
            Path target = dir.resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream in = BundledCorpus.class.getResourceAsStream(BASE + name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled corpus file " + BASE + name + " is missing from the classpath");
                }
                Files.copy(in, target);
            }
        }
        return dir;
    }

    /** Deletes {@code dir} and everything under it; best effort (for temporary copies). */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp folder is not worth failing the sample for
        }
    }
}
