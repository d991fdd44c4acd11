package io.sluice.bench;

import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.persistence.codec.Codecs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Codec benchmark: the project's codecs ({@link Codecs}, Kryo fallback for user objects) against
 * plain Java serialization as the baseline, on four workloads encoded as batches (one chunk per
 * batch, as snapshots and the cluster's batch serializer will use them):
 * <ul>
 *   <li>{@code keyed-result}: batches of 1,000 {@code KeyedResult<String, Long>} (10,000 keys);</li>
 *   <li>{@code tuple2}: batches of 1,000 {@code Tuple2<Long, Double>};</li>
 *   <li>{@code accumulator-map}: a {@code HashMap<String, LongLongAccumulator>} of 1,000 entries
 *       (per-key state as a snapshot holds it);</li>
 *   <li>{@code user-record}: batches of 1,000 of a user record without a codec (Kryo).</li>
 * </ul>
 * Each system and workload is warmed up, then encoded and decoded repeatedly for a fixed time.
 * Prints {@code BENCH name=codec-<workload> system=sluice|java metric=bytes_per_value|encode_mb_s|
 * decode_mb_s|encode_values_s|decode_values_s ...}; MB/s are of the encoded bytes (10^6 bytes).
 * Decoded batches are compared with the originals once; a difference fails the run (exit 1).
 *
 * <p>Usage: {@code bench/run codec [--seconds S]} (measured seconds per figure, default 1).
 */
public final class CodecBench {

    private static final int BATCH = 1_000;
    private static final int BATCHES = 50;

    /** A user type without a codec: goes through Kryo (and through Java serialization as the baseline). */
    record Trade(String symbol, long timestamp, double price, int quantity) implements Serializable {
    }

    private CodecBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code [--seconds S]}
     */
    public static void main(String[] args) {
        double seconds = 1.0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seconds") && i + 1 < args.length) {
                seconds = Double.parseDouble(args[++i]);
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("usage: bench/run codec [--seconds S]   (measured seconds per figure, default 1)");
                return;
            } else {
                System.err.println("bench/run codec: unknown argument '" + args[i] + "'; usage: bench/run codec [--seconds S]");
                System.exit(2);
            }
        }
        bench("codec", "machine", "cores", Runtime.getRuntime().availableProcessors(), "cores");
        Random rnd = new Random(42);
        boolean ok = true;
        ok &= run("keyed-result", batches(() -> KeyedResult.of("key-" + rnd.nextInt(10_000), rnd.nextLong() % 1_000_000)),
                BATCH, seconds);
        ok &= run("tuple2", batches(() -> Tuple2.tuple2(rnd.nextLong(), rnd.nextDouble())), BATCH, seconds);
        List<Object> maps = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            Map<String, LongLongAccumulator> state = new HashMap<>();
            for (int i = 0; i < BATCH; i++) {
                state.put("key-" + b + "-" + i, new LongLongAccumulator(rnd.nextInt(100_000), rnd.nextInt(1_000_000)));
            }
            maps.add(state);
        }
        ok &= run("accumulator-map", maps, BATCH, seconds);
        String[] symbols = {"ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI"};
        ok &= run("user-record", batches(() -> new Trade(symbols[rnd.nextInt(symbols.length)],
                1_700_000_000_000L + rnd.nextInt(1_000_000), 100 + rnd.nextDouble(), 1 + rnd.nextInt(500))), BATCH, seconds);
        if (!ok) {
            System.exit(1);
        }
    }

    private static List<Object> batches(java.util.function.Supplier<Object> item) {
        List<Object> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<Object> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(item.get());
            }
            batches.add(batch);
        }
        return batches;
    }

    private static boolean run(String workload, List<Object> batches, int valuesPerBatch, double seconds) {
        Codecs codecs = Codecs.create();
        boolean sluice = measure(workload, "sluice", batches, valuesPerBatch, seconds, codecs::encode, codecs::decode);
        boolean java = measure(workload, "java", batches, valuesPerBatch, seconds,
                CodecBench::javaSerialize, CodecBench::javaDeserialize);
        return sluice && java;
    }

    private static boolean measure(String workload, String system, List<Object> batches, int valuesPerBatch,
                                   double seconds, Function<Object, byte[]> encode, Function<byte[], Object> decode) {
        String name = "codec-" + workload;
        List<byte[]> encoded = new ArrayList<>();
        long bytes = 0;
        for (Object batch : batches) {
            byte[] chunk = encode.apply(batch);
            encoded.add(chunk);
            bytes += chunk.length;
        }
        for (int i = 0; i < batches.size(); i++) {
            if (!batches.get(i).equals(decode.apply(encoded.get(i)))) {
                System.err.println("codec bench: " + system + " " + workload + " batch " + i + " differs after a round trip");
                return false;
            }
        }
        long values = (long) batches.size() * valuesPerBatch;
        // warm-up, then measure
        loop(seconds / 2, () -> batches.forEach(encode::apply));
        double[] enc = loop(seconds, () -> batches.forEach(encode::apply));
        loop(seconds / 2, () -> encoded.forEach(decode::apply));
        double[] dec = loop(seconds, () -> encoded.forEach(decode::apply));
        bench(name, system, "bytes_per_value", (double) bytes / values, "bytes");
        bench(name, system, "encode_mb_s", enc[0] * bytes / 1e6 / enc[1], "MB/s");
        bench(name, system, "decode_mb_s", dec[0] * bytes / 1e6 / dec[1], "MB/s");
        bench(name, system, "encode_values_s", enc[0] * values / enc[1], "values/s");
        bench(name, system, "decode_values_s", dec[0] * values / dec[1], "values/s");
        return true;
    }

    /** Runs {@code round} until {@code seconds} have passed; returns {rounds, elapsed seconds}. */
    private static double[] loop(double seconds, Runnable round) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long rounds = 0;
        long now;
        do {
            round.run();
            rounds++;
            now = System.nanoTime();
        } while (now < deadline);
        return new double[] {rounds, (now - start) / 1e9};
    }

    private static byte[] javaSerialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object javaDeserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bench(String name, String system, String metric, double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
        System.out.println("BENCH name=" + name + " system=" + system + " metric=" + metric + " value=" + v
                + " unit=" + unit);
    }
}
