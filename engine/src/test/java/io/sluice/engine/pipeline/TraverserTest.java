package io.sluice.engine.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Traverser} combinators and the {@link Traversers} factories, against the same
 * pipelines written with Java streams on random seeded inputs, plus laziness and end-of-items rules.
 */
@Timeout(30)
class TraverserTest {
    private static final int SEEDS = 50;

    @Test
    void when_mapReturnsNullForSome_then_thoseSkippedLikeStreamMapFilter() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));
            Function<Integer, String> mapFn = i -> i % 3 == 0 ? null : "x" + i;

            List<String> actual = drain(Traversers.traverseIterable(items).map(mapFn));

            assertEquals(items.stream().map(mapFn).filter(s -> s != null).collect(Collectors.toList()), actual,
                    "seed " + seed);
        }
    }

    @Test
    void when_filter_then_likeStreamFilter() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));

            List<Integer> actual = drain(Traversers.traverseIterable(items).filter(i -> i % 2 == 0));

            assertEquals(items.stream().filter(i -> i % 2 == 0).collect(Collectors.toList()), actual, "seed " + seed);
        }
    }

    @Test
    void when_flatMapWithEmptyAndNullInnerTraversers_then_likeStreamFlatMap() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));
            // i % 4 == 0: null traverser; otherwise i % 4 items (some of them null, which are skipped)
            Function<Integer, List<Integer>> expand = i -> IntStream.range(0, Math.floorMod(i, 4))
                    .mapToObj(k -> k == 1 ? null : i * 10 + k).collect(Collectors.toList());

            List<Integer> actual = drain(Traversers.traverseIterable(items)
                    .flatMap(i -> Math.floorMod(i, 4) == 0 ? null : Traversers.traverseIterable(expand.apply(i))));

            List<Integer> expected = items.stream().flatMap(i -> expand.apply(i).stream())
                    .filter(x -> x != null).collect(Collectors.toList());
            assertEquals(expected, actual, "seed " + seed);
        }
    }

    @Test
    void when_takeWhileAndDropWhile_then_likeStreams() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));

            List<Integer> taken = drain(Traversers.traverseIterable(items).takeWhile(i -> i < 80));
            List<Integer> dropped = drain(Traversers.traverseIterable(items).dropWhile(i -> i < 80));

            assertEquals(items.stream().takeWhile(i -> i < 80).collect(Collectors.toList()), taken, "seed " + seed);
            assertEquals(items.stream().dropWhile(i -> i < 80).collect(Collectors.toList()), dropped, "seed " + seed);
        }
    }

    @Test
    void when_appendAndPrepend_then_itemsAtTheEnds() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));

            List<Integer> actual = drain(Traversers.traverseIterable(items).append(-1).prepend(-2).append(-3));

            List<Integer> expected = new ArrayList<>();
            expected.add(-2);
            expected.addAll(items);
            expected.add(-1);
            expected.add(-3);
            assertEquals(expected, actual, "seed " + seed);
        }
    }

    @Test
    void when_peek_then_seesExactlyTheItemsReturned() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));
            List<Integer> seen = new ArrayList<>();

            List<Integer> actual = drain(Traversers.traverseIterable(items).peek(seen::add).filter(i -> i > 10));

            assertEquals(items, seen, "seed " + seed);
            assertEquals(items.stream().filter(i -> i > 10).collect(Collectors.toList()), actual, "seed " + seed);
        }
    }

    @Test
    void when_chained_then_likeTheSameStreamPipeline() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> items = ints(new Random(seed));

            List<String> actual = drain(Traversers.traverseIterable(items)
                    .filter(i -> i % 5 != 0)
                    .flatMap(i -> Traversers.traverseItems(i, i + 1000))
                    .map(i -> i % 7 == 0 ? null : "v" + i)
                    .dropWhile(s -> s.length() < 3)
                    .prepend("start")
                    .append("end"));

            List<String> expected = Stream.concat(Stream.concat(Stream.of("start"), items.stream()
                    .filter(i -> i % 5 != 0)
                    .flatMap(i -> Stream.of(i, i + 1000))
                    .filter(i -> i % 7 != 0)
                    .map(i -> "v" + i)
                    .dropWhile(s -> s.length() < 3)), Stream.of("end")).collect(Collectors.toList());
            assertEquals(expected, actual, "seed " + seed);
        }
    }

    @Test
    void when_onFirstNull_then_runsOnceAfterTheLastItem() {
        AtomicInteger runs = new AtomicInteger();
        Traverser<String> t = Traversers.traverseItems("a", "b").onFirstNull(runs::incrementAndGet);

        assertEquals("a", t.next());
        assertEquals("b", t.next());
        assertEquals(0, runs.get(), "ran before the end");
        assertNull(t.next());
        assertNull(t.next());
        assertEquals(1, runs.get());
    }

    @Test
    void when_combinatorsCreated_then_nothingPulledUntilNext() {
        CountingTraverser source = new CountingTraverser(10);

        Traverser<Integer> t = source.map(i -> i * 2).filter(i -> i > 0).flatMap(Traversers::singleton)
                .takeWhile(i -> true).dropWhile(i -> false).append(-1).prepend(-2).peek(i -> { })
                .onFirstNull(() -> { });

        assertEquals(0, source.pulled, "creating the chain pulled items");
        assertEquals(-2, t.next());
        assertEquals(0, source.pulled, "the prepended item needs no pull");
        assertEquals(2, t.next());
        assertEquals(2, source.pulled, "filter pulls only until its first match (item 0 fails i > 0)");
    }

    @Test
    void when_takeWhileFails_then_stopsPulling() {
        CountingTraverser source = new CountingTraverser(100);

        List<Integer> taken = drain(source.takeWhile(i -> i < 3));

        assertEquals(List.of(0, 1, 2), taken);
        assertEquals(4, source.pulled);
    }

    @Test
    void when_exhausted_then_keepsReturningNull() {
        List<Traverser<Integer>> traversers = List.of(
                Traversers.traverseItems(1).map(i -> i), Traversers.traverseItems(1).filter(i -> true),
                Traversers.traverseItems(1).flatMap(Traversers::singleton), Traversers.traverseItems(1).takeWhile(i -> true),
                Traversers.traverseItems(1).dropWhile(i -> true), Traversers.traverseItems(1).append(2),
                Traversers.traverseItems(1).prepend(2), Traversers.traverseItems(1).peek(i -> { }));
        for (Traverser<Integer> t : traversers) {
            drain(t);
            assertNull(t.next());
            assertNull(t.next());
        }
    }

    @Test
    void when_argumentNull_then_npeNamingIt() {
        Traverser<String> t = Traversers.empty();

        assertNpe("mapFn must not be null", () -> t.map(null));
        assertNpe("filterFn must not be null", () -> t.filter(null));
        assertNpe("flatMapFn must not be null", () -> t.flatMap(null));
        assertNpe("predicate must not be null", () -> t.takeWhile(null));
        assertNpe("predicate must not be null", () -> t.dropWhile(null));
        assertNpe("item must not be null", () -> t.append(null));
        assertNpe("item must not be null", () -> t.prepend(null));
        assertNpe("action must not be null", () -> t.peek(null));
        assertNpe("action must not be null", () -> t.onFirstNull(null));
        assertNpe("array must not be null", () -> Traversers.traverseArray(null));
        assertNpe("iterable must not be null", () -> Traversers.traverseIterable(null));
        assertNpe("iterator must not be null", () -> Traversers.traverseIterator(null));
        assertNpe("spliterator must not be null", () -> Traversers.traverseSpliterator(null));
        assertNpe("stream must not be null", () -> Traversers.traverseStream(null));
        assertNpe("enumeration must not be null", () -> Traversers.traverseEnumeration(null));
        assertNpe("supplier must not be null", () -> Traversers.lazy(null));
    }

    // ---- factories

    @Test
    void when_factoriesOverSameElements_then_sameItemsWithNullsSkipped() {
        for (int seed = 0; seed < SEEDS; seed++) {
            List<Integer> withNulls = new ArrayList<>(ints(new Random(seed)));
            Random random = new Random(seed);
            for (int i = 0; i < withNulls.size(); i++) {
                if (random.nextInt(5) == 0) {
                    withNulls.set(i, null);
                }
            }
            List<Integer> expected = withNulls.stream().filter(x -> x != null).collect(Collectors.toList());
            Integer[] array = withNulls.toArray(new Integer[0]);

            assertEquals(expected, drain(Traversers.traverseArray(array)), "traverseArray");
            assertEquals(expected, drain(Traversers.traverseItems(array)), "traverseItems");
            assertEquals(expected, drain(Traversers.of(array)), "of");
            assertEquals(expected, drain(Traversers.traverseIterable(withNulls)), "traverseIterable");
            assertEquals(expected, drain(Traversers.traverseIterator(withNulls.iterator())), "traverseIterator");
            assertEquals(expected, drain(Traversers.traverseIterator(withNulls.iterator(), true)), "ignoreNulls");
            assertEquals(expected, drain(Traversers.traverseSpliterator(withNulls.spliterator())), "traverseSpliterator");
            assertEquals(expected, drain(Traversers.traverseStream(withNulls.stream())), "traverseStream");
            assertEquals(expected, drain(Traversers.traverseEnumeration(new Vector<>(withNulls).elements())),
                    "traverseEnumeration");
            assertEquals(expected, drain(Traversers.lazy(() -> Traversers.traverseIterable(withNulls))), "lazy");
        }
    }

    @Test
    void when_strictIteratorMeetsNull_then_npeAfterTheItemsBefore() {
        Traverser<String> t = Traversers.traverseIterator(Arrays.asList("a", null, "b").iterator(), false);

        assertEquals("a", t.next());
        NullPointerException e = assertThrows(NullPointerException.class, t::next);
        assertTrue(e.getMessage().contains("traverseIterator(iterator, true)"), e.getMessage());
    }

    @Test
    void when_streamTraversed_then_closedOnceAtTheEnd() {
        AtomicInteger closed = new AtomicInteger();
        Traverser<Integer> t = Traversers.traverseStream(Stream.of(1, 2).onClose(closed::incrementAndGet));

        assertEquals(1, t.next());
        assertEquals(2, t.next());
        assertEquals(0, closed.get());
        assertNull(t.next());
        assertNull(t.next());
        assertEquals(1, closed.get());
    }

    @Test
    void when_lazy_then_supplierCalledOnceOnFirstNext() {
        AtomicInteger calls = new AtomicInteger();
        Traverser<String> t = Traversers.lazy(() -> {
            calls.incrementAndGet();
            return Traversers.traverseItems("a", "b");
        });

        assertEquals(0, calls.get());
        assertEquals(List.of("a", "b"), drain(t));
        assertNull(t.next());
        assertEquals(1, calls.get());
        assertNull(Traversers.lazy(() -> null).next(), "a null traverser from the supplier is empty");
    }

    @Test
    void when_emptyAndSingleton_then_zeroOrOneItem() {
        assertEquals(List.of(), drain(Traversers.empty()));
        assertEquals(List.of("x"), drain(Traversers.singleton("x")));
        assertEquals(List.of(), drain(Traversers.singleton(null)));
        assertEquals(List.of(), drain(Traversers.traverseItems()));
        assertEquals(List.of(), drain(Traversers.traverseIterable(Collections.emptyList())));
    }

    private static List<Integer> ints(Random random) {
        return random.ints(random.nextInt(40), -20, 100).boxed().collect(Collectors.toList());
    }

    static <T> List<T> drain(Traverser<T> t) {
        List<T> out = new ArrayList<>();
        for (T item; (item = t.next()) != null; ) {
            out.add(item);
        }
        return out;
    }

    private static void assertNpe(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(NullPointerException.class, call).getMessage());
    }

    /** 0, 1, ... n - 1, counting how many items were pulled. */
    private static final class CountingTraverser implements Traverser<Integer> {
        private final int n;
        int pulled;

        CountingTraverser(int n) {
            this.n = n;
        }

        @Override
        public Integer next() {
            if (pulled >= n) {
                return null;
            }
            return pulled++;
        }
    }
}
