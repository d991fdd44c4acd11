package io.sluice.persistence.codec;

import io.sluice.engine.accumulator.DoubleAccumulator;
import io.sluice.engine.accumulator.LinTrendAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.accumulator.MutableReference;
import io.sluice.engine.accumulator.PickAnyAccumulator;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.Tuple4;
import io.sluice.engine.datamodel.Tuple5;
import io.sluice.engine.datamodel.WindowResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CodecsTest {

    private final Codecs codecs = Codecs.create();

    private Object roundTrip(Object value) {
        return codecs.decode(codecs.encode(value));
    }

    private void assertRoundTrip(Object value) {
        Object back = roundTrip(value);
        assertEquals(value, back, () -> "round trip of " + value);
        if (value != null) {
            assertSame(value.getClass(), back.getClass(), () -> "class after a round trip of " + value);
        }
    }

    @Test
    void when_nullAndBoxedPrimitives_then_roundTrip() {
        assertRoundTrip(null);
        for (Object v : List.of(true, false, (byte) -128, (byte) 127, (short) -32768, (short) 32767, 'a', '\uffff',
                0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE,
                1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, 2.25, Double.NaN, Double.MAX_VALUE, -0.0,
                Double.MIN_VALUE)) {
            assertRoundTrip(v);
        }
    }

    @Test
    void when_stringsAndBigIntegers_then_roundTrip() {
        for (String s : List.of("", "a", "word count", "ünïcödé", "日本語", "emoji \uD83D\uDE00 pair", "x".repeat(10_000))) {
            assertRoundTrip(s);
        }
        for (BigInteger b : List.of(BigInteger.ZERO, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BigInteger.TWO.pow(200).negate())) {
            assertRoundTrip(b);
        }
    }

    @Test
    void when_arrays_then_roundTrip() {
        assertArrayEquals(new byte[0], (byte[]) roundTrip(new byte[0]));
        assertArrayEquals(new byte[] {1, -1, 127, -128}, (byte[]) roundTrip(new byte[] {1, -1, 127, -128}));
        long[] longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40};
        assertArrayEquals(longs, (long[]) roundTrip(longs));
        int[] ints = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        assertArrayEquals(ints, (int[]) roundTrip(ints));
        double[] doubles = {0, -0.0, Double.NaN, 1e300};
        assertArrayEquals(doubles, (double[]) roundTrip(doubles));
    }

    @Test
    void when_datamodelTypes_then_roundTrip() {
        assertRoundTrip(Tuple2.tuple2(1L, "a"));
        assertRoundTrip(Tuple2.tuple2(null, null));
        assertRoundTrip(new Tuple3<>(1, 2.0, "three"));
        assertRoundTrip(new Tuple4<>('a', (short) 2, (byte) 3, 4L));
        assertRoundTrip(new Tuple5<>(1, "b", null, true, 5.5f));
        assertRoundTrip(KeyedResult.of("key", 42L));
        assertRoundTrip(new WindowResult<>(1000, 2000, 7L));
        assertRoundTrip(new WindowResult<>(-5000, Long.MAX_VALUE, "early", true));
        assertRoundTrip(new KeyedWindowResult<>(0, 10, "k", List.of(1, 2), true));
        assertRoundTrip(new KeyedWindowResult<>(Long.MIN_VALUE, 0, 3L, null));
        assertRoundTrip(new TimestampedItem<>(123_456_789L, "item"));
        assertRoundTrip(new TimestampedItem<>(-1L, null));
    }

    @Test
    void when_accumulators_then_roundTrip() {
        assertRoundTrip(new LongAccumulator(-17));
        assertRoundTrip(new DoubleAccumulator(3.25));
        assertRoundTrip(new LongLongAccumulator(Long.MIN_VALUE, 9));
        assertRoundTrip(new LongDoubleAccumulator(5, Double.NaN));
        assertRoundTrip(new MutableReference<>());
        assertRoundTrip(new MutableReference<>(Tuple2.tuple2("a", 1)));
        assertRoundTrip(new PickAnyAccumulator<>());
        PickAnyAccumulator<String> pick = new PickAnyAccumulator<String>().accumulate("x").accumulate("y");
        PickAnyAccumulator<?> pickBack = (PickAnyAccumulator<?>) roundTrip(pick);
        assertEquals("x", pickBack.get());
        assertEquals(2, pickBack.count());
        LinTrendAccumulator trend = new LinTrendAccumulator();
        for (long x = 0; x < 100; x++) {
            trend.accumulate(x * 1_000_000_007L, Long.MAX_VALUE - x);
        }
        LinTrendAccumulator trendBack = (LinTrendAccumulator) roundTrip(trend);
        assertEquals(trend, trendBack);
        assertEquals(trend.export(), trendBack.export());
        assertRoundTrip(new LinTrendAccumulator());
    }

    @Test
    void when_collections_then_roundTripWithTheirClassAndOrder() {
        assertRoundTrip(new ArrayList<>(List.of(1, "two", 3.0)));
        assertRoundTrip(new HashMap<>(Map.of("a", new LongAccumulator(1), "b", new LongAccumulator(2))));
        assertRoundTrip(new HashSet<>(Set.of(1L, 2L, 3L)));
        assertRoundTrip(new TreeMap<>(Map.of(3L, "c", 1L, "a", 2L, "b")));
        LinkedHashMap<String, Integer> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        assertEquals(List.of("z", "a"), List.copyOf(((LinkedHashMap<?, ?>) roundTrip(linked)).keySet()));
        LinkedHashSet<String> linkedSet = new LinkedHashSet<>(List.of("q", "b", "m"));
        assertEquals(List.of("q", "b", "m"), List.copyOf((LinkedHashSet<?>) roundTrip(linkedSet)));
        ArrayDeque<Object> deque = new ArrayDeque<>(List.of(1, "2", 3L));
        ArrayDeque<?> dequeBack = (ArrayDeque<?>) roundTrip(deque);
        assertEquals(List.copyOf(deque), List.copyOf(dequeBack));
    }

    @Test
    void when_otherListsMapsAndSets_then_decodedAsTheirStandardImplementation() {
        Object list = roundTrip(List.of(1, 2, 3));
        assertInstanceOf(ArrayList.class, list);
        assertEquals(List.of(1, 2, 3), list);
        Object map = roundTrip(Map.of("a", 1));
        assertInstanceOf(HashMap.class, map);
        assertEquals(Map.of("a", 1), map);
        Object set = roundTrip(Set.of("x"));
        assertInstanceOf(HashSet.class, set);
        assertEquals(Set.of("x"), set);
    }

    @Test
    void when_treeMapHasComparator_then_orderSurvives() {
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.put("a", 1);
        reversed.put("c", 3);
        reversed.put("b", 2);
        TreeMap<?, ?> back = (TreeMap<?, ?>) roundTrip(reversed);
        assertEquals(List.of("c", "b", "a"), List.copyOf(back.keySet()));
        assertEquals(reversed, back);
    }

    @Test
    void when_nestedValues_then_roundTrip() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("acc", new LongLongAccumulator(1, 2));
        inner.put("list", new ArrayList<>(List.of(KeyedResult.of("k", 1L), new TimestampedItem<>(5, "t"))));
        inner.put("null", null);
        Object nested = new Tuple3<>(KeyedResult.of(Tuple2.tuple2("a", 1), inner),
                new KeyedWindowResult<>(0, 1000, "key", new TreeMap<>(Map.of(1L, new Point(1, 2)))),
                new MutableReference<>(new ArrayList<>(List.of(new HashSet<>(Set.of("s"))))));
        assertRoundTrip(nested);
    }

    @Test
    void when_randomValues_then_roundTrip() {
        for (long seed = 1; seed <= 2000; seed++) {
            Random rnd = new Random(seed);
            Object value = randomValue(rnd, 3);
            Object back = roundTrip(value);
            long s = seed;
            assertEquals(value, back, () -> "seed " + s + ": " + value);
        }
    }

    @Test
    void when_userRecordAndClassWithoutNoArgConstructor_then_roundTripThroughKryo() {
        Point p = new Point(3, -4);
        assertRoundTrip(p);
        Account account = new Account("acc-1", 250L, List.of("opened", "credited"));
        Account back = (Account) roundTrip(account);
        assertEquals(account.id, back.id);
        assertEquals(account.balance, back.balance);
        assertEquals(account.history, back.history);
        assertNotSame(account, back);
        assertRoundTrip(new HashMap<>(Map.of("p", p, "q", new Point(0, 0))));
        assertRoundTrip(Color.GREEN);
    }

    @Test
    void when_userGraphIsCyclic_then_kryoKeepsTheCycle() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        Node back = (Node) roundTrip(a);
        assertEquals("a", back.name);
        assertEquals("b", back.next.name);
        assertSame(back, back.next.next);
    }

    @Test
    void when_manyUserValuesInOneChunk_then_classNameWrittenOnceAndSharingKept() {
        int single = codecs.encode(new ArrayList<>(List.of(new Point(1, 2)))).length;
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new Point(1, 2));
        }
        int hundred = codecs.encode(many).length;
        assertTrue(hundred < single + 99 * 8, "100 points took " + hundred + " bytes, one took " + single);
        assertEquals(many, roundTrip(many));
        Node shared = new Node("shared");
        List<?> back = (List<?>) roundTrip(new ArrayList<>(List.of(shared, "between", shared)));
        assertSame(back.get(0), back.get(2));
        // a later chunk decodes on its own: no Kryo state leaks from one chunk to the next
        byte[] first = codecs.encode(new ArrayList<>(List.of(new Point(5, 6))));
        assertEquals(List.of(new Point(5, 6)), Codecs.create().decode(first));
    }

    @Test
    void when_userCodecRegistered_then_usedAndCompact() {
        Codecs custom = Codecs.create().register(Point.class, 100, new Codec<>() {
            @Override
            public void write(Point p, Output out) {
                out.writeVarLong(p.x());
                out.writeVarLong(p.y());
            }

            @Override
            public Point read(Input in) {
                return new Point((int) in.readVarLong(), (int) in.readVarLong());
            }
        });
        byte[] chunk = custom.encode(new Point(1, 2));
        assertEquals(1 + 1 + 2 + 4, chunk.length);
        assertEquals(new Point(1, 2), custom.decode(chunk));
        CodecException e = assertThrows(CodecException.class, () -> codecs.decode(chunk));
        assertTrue(e.getMessage().contains("unknown type id 100"), e.getMessage());
    }

    @Test
    void when_registerWithReservedOrUsedId_then_clearError() {
        Codec<Point> codec = new Codec<>() {
            @Override
            public void write(Point value, Output out) {
            }

            @Override
            public Point read(Input in) {
                return new Point(0, 0);
            }
        };
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> Codecs.create().register(Point.class, 5, codec));
        assertTrue(low.getMessage().contains("typeId must be at least 64"), low.getMessage());
        Codecs c = Codecs.create().register(Point.class, 70, codec);
        Codec<Account> accountCodec = new Codec<>() {
            @Override
            public void write(Account value, Output out) {
            }

            @Override
            public Account read(Input in) {
                return new Account("", 0, List.of());
            }
        };
        IllegalArgumentException used = assertThrows(IllegalArgumentException.class,
                () -> c.register(Account.class, 70, accountCodec));
        assertTrue(used.getMessage().contains("typeId 70 is already used by"), used.getMessage());
    }

    @Test
    void when_anyByteFlipped_then_checksumErrorNamesTheProblem() {
        byte[] chunk = codecs.encode(new Tuple2<>(KeyedResult.of("key", 1L), new ArrayList<>(List.of(1, 2, 3))));
        for (int i = 0; i < chunk.length; i++) {
            byte[] corrupt = chunk.clone();
            corrupt[i] ^= 0x10;
            CodecException e = assertThrows(CodecException.class, () -> codecs.decode(corrupt), "flipped byte " + i);
            assertTrue(e.getMessage().contains("corrupt chunk: CRC32C checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void when_chunkTruncated_then_clearError() {
        byte[] chunk = codecs.encode("some string value");
        for (int len = 0; len < chunk.length; len++) {
            byte[] truncated = Arrays.copyOf(chunk, len);
            CodecException e = assertThrows(CodecException.class, () -> codecs.decode(truncated));
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("checksum mismatch"),
                    e.getMessage());
        }
    }

    @Test
    void when_wrongVersion_then_clearError() {
        byte[] chunk = codecs.encode(42L);
        chunk[0] = 2;
        CRC32C crc = new CRC32C();
        crc.update(chunk, 0, chunk.length - 4);
        int c = (int) crc.getValue();
        chunk[chunk.length - 4] = (byte) (c >>> 24);
        chunk[chunk.length - 3] = (byte) (c >>> 16);
        chunk[chunk.length - 2] = (byte) (c >>> 8);
        chunk[chunk.length - 1] = (byte) c;
        CodecException e = assertThrows(CodecException.class, () -> codecs.decode(chunk));
        assertTrue(e.getMessage().contains("unsupported codec format version 2 (this build reads version 1)"),
                e.getMessage());
    }

    @Test
    void when_classCannotBeEncoded_then_errorNamesTheClass() {
        Holder holder = new Holder(Thread.currentThread());
        CodecException e = assertThrows(CodecException.class, () -> codecs.encode(holder));
        assertTrue(e.getMessage().contains("cannot encode an instance of " + Holder.class.getName()), e.getMessage());
        // Holder is not the culprit but the thread it holds: the message names the field and its class
        assertTrue(e.getMessage().contains("field '"), e.getMessage());
        // the registry stays usable after a failure
        assertRoundTrip(KeyedResult.of("after", 1L));
    }

    @Test
    void when_largeValues_then_roundTripAndLaterSmallOnesToo() {
        byte[] big = new byte[6 << 20];
        new Random(7).nextBytes(big);
        assertArrayEquals(big, (byte[]) roundTrip(big));
        List<Object> bigUser = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            bigUser.add(new Account("a" + i, i, List.of()));
        }
        assertEquals(300_000, ((List<?>) roundTrip(bigUser)).size());
        assertRoundTrip(KeyedResult.of("small", 1L));
        assertRoundTrip(new Point(1, 1));
    }

    @Test
    void when_chunkDecodedWithOtherCodecsRegistered_then_clearError() {
        Codecs writer = Codecs.create().register(Point.class, 64, new Codec<>() {
            @Override
            public void write(Point p, Output out) {
                out.writeVarInt(p.x());
            }

            @Override
            public Point read(Input in) {
                return new Point(in.readVarInt(), 0);
            }
        });
        Codecs reader = Codecs.create().register(Account.class, 64, new Codec<>() {
            @Override
            public void write(Account a, Output out) {
            }

            @Override
            public Account read(Input in) {
                throw new IllegalStateException("not an account");
            }
        });
        CodecException e = assertThrows(CodecException.class, () -> reader.decode(writer.encode(new Point(3, 0))));
        assertTrue(e.getMessage().contains("was it written with other codecs registered?"), e.getMessage());
    }

    @Test
    void when_encodingIsStable_then_sameBytesForSameValue() {
        Object value = new Tuple2<>(KeyedResult.of("k", 1L), new LongDoubleAccumulator(2, 3.0));
        assertArrayEquals(codecs.encode(value), Codecs.create().encode(value));
    }

    @Test
    void when_eachThreadHasItsOwnCodecs_then_concurrentUseIsSafe() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int seedBase = t * 1000;
            Thread thread = new Thread(() -> {
                Codecs own = Codecs.create();
                try {
                    for (int seed = seedBase; seed < seedBase + 300; seed++) {
                        Object value = randomValue(new Random(seed), 3);
                        assertEquals(value, own.decode(own.encode(value)));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    // ---- random values ----

    private static Object randomValue(Random rnd, int depth) {
        int kinds = depth > 0 ? 30 : 17;
        switch (rnd.nextInt(kinds)) {
            case 0: return null;
            case 1: return rnd.nextBoolean();
            case 2: return (byte) rnd.nextInt();
            case 3: return (short) rnd.nextInt();
            case 4: return (char) rnd.nextInt(0xD800);
            case 5: return rnd.nextInt();
            case 6: return rnd.nextBoolean() ? rnd.nextLong() : (long) rnd.nextInt(200) - 100;
            case 7: return rnd.nextFloat();
            case 8: return rnd.nextGaussian() * 1e6;
            case 9: return randomString(rnd);
            case 10: return new LongAccumulator(rnd.nextLong());
            case 11: return new DoubleAccumulator(rnd.nextDouble());
            case 12: return new LongLongAccumulator(rnd.nextLong(), rnd.nextInt());
            case 13: return new LongDoubleAccumulator(rnd.nextInt(), rnd.nextDouble());
            case 14: {
                LinTrendAccumulator t = new LinTrendAccumulator();
                for (int i = rnd.nextInt(5); i > 0; i--) {
                    t.accumulate(rnd.nextLong(), rnd.nextLong());
                }
                return t;
            }
            case 15: return new Point(rnd.nextInt(), rnd.nextInt());
            case 16: return BigInteger.valueOf(rnd.nextLong()).pow(1 + rnd.nextInt(3));
            case 17: return Tuple2.tuple2(randomValue(rnd, depth - 1), randomValue(rnd, depth - 1));
            case 18: return new Tuple3<>(randomValue(rnd, depth - 1), randomValue(rnd, depth - 1),
                    randomValue(rnd, depth - 1));
            case 19: return new Tuple4<>(randomValue(rnd, depth - 1), randomValue(rnd, depth - 1),
                    randomValue(rnd, depth - 1), randomValue(rnd, depth - 1));
            case 20: return new Tuple5<>(randomValue(rnd, depth - 1), randomValue(rnd, depth - 1),
                    randomValue(rnd, depth - 1), randomValue(rnd, depth - 1), randomValue(rnd, depth - 1));
            case 21: return KeyedResult.of(randomValue(rnd, depth - 1), randomValue(rnd, depth - 1));
            case 22: {
                long start = rnd.nextInt();
                return new WindowResult<>(start, start + rnd.nextInt(100_000), randomValue(rnd, depth - 1),
                        rnd.nextBoolean());
            }
            case 23: {
                long start = rnd.nextLong() / 2;
                return new KeyedWindowResult<>(start, start + rnd.nextInt(100_000), randomValue(rnd, depth - 1),
                        randomValue(rnd, depth - 1), rnd.nextBoolean());
            }
            case 24: return new TimestampedItem<>(rnd.nextLong(), randomValue(rnd, depth - 1));
            case 25: return new MutableReference<>(randomValue(rnd, depth - 1));
            case 26: {
                PickAnyAccumulator<Object> acc = new PickAnyAccumulator<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    acc.accumulate(rnd.nextBoolean() ? randomString(rnd) : randomValue(rnd, depth - 1) + "");
                }
                return acc;
            }
            case 27: {
                List<Object> list = new ArrayList<>();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    list.add(randomValue(rnd, depth - 1));
                }
                return list;
            }
            case 28: {
                Map<Object, Object> map = rnd.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    map.put(randomString(rnd), randomValue(rnd, depth - 1));
                }
                return map;
            }
            default: {
                if (rnd.nextBoolean()) {
                    Set<Object> set = new HashSet<>();
                    for (int i = rnd.nextInt(6); i > 0; i--) {
                        set.add(rnd.nextLong());
                    }
                    return set;
                }
                TreeMap<Long, Object> tree = new TreeMap<>();
                for (int i = rnd.nextInt(6); i > 0; i--) {
                    tree.put(rnd.nextLong(), randomValue(rnd, depth - 1));
                }
                return tree;
            }
        }
    }

    private static String randomString(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(20); i > 0; i--) {
            int kind = rnd.nextInt(10);
            if (kind < 7) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            } else if (kind < 9) {
                sb.append((char) (0x80 + rnd.nextInt(0xD800 - 0x80)));
            } else {
                sb.appendCodePoint(0x10000 + rnd.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    // ---- user types, encoded by the Kryo fallback ----

    record Point(int x, int y) {
    }

    enum Color { RED, GREEN }

    /** No no-arg constructor, final fields. */
    static final class Account {
        final String id;
        final long balance;
        final List<String> history;

        Account(String id, long balance, List<String> history) {
            this.id = id;
            this.balance = balance;
            this.history = history;
        }
    }

    static final class Node {
        final String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    static final class Holder {
        final Thread thread;

        Holder(Thread thread) {
            this.thread = thread;
        }
    }
}
