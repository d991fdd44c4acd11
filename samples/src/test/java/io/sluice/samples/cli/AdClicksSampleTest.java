package io.sluice.samples.cli;

import io.sluice.samples.AdClicks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice run ad-clicks} on an embedded node, in process: its lines equal the click-through
 * rates computed in plain Java from the same generator, and the same seed gives the same output.
 */
@Timeout(180)
class AdClicksSampleTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SluiceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return new String[]{out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    private static List<String> expectedLines(long seed, long events, long rate) {
        List<String> lines = new ArrayList<>();
        long impressions = 0;
        long clicks = 0;
        for (AdClicks.CampaignMinute r : AdClicks.reference(seed, events, rate)) {
            lines.add(r.toString());
            impressions += r.impressions();
            clicks += r.clicks();
        }
        lines.add(String.format(java.util.Locale.ROOT, "total: %d impressions, %d clicks within 10 s, ctr %.2f%%",
                impressions, clicks, 100.0 * clicks / impressions));
        return lines;
    }

    @Test
    void when_run_then_ctrPerCampaignAndMinuteAsComputedInPlainJava_andSameForTheSameSeed() {
        String[] first = run("run", "ad-clicks", "--events", "60000", "--rate", "400", "--seed", "7");
        List<String> expected = expectedLines(7, 60000, 400);

        assertEquals(expected, first[0].lines().toList());
        assertTrue(expected.size() > 5 * 2, "the run should span several minutes: " + expected);

        String[] again = run("run", "ad-clicks", "--events", "60000", "--rate", "400", "--seed", "7");
        assertEquals(first[0], again[0]);

        String[] other = run("run", "ad-clicks", "--events", "60000", "--rate", "400", "--seed", "8");
        assertEquals(expectedLines(8, 60000, 400), other[0].lines().toList());
    }

    @Test
    void when_badArguments_then_usageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SluiceCli.run(new String[]{"run", "ad-clicks", "--rate", "0"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--rate must be between 1 and 10000000"), err.toString());
    }
}
