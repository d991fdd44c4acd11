package io.sluice.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a deterministic text corpus for the word-count benchmark: {@value #FILES} files in nested
 * folders, words drawn from a Zipf-like distribution (rank {@code k} has weight {@code 1/k}, like
 * natural language) over about {@value #VOCABULARY} synthetic words, with sentence case, some
 * all-caps words, punctuation, numbers and a few non-ASCII words. The same seed and size give the
 * same bytes, so results from different runs and machines count the same text.
 *
 * <p>A marker file next to the corpus records its parameters; a corpus with the same marker is
 * reused, anything else is deleted and written again.
 */
final class CorpusGenerator {
    static final int FILES = 64;
    static final int VOCABULARY = 50_000;
    private static final long SEED = 20_240_601L;
    private static final int FORMAT_VERSION = 1;
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
            "v", "w", "z", "br", "ch", "cl", "dr", "fl", "gr", "pl", "qu", "sh", "st", "th", "tr", ""};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "y", "é", "ü", "ö"};
    private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "l", "m", "ck", "ng", "ß"};

    private CorpusGenerator() {
    }

    /** The corpus under {@code corpusDir} of about {@code sizeMb} MB (10^6 bytes), reused when already there. */
    static Path ensure(Path corpusDir, Path markerFile, int sizeMb) throws IOException {
        String marker = "size-mb=" + sizeMb + "\nfiles=" + FILES + "\nvocabulary=" + VOCABULARY + "\nseed=" + SEED
                + "\nversion=" + FORMAT_VERSION + "\n";
        if (Files.isDirectory(corpusDir) && Files.isRegularFile(markerFile)
                && Files.readString(markerFile).equals(marker)) {
            return corpusDir;
        }
        Files.deleteIfExists(markerFile);
        deleteRecursively(corpusDir);
        System.err.printf(Locale.ROOT, "# generating a %d MB corpus in %s ...%n", sizeMb, corpusDir);
        long start = System.nanoTime();
        generate(corpusDir, (long) sizeMb * 1_000_000L);
        Files.writeString(markerFile, marker); // written last: an interrupted run is regenerated
        System.err.printf(Locale.ROOT, "# generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return corpusDir;
    }

    private static void generate(Path dir, long totalBytes) throws IOException {
        Random rnd = new Random(SEED);
        String[] words = vocabulary(rnd);
        double[] cdf = zipfCdf(words.length);
        long perFile = Math.max(1, totalBytes / FILES);
        StringBuilder line = new StringBuilder(160);
        for (int f = 0; f < FILES; f++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "d%d/s%d/words-%02d.txt", f % 4, (f / 4) % 4, f));
            Files.createDirectories(file.getParent());
            long written = 0;
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
                    StandardCharsets.UTF_8), 1 << 16)) {
                boolean sentenceStart = true;
                while (written < perFile) {
                    line.setLength(0);
                    int wordsInLine = 6 + rnd.nextInt(10);
                    for (int w = 0; w < wordsInLine; w++) {
                        String word = words[sample(cdf, rnd.nextDouble())];
                        int style = rnd.nextInt(100);
                        if (sentenceStart || style < 3) {
                            word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                        } else if (style < 4) {
                            word = word.toUpperCase(Locale.ROOT);
                        }
                        if (w > 0) {
                            line.append(' ');
                        }
                        if (style == 50) {
                            line.append('"').append(word).append('"');
                        } else {
                            line.append(word);
                        }
                        sentenceStart = false;
                        int punct = rnd.nextInt(100);
                        if (punct < 7) {
                            line.append(',');
                        } else if (punct < 12) {
                            line.append(punct < 11 ? '.' : '!');
                            sentenceStart = true;
                        } else if (punct == 12) {
                            line.append(" -");
                        } else if (punct == 13) {
                            line.append(" (").append(rnd.nextInt(2000)).append(')');
                        }
                    }
                    line.append(rnd.nextInt(50) == 0 ? "\r\n" : "\n");
                    out.append(line);
                    written += utf8Length(line);
                }
            }
        }
    }

    /** Distinct pronounceable words, shortest (most frequent) first, with a few numbers mixed in. */
    private static String[] vocabulary(Random rnd) {
        Set<String> words = new LinkedHashSet<>();
        int attempts = 0;
        while (words.size() < VOCABULARY) {
            if (++attempts % 97 == 0) {
                words.add(Integer.toString(rnd.nextInt(100_000))); // numbers are words too
                continue;
            }
            int syllables = 1 + Math.min(3, (int) Math.abs(rnd.nextGaussian() * 1.3));
            StringBuilder sb = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                sb.append(ONSETS[rnd.nextInt(ONSETS.length)]);
                // mostly ASCII vowels: accented ones are rarer in real text
                sb.append(VOWELS[rnd.nextInt(rnd.nextInt(10) == 0 ? VOWELS.length : 9)]);
            }
            sb.append(CODAS[rnd.nextInt(rnd.nextInt(10) == 0 ? CODAS.length : CODAS.length - 1)]);
            words.add(sb.toString());
        }
        List<String> list = new ArrayList<>(words);
        list.sort(Comparator.comparingInt(String::length)); // stable: keeps the seeded order within a length
        return list.toArray(new String[0]);
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
