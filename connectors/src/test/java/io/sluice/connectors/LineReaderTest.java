package io.sluice.connectors;

import io.sluice.connectors.impl.BadBytesException;
import io.sluice.connectors.impl.LineReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(60)
class LineReaderTest {

    @Test
    void when_variousLineEndings_then_sameLinesAsBufferedReader() throws IOException {
        String[] inputs = {"", "a", "a\n", "a\r\n", "a\r", "\n", "\n\n", "\r\r\n\n", "a\nb", "a\r\nb\r\n",
                "x\ry\nz\r\n", "héllo wörld\n日本語\r\n😀 emoji\n", "no trailing newline"};
        for (String input : inputs) {
            for (int bufferSize : new int[]{1, 2, 3, 16, 1024}) {
                assertEquals(reference(input), read(input, StandardCharsets.UTF_8, bufferSize),
                        "input '" + input.replace("\r", "\\r").replace("\n", "\\n") + "', buffer " + bufferSize);
            }
        }
    }

    @Test
    void when_randomInput_then_sameLinesAsBufferedReader() throws IOException {
        Random rnd = new Random(42);
        String alphabet = "ab \r\n\r\néü日😀";
        for (int round = 0; round < 2000; round++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(200);
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String input = sb.toString();
            int bufferSize = 16 + rnd.nextInt(40);
            assertEquals(reference(input), read(input, StandardCharsets.UTF_8, bufferSize), "round " + round);
        }
    }

    @Test
    void when_lineLongerThanBuffer_then_bufferGrows() throws IOException {
        String longLine = "x".repeat(10_000);
        assertEquals(List.of(longLine, "y"), read(longLine + "\ny", StandardCharsets.UTF_8, 16));
    }

    @Test
    void when_otherCharsets_then_decodedCorrectly() throws IOException {
        String input = "Grüße\r\nàéî\n";
        for (Charset cs : new Charset[]{StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16, StandardCharsets.UTF_16LE}) {
            assertEquals(List.of("Grüße", "àéî"), read(input, cs, 16), cs.name());
        }
    }

