package io.sluice.samples;

import io.sluice.engine.pipeline.Traverser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class WordCountTest {
    /** The definition of a word, written the obvious slow way. */
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{Nd}]+");

    @TempDir
    Path dir;

    @Test
    void when_edgeCases_then_expectedWords() {
        assertWords("", List.of());
        assertWords("   ", List.of());
        assertWords("Hello, World!", List.of("hello", "world"));
        assertWords("don't e-mail 3.14 1st", List.of("don", "t", "e", "mail", "3", "14", "1st"));
        assertWords("tab\tseparated_words", List.of("tab", "separated", "words"));
        assertWords("ÉTÉ Été été", List.of("été", "été", "été"));
        assertWords("Straße STRASSE", List.of("straße", "strasse"));
        assertWords("日本語のテキスト", List.of("日本語のテキスト"));
        assertWords("٣ ६ 𝟘", List.of("٣", "६", "𝟘")); // decimal digits of other scripts, one outside the BMP
        assertWords("𝒜𝒷𝒸 😀 🌊x", List.of("𝒜𝒷𝒸", "x")); // supplementary letters yes, emoji no
        assertWords("a\uD800b \uDC00c", List.of("a", "b", "c")); // lone surrogates separate
        assertWords("İstanbul", List.of("i̇stanbul")); // cut first, then lower-cased (to two chars)
        assertWords("café\u0301", List.of("café")); // a combining mark is not a letter
        assertWords("ABCdef123XYZ", List.of("abcdef123xyz"));
    }

    @Test
    void when_everyBmpChar_then_sameAsRegex() {
        for (int c = 0; c <= 0xFFFF; c++) {
            String s = "a" + (char) c + "B" + (char) c;
            assertEquals(reference(s), words(s), () -> "char U+" + Integer.toHexString(s.charAt(1)));
        }
    }

    @Test
    void when_randomText_then_sameAsRegex() {
        Random rnd = new Random(7);
        int[] pool = "aZ09 ,.-'\t\r\nÄéßİ日本ΣσЖж٣६\u0301".codePoints().toArray();
        int[] supplementary = {0x1D49C, 0x1D7D8, 0x1F600, 0x20000, 0xD800, 0xDC00};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(40);
            for (int i = 0; i < len; i++) {
                int r = rnd.nextInt(10);
                if (r < 7) {
                    sb.appendCodePoint(pool[rnd.nextInt(pool.length)]);
                } else if (r < 8) {
                    sb.appendCodePoint(supplementary[rnd.nextInt(supplementary.length)]);
                } else {
                    sb.append((char) rnd.nextInt(0x10000));
                }
            }
            String s = sb.toString();
            assertEquals(reference(s), words(s), () -> "input " + s.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void when_referenceCount_then_countsOverAllFilesAndFolders() throws IOException {
        write("a.txt", "The cat, the HAT.\nthe end");
        write("sub/b.txt", "Cat\r\n\r\nhat 42 42\n");
        write("sub/deep/empty.txt", "");

        Map<String, Long> counts = WordCount.referenceCount(dir);

        assertEquals(Map.of("the", 3L, "cat", 2L, "hat", 2L, "end", 1L, "42", 2L), counts);
    }

    @Test
    void when_bundledCorpus_then_copiedWithSubFolderAndCountable() throws IOException {
        BundledCorpus.copyTo(dir);

        assertTrue(Files.isRegularFile(dir.resolve("fables.txt")));
        assertTrue(Files.isRegularFile(dir.resolve("more/voyages.txt")));
        assertEquals(3, BundledCorpus.files().size());
        Map<String, Long> counts = WordCount.referenceCount(dir);
        assertTrue(counts.get("the") > 10, "the: " + counts.get("the"));
        assertEquals(2L, counts.get("strasse"));
        assertTrue(counts.containsKey("straße"));
        assertTrue(counts.containsKey("1907"));
        assertTrue(counts.keySet().stream().noneMatch(w -> w.isEmpty() || !w.equals(w.toLowerCase(Locale.ROOT))));
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void assertWords(String line, List<String> expected) {
        assertEquals(expected, words(line), line);
        assertEquals(reference(line), expected, "the regex definition disagrees on " + line);
    }

    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Traverser<String> t = WordCount.words(line);
        for (String w; (w = t.next()) != null; ) {
            words.add(w);
        }
        return words;
    }

    private static List<String> reference(String line) {
        return Arrays.stream(SEPARATORS.split(line)).filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }
}
