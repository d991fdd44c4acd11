package io.sluice.connectors;

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
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void when_malformedUtf8_then_replacementCharacter() throws IOException {
        byte[] bytes = {'a', (byte) 0xC3, '\n', 'b'};
        try (LineReader r = LineReader.open(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, 16)) {
            assertEquals("a\uFFFD", r.readLine());
            assertEquals("b", r.readLine());
            assertEquals(null, r.readLine());
        }
    }

    private static List<String> read(String input, Charset cs, int bufferSize) throws IOException {
        List<String> lines = new ArrayList<>();
        try (LineReader r = LineReader.open(new ByteArrayInputStream(input.getBytes(cs)), cs, bufferSize)) {
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
