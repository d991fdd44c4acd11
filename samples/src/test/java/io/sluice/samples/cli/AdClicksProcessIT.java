package io.sluice.samples.cli;

import io.sluice.samples.AdClicks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code bin/sluice run ad-clicks} as a separate process: the lines computed in plain Java, exit code 0. */
@Timeout(300)
class AdClicksProcessIT {
    @TempDir
    Path dir;

    @Test
    void when_runFromTheCommandLine_then_ctrLinesOfTheSeed() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "run", "ad-clicks", "--events", "30000", "--rate", "250", "--seed", "3");

        assertEquals(0, r.code(), r.err());
        List<String> expected = new ArrayList<>();
        long impressions = 0;
        long clicks = 0;
        for (AdClicks.CampaignMinute m : AdClicks.reference(3, 30000, 250)) {
            expected.add(m.toString());
            impressions += m.impressions();
            clicks += m.clicks();
        }
        expected.add(String.format(Locale.ROOT, "total: %d impressions, %d clicks within 10 s, ctr %.2f%%",
                impressions, clicks, 100.0 * clicks / impressions));
        assertEquals(expected, r.out().lines().toList());
    }
}
