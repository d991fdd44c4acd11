package io.sluice.samples.cli;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.impl.pipeline.StreamSourceImpl;
import io.sluice.engine.impl.processor.SourceRunner;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;
import io.sluice.samples.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sluice run ledger} on an embedded node, in process: the sorted lines of both outputs equal
 * the totals and balances computed in plain Java from the same transfers.
 */
@Timeout(180)
class LedgerSampleTest {

    @TempDir
    Path dir;

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SluiceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void when_run_then_sortedOutputEqualsPlainJavaComputation() throws Exception {
        Path output = dir.resolve("out");
        Result r = run("run", "ledger", "--data", dir.resolve("data").toString(), "--output", output.toString(),
                "--events", "30000", "--rate", "10000", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        Map.Entry<List<String>, List<String>> expected = Ledger.reference(3, 30000, 10000);
        assertEquals(expected.getKey(), sortedLines(output.resolve("totals")));
        assertEquals(expected.getValue(), sortedLines(output.resolve("balances")));
        assertEquals(3, expected.getKey().size(), "three seconds of event time");
        assertTrue(r.out().contains("totals:     3 lines"), r.out());
        assertEquals(0, hiddenFiles(output.resolve("totals")) + hiddenFiles(output.resolve("balances")) - 2,
                "no temporary files left, only the manifests");

        // again into the same output: replaced, same lines
        Result again = run("run", "ledger", "--data", dir.resolve("data").toString(), "--output", output.toString(),
                "--events", "30000", "--rate", "10000", "--seed", "3", "--guarantee", "at_least_once");
        assertEquals(0, again.code(), again.err());
        assertEquals(expected.getKey(), sortedLines(output.resolve("totals")));
        assertEquals(expected.getValue(), sortedLines(output.resolve("balances")));
    }

    @Test
    void when_badArguments_then_usageErrors() {
        Result noData = run("run", "ledger", "--output", dir.toString());
        assertEquals(2, noData.code());
        assertTrue(noData.err().contains("--data"), noData.err());
        Result badGuarantee = run("run", "ledger", "--data", dir.toString(), "--output", dir.toString(), "--guarantee", "twice");
        assertEquals(2, badGuarantee.code());
        assertTrue(badGuarantee.err().contains("--guarantee must be one of NONE, AT_MOST_ONCE, AT_LEAST_ONCE, EXACTLY_ONCE"),
                badGuarantee.err());
        Result badInterval = run("run", "ledger", "--data", dir.toString(), "--output", dir.toString(),
                "--snapshot-interval", "5");
        assertEquals(2, badInterval.code());
        assertTrue(badInterval.err().contains("--snapshot-interval must be between 10 and 86400000"), badInterval.err());
    }

    @Test
    void when_sourceRestoredFromOffsets_then_sameTransfersNoneTwice() throws Exception {
        StreamSourceImpl<?> source = (StreamSourceImpl<?>) Ledger.transfers(5, 5000, 1_000_000);
        SourceRunner.Factory factory = Util.roundTrip(source.runnerFactory());
        List<Object> out = new ArrayList<>();
        List<Map.Entry<Object, Object>> state = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SourceRunner r = factory.create(new ProcessorContext("test", "transfers", i, i, 2, 271, 1024));
            Buffer buf = new Buffer(out);
            while (buf.count < 1000) {
                r.fill(buf);
            }
            r.saveToSnapshot((k, v) -> state.add(Map.entry(Util.roundTrip((Serializable) k), Util.roundTrip((Serializable) v))));
            r.close();
        }
        // restored at a lower parallelism: one runner gets both offsets and emits the rest in sequence order
        SourceRunner one = factory.create(new ProcessorContext("test", "transfers", 0, 0, 1, 271, 1024));
        for (Map.Entry<Object, Object> e : state) {
            one.restoreFromSnapshot(e.getKey(), e.getValue());
        }
        one.finishSnapshotRestore();
        Buffer rest = new Buffer(out);
        while (!rest.closed) {
            one.fill(rest);
        }
        List<Object> expected = new ArrayList<>();
        for (long i = 0; i < 5000; i++) {
            expected.add(Ledger.transfer(5, i, 1_000_000));
        }
        List<Object> actual = new ArrayList<>(out);
        actual.sort(java.util.Comparator.comparingLong(t -> ((Ledger.Transfer) t).seq()));
        assertEquals(expected, actual);
    }

    private static List<String> sortedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    private static long hiddenFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }

    private static final class Buffer implements TimestampedSourceBuffer<Object> {
        final List<Object> out;
        int count;
        boolean closed;

        Buffer(List<Object> out) {
            this.out = out;
        }

        @Override
        public void add(Object item, long timestampMillis) {
            assertEquals(((Ledger.Transfer) item).timestamp(), timestampMillis);
            out.add(item);
            count++;
        }

        @Override
        public void add(Object item) {
            throw new AssertionError("the transfers have timestamps");
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public int size() {
            return count;
        }
    }
}
