package io.sluice.engine.pipeline;

import io.sluice.engine.core.test.LocalDagRunner;
import io.sluice.engine.pipeline.test.CollectingSink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code apply(fn)} inserts a reusable piece of pipeline in the chain, batch and stream, as in Jet. */
@Timeout(30)
class ApplyTest {

    static BatchStage<String> cleaned(BatchStage<String> lines) {
        return lines.map(String::trim).filter(l -> !l.isEmpty());
    }

    static StreamStage<String> upper(StreamStage<String> s) {
        return s.map(String::toUpperCase);
    }

    @Test
    void when_batchStageApplied_then_theReturnedStageContinuesTheChain() throws Exception {
        List<String> input = List.of(" a ", "", "b", "   ", " c");
        Pipeline p = Pipeline.create();
        CollectingSink<String> sink = TestSinks.collecting();
        p.readFrom(TestSources.items(input)).apply(ApplyTest::cleaned).map(s -> s + "!").writeTo(sink);
        LocalDagRunner.of(p.toDag()).defaultParallelism(2).run();
        List<String> expected = input.stream().map(String::trim).filter(l -> !l.isEmpty()).map(s -> s + "!")
                                     .sorted().collect(Collectors.toList());
        assertEquals(expected, sink.items().stream().sorted().collect(Collectors.toList()));
    }

    @Test
    void when_identityApplied_then_sameStage() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s = p.readFrom(TestSources.items(1, 2));
        assertSame(s, s.apply(x -> x));
    }

    @Test
    void when_streamStageApplied_then_typedAsStream() {
        Pipeline p = Pipeline.create();
        StreamStage<String> source = p.readFrom(TestSources.itemStream(10, (ts, seq) -> "x" + seq)).withoutTimestamps();
        StreamStage<String> s = source.apply(ApplyTest::upper);
        s.writeTo(TestSinks.collecting());
        assertTrue(p.toDag().toString().contains("map"), p.toDag().toString());
    }

    @Test
    void when_transformReturnsNull_then_errorSaysWhatToReturn() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> s = p.readFrom(TestSources.items(1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(x -> null));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
    }
}
