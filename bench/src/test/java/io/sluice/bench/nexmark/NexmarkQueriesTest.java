package io.sluice.bench.nexmark;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Every NEXMark query on the embedded runtime against its plain-Java reference, on a few
 * thousand events (two seeds, one and three source runners), small windows and few keys so that
 * windows close, auctions expire and joins match within the run.
 */
@Timeout(60)
class NexmarkQueriesTest {
    private static Sluice sluice;

    @BeforeAll
    static void start() {
        sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("nexmark-test"));
    }

    @AfterAll
    static void stop() {
        sluice.close();
    }

    static Stream<Arguments> cases() {
        return NexmarkBench.QUERIES.keySet().stream()
                .flatMap(q -> Stream.of(Arguments.of(q, 1, 7L), Arguments.of(q, 3, 11L)));
    }

    @ParameterizedTest(name = "{0}, {1} runner(s), seed {2}")
    @MethodSource("cases")
    void when_queryRuns_then_resultsEqualReference(String name, int runners, long seed) {
        NexmarkParams params = new NexmarkParams(20_000, 10_000, 100, 200, 50, seed);
        NexmarkQuery<?> query = NexmarkBench.QUERIES.get(name).get();

        List<?> reference = query.reference(params);
        List<Object> got = NexmarkBench.runSluice(sluice, query, params, runners);

        assertFalse(reference.isEmpty(), "the reference has no results: the test's parameters are too small for " + name);
        assertNull(NexmarkBench.check(query, got, reference), name);
    }
}