    @Test
    void when_malformedUtf8_then_failsAtTheOffsetOfTheFirstBadByte() throws IOException {
        byte[] bytes = "ab\ncaf\u00e9 x\n".getBytes(StandardCharsets.ISO_8859_1); // Latin-1 'é' is 0xE9
        try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, BadBytesPolicy.FAIL, 16)) {
            assertEquals("ab", r.readLine());
            BadBytesException e = assertThrows(BadBytesException.class, r::readLine);
            assertEquals(6, e.offset());
            assertEquals("malformed input (0xe9) at byte offset 6", e.getMessage());
        }
    }

    @Test
    void when_badByteFarIntoTheInput_then_offsetCountsFromTheStartAcrossBufferRefills() throws IOException {
        for (String good : new String[]{"x".repeat(1000), "line\n".repeat(200), "ü\r\n".repeat(250)}) {
            byte[] prefix = good.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = Arrays.copyOf(prefix, prefix.length + 3);
            bytes[prefix.length] = 'a';
            bytes[prefix.length + 1] = (byte) 0xFF;
            bytes[prefix.length + 2] = '\n';
            for (int bufferSize : new int[]{16, 17, 1024}) {
                BadBytesException e = assertThrows(BadBytesException.class, () -> readAll(bytes, StandardCharsets.UTF_8,
                        BadBytesPolicy.FAIL, bufferSize));
                assertEquals(prefix.length + 1, e.offset(), "buffer " + bufferSize);
            }
        }
    }

    @Test
    void when_nulByte_then_failsAsBinaryInEveryAsciiCompatibleCharset() throws IOException {
        byte[] bytes = {'E', 'L', 'F', '\n', 'x', 0, 'y'};
        for (Charset cs : new Charset[]{StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, StandardCharsets.US_ASCII}) {
            BadBytesException e = assertThrows(BadBytesException.class, () -> readAll(bytes, cs, BadBytesPolicy.FAIL, 16));
            assertEquals(5, e.offset(), cs.name());
            assertEquals("NUL byte (text files have none: a binary file?) at byte offset 5", e.getMessage());
        }
    }

    @Test
    void when_firstBadByteIsMalformedBeforeANul_then_theEarlierOneIsReported() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, 'b', 0, '\n'};
        BadBytesException e = assertThrows(BadBytesException.class,
                () -> readAll(bytes, StandardCharsets.UTF_8, BadBytesPolicy.FAIL, 16));
        assertEquals(1, e.offset());
    }

    @Test
    void when_nonAsciiByteInUsAscii_then_malformed() throws IOException {
        byte[] bytes = {'o', 'k', '\n', 'n', (byte) 0x80, '\n'};
        BadBytesException e = assertThrows(BadBytesException.class,
                () -> readAll(bytes, StandardCharsets.US_ASCII, BadBytesPolicy.FAIL, 16));
        assertEquals(4, e.offset());
    }

    @Test
    void when_latin1_then_everyByteButNulDecodes() throws IOException {
        byte[] bytes = new byte[255];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i + 1);
        }
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        assertEquals(reference(all), readAll(bytes, StandardCharsets.ISO_8859_1, BadBytesPolicy.FAIL, 16));
    }

    @Test
    void when_replace_then_badSequencesBecomeU_FFFD_andAreCounted() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, '\n', 'b', 0, 'c', (byte) 0xE2, (byte) 0x82, '\n', 'd'};
        try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, BadBytesPolicy.REPLACE, 16)) {
            assertEquals("a\uFFFD", r.readLine());
            assertEquals("b\uFFFDc\uFFFD", r.readLine());
            assertEquals("d", r.readLine());
            assertNull(r.readLine());
            assertEquals(3, r.replacedCount());
        }
    }

    @Test
    void when_randomBytesReplaced_then_sameTextAsTheJdkDecoderAndEveryReplacementCounted() throws IOException {
        Random rnd = new Random(7);
        byte[] alphabet = {'a', 'b', ' ', '\r', '\n', 0, (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xFF, (byte) 0xED, (byte) 0xA0};
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[rnd.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            String expected = new String(bytes, StandardCharsets.UTF_8).replace('\0', '\uFFFD');
            long expectedCount = expected.chars().filter(c -> c == 0xFFFD).count();
            try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8,
                    BadBytesPolicy.REPLACE, 16 + rnd.nextInt(40))) {
                List<String> lines = new ArrayList<>();
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
                assertEquals(reference(expected), lines, "round " + round);
                assertEquals(expectedCount, r.replacedCount(), "round " + round);
            }
        }
    }

    @Test
    void when_otherCharsetHasBadBytes_then_failsAtTheirOffsetOrReplaces() throws IOException {
        // UTF-16LE "ab\n", then a lone high surrogate (0xD800) followed by 'c', then "\n"
        byte[] bytes = {'a', 0, 'b', 0, '\n', 0, 0x00, (byte) 0xD8, 'c', 0, '\n', 0};
        BadBytesException e = assertThrows(BadBytesException.class,
                () -> readAll(bytes, StandardCharsets.UTF_16LE, BadBytesPolicy.FAIL, 4));
        assertEquals(6, e.offset());

        try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_16LE, BadBytesPolicy.REPLACE, 4)) {
            assertEquals("ab", r.readLine());
            // as the JDK replaces it: the decoder reports the surrogate and the char after it as one sequence
            assertEquals(new String(bytes, 6, 4, StandardCharsets.UTF_16LE), r.readLine());
            assertEquals("\uFFFD", new String(bytes, 6, 4, StandardCharsets.UTF_16LE));
            assertNull(r.readLine());
            assertEquals(1, r.replacedCount());
        }
    }

    @Test
    void when_randomBytesInUtf16Replaced_then_sameTextAsTheJdkDecoderAcrossChunkBoundaries() throws IOException {
        Random rnd = new Random(11);
        byte[] alphabet = {'a', 0, '\n', '\r', (byte) 0xD8, (byte) 0xDC, 0x3D, (byte) 0xE9};
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[rnd.nextInt(120)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[rnd.nextInt(alphabet.length)];
            }
            String expected = new String(bytes, StandardCharsets.UTF_16LE).replace('\0', '\uFFFD');
            try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_16LE,
                    BadBytesPolicy.REPLACE, 1 + rnd.nextInt(20))) {
                List<String> lines = new ArrayList<>();
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
                assertEquals(reference(expected), lines, "round " + round);
                assertEquals(expected.chars().filter(c -> c == 0xFFFD).count(), r.replacedCount(), "round " + round);
            }
        }
    }

    @Test
    void when_otherCharsetHasNulCharacters_then_failsAsBinary() throws IOException {
        byte[] bytes = "ok\nx\0y\n".getBytes(StandardCharsets.UTF_16BE);
        BadBytesException e = assertThrows(BadBytesException.class,
                () -> readAll(bytes, StandardCharsets.UTF_16BE, BadBytesPolicy.FAIL, 8));
        assertEquals("NUL character (text files have none: a binary file?) at character offset 4", e.getMessage());
        assertEquals(List.of("ok", "x\uFFFDy"), readAll(bytes, StandardCharsets.UTF_16BE, BadBytesPolicy.REPLACE, 8));
    }

    private static List<String> readAll(byte[] bytes, Charset cs, BadBytesPolicy policy, int bufferSize) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), cs, policy, bufferSize)) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> read(String input, Charset cs, int bufferSize) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader r = LineReader.open(new ByteArrayInputStream(input.getBytes(cs)), cs, BadBytesPolicy.FAIL, bufferSize)) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> reference(String input) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new StringReader(input));
        for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
        }
        return lines;
    }
}
