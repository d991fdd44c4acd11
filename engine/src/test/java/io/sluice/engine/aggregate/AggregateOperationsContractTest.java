package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.averagingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.bottomN;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.filtering;
import static io.sluice.engine.aggregate.AggregateOperations.mapping;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.minBy;
import static io.sluice.engine.aggregate.AggregateOperations.pickAny;
import static io.sluice.engine.aggregate.AggregateOperations.reducing;
import static io.sluice.engine.aggregate.AggregateOperations.summingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toList;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static io.sluice.engine.aggregate.AggregateOperations.toSet;
import static io.sluice.engine.aggregate.AggregateOperations.topN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The create/accumulate/combine/deduct/export contract, checked for every operation in
 * {@link AggregateOperations} against a reference result computed with Java streams; the cases of
 * the operations added for Jet parity are in {@link JetParityOpCases}.
 */
@Timeout(30)
class AggregateOperationsContractTest {

    private static final int[] SIZES = {0, 1, 2, 17, 1000};

    static Stream<OpCase<?>> cases() {
        return Stream.concat(originalCases(), JetParityOpCases.cases());
    }

    private static Stream<OpCase<?>> originalCases() {
        ComparatorEx<Integer> natural = ComparatorEx.naturalOrder();
        return Stream.of(
                OpCase.<Integer>of("counting", counting(), AggregateOperationsContractTest::ints,
                        items -> (long) items.size(), true),
                OpCase.<Integer>of("summingLong", summingLong((Integer i) -> i), AggregateOperationsContractTest::ints,
                        items -> items.stream().mapToLong(i -> i).sum(), true),
                // Up to 2^52 per item: at most 1,000 items never overflow, but the high bits are used.
                OpCase.<Long>of("summingLong(large values)", summingLong((Long l) -> l),
                        AggregateOperationsContractTest::largeLongs, items -> items.stream().mapToLong(l -> l).sum(), true),
                OpCase.<Long>of("averagingLong(large values)", averagingLong((Long l) -> l),
                        AggregateOperationsContractTest::largeLongs,
                        items -> items.stream().mapToLong(l -> l).average().orElse(Double.NaN), true),
                // Halves keep every partial sum exact, so any combining order gives the same bits.
                OpCase.<Integer>of("summingDouble", summingDouble((Integer i) -> i * 0.5),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().mapToDouble(i -> i * 0.5).sum(), true),
                OpCase.<Integer>of("averagingLong", averagingLong((Integer i) -> i), AggregateOperationsContractTest::ints,
                        items -> items.stream().mapToLong(i -> i).average().orElse(Double.NaN), true),
                OpCase.<Integer>of("averagingDouble", averagingDouble((Integer i) -> i * 0.25),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().mapToDouble(i -> i * 0.25).average().orElse(Double.NaN), true),
                OpCase.<Integer>of("minBy", minBy(natural), AggregateOperationsContractTest::ints,
                        items -> items.stream().min(Comparator.naturalOrder()).orElse(null), false),
                OpCase.<Integer>of("maxBy", maxBy(natural), AggregateOperationsContractTest::ints,
                        items -> items.stream().max(Comparator.naturalOrder()).orElse(null), false),
                OpCase.<Integer>of("toList", toList(), AggregateOperationsContractTest::ints,
                        ArrayList::new, false).normalizedBy(AggregateOperationsContractTest::sorted),
                OpCase.<Integer>of("toSet", toSet(), AggregateOperationsContractTest::ints, HashSet::new, false),
                OpCase.<Integer>of("toMap", toMap((Integer i) -> i, (Integer i) -> "v" + i),
                        AggregateOperationsContractTest::distinctInts,
                        items -> items.stream().collect(Collectors.toMap(i -> i, i -> "v" + i)), true),
                OpCase.<Integer>of("reducing(sum, with deduct)",
                        reducing(0L, (Integer i) -> (long) i, Long::sum, (a, b) -> a - b),
                        AggregateOperationsContractTest::ints, items -> items.stream().mapToLong(i -> i).sum(), true),
                OpCase.<Integer>of("reducing(max, no deduct)",
                        reducing(Integer.MIN_VALUE, (Integer i) -> i, Math::max, null),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().mapToInt(i -> i).max().orElse(Integer.MIN_VALUE), false),
                OpCase.<Integer>of("mapping(odd*2 or null, summingLong)",
                        mapping((Integer i) -> i % 2 == 0 ? null : i * 2L, summingLong((Long l) -> l)),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().filter(i -> i % 2 != 0).mapToLong(i -> i * 2L).sum(), true),
                OpCase.<Integer>of("mapping(toString, toSet)", mapping((Integer i) -> "x" + i, toSet()),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().map(i -> "x" + i).collect(Collectors.toSet()), false),
                OpCase.<Integer>of("filtering(positive, counting)", filtering((Integer i) -> i > 0, counting()),
                        AggregateOperationsContractTest::ints, items -> items.stream().filter(i -> i > 0).count(), true),
                OpCase.<Integer>of("filtering(multiple of 3, toList)", filtering((Integer i) -> i % 3 == 0, toList()),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().filter(i -> i % 3 == 0).collect(Collectors.toList()), false)
                      .normalizedBy(AggregateOperationsContractTest::sorted),
                OpCase.<String>of("concatenating", concatenating(), AggregateOperationsContractTest::words,
                        items -> String.join("", items), false)
                      .normalizedBy(AggregateOperationsContractTest::sortedWords),
                OpCase.<Integer>of("allOf(counting, summingLong)", allOf(counting(), summingLong((Integer i) -> i)),
                        AggregateOperationsContractTest::ints,
                        items -> Tuple2.tuple2((long) items.size(), items.stream().mapToLong(i -> i).sum()), true),
                OpCase.<Integer>of("allOf(minBy, maxBy)", allOf(minBy(natural), maxBy(natural)),
                        AggregateOperationsContractTest::ints,
                        items -> Tuple2.tuple2(items.stream().min(Comparator.naturalOrder()).orElse(null),
                                items.stream().max(Comparator.naturalOrder()).orElse(null)), false),
                OpCase.<Integer>of("allOf(counting, summingLong, averagingDouble)",
                        allOf(counting(), summingLong((Integer i) -> i), averagingDouble((Integer i) -> i)),
                        AggregateOperationsContractTest::ints,
                        items -> Tuple3.tuple3((long) items.size(), items.stream().mapToLong(i -> i).sum(),
                                items.stream().mapToDouble(i -> i).average().orElse(Double.NaN)), true),
                OpCase.<Integer>of("allOf(counting, toList, maxBy)", allOf(counting(), toList(), maxBy(natural)),
                        AggregateOperationsContractTest::ints,
                        items -> Tuple3.tuple3((long) items.size(), new ArrayList<>(items),
                                items.stream().max(Comparator.naturalOrder()).orElse(null)), false)
                      .normalizedBy(t -> {
                          Tuple3<?, ?, ?> t3 = (Tuple3<?, ?, ?>) t;
                          return Tuple3.tuple3(t3.f0(), sorted(t3.f1()), t3.f2());
                      }),
                OpCase.<Integer>of("topN(5)", topN(5, natural), AggregateOperationsContractTest::ints,
                        items -> items.stream().sorted(Comparator.reverseOrder()).limit(5).collect(Collectors.toList()),
                        false),
                OpCase.<Integer>of("topN(5000), more than the items", topN(5000, natural),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().sorted(Comparator.reverseOrder()).collect(Collectors.toList()), false),
                OpCase.<Integer>of("bottomN(3)", bottomN(3, natural), AggregateOperationsContractTest::ints,
                        items -> items.stream().sorted().limit(3).collect(Collectors.toList()), false),
                OpCase.<Integer>of("pickAny", pickAny(), AggregateOperationsContractTest::ints, items -> null, false)
                      .verifiedBy((items, actual) -> {
                          if (items.isEmpty()) {
                              assertNull(actual, "pickAny of no items");
                          } else {
                              assertTrue(items.contains(actual), () -> "pickAny returned " + actual + ", not an item");
                          }
                      }),
                OpCase.<Integer>of("counting().andThen(toString)", counting().andThen(n -> "n=" + n),
                        AggregateOperationsContractTest::ints, items -> "n=" + items.size(), true),
                OpCase.<Integer>of("builder without combine (first 3 items)", firstThree(),
                        AggregateOperationsContractTest::ints, items -> List.copyOf(items.subList(0, Math.min(3, items.size()))),
                        false).withoutCombine(),
                OpCase.<Integer>of("mapping(negate, without combine)", mapping((Integer i) -> -i, firstThree()),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().limit(3).map(i -> -i).collect(Collectors.toList()), false)
                      .withoutCombine(),
                OpCase.<Integer>of("allOf(counting, without combine)", allOf(counting(), firstThree()),
                        AggregateOperationsContractTest::ints,
                        items -> Tuple2.tuple2((long) items.size(), List.copyOf(items.subList(0, Math.min(3, items.size())))),
                        false).withoutCombine(),
                OpCase.<Integer>of("allOf(summingLong, counting, without combine).andThen(f2)",
                        allOf(summingLong((Integer i) -> i), counting(), filtering((Integer i) -> i > 0, firstThree()))
                                .andThen(Tuple3::f2),
                        AggregateOperationsContractTest::ints,
                        items -> items.stream().filter(i -> i > 0).limit(3).collect(Collectors.toList()), false)
                      .withoutCombine());
    }

    /** An operation that cannot combine: the first three items in encounter order. */
    private static AggregateOperation1<Integer, List<Integer>, List<Integer>> firstThree() {
        return AggregateOperation
                .<List<Integer>>withCreate(ArrayList::new)
                .<Integer>andAccumulate((list, i) -> {
                    if (list.size() < 3) {
                        list.add(i);
                    }
                })
                .<List<Integer>>andExport(List::copyOf)
                .andFinish(list -> list);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_accumulatedInOnePass_then_sameAsStreams(OpCase<T> c) {
        Random random = new Random(42);
        for (int size : SIZES) {
            // Given
            List<T> items = c.items(random, size);

            // When
            Object acc = c.accumulate(items);

            // Then
            c.assertResult(items, c.export(acc), "export of " + size + " items");
            c.assertResult(items, c.finish(acc), "finish of " + size + " items");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combiningCases")
    <T> void when_splitAndCombined_then_sameAsSinglePass(OpCase<T> c) {
        for (int k = 1; k <= 5; k++) {
            for (int seed = 0; seed < 20; seed++) {
                // Given: items spread over k parts, of which some may stay empty
                Random random = new Random(1000L * k + seed);
                List<T> items = c.items(random, seed == 0 ? 0 : random.nextInt(300));
                List<List<T>> parts = split(items, k, random);
                List<Object> accs = new ArrayList<>();
                for (List<T> part : parts) {
                    accs.add(c.accumulate(part));
                }

                // When: combine random pairs until one is left, so trees of any shape occur
                while (accs.size() > 1) {
                    int left = random.nextInt(accs.size());
                    int right = random.nextInt(accs.size() - 1);
                    right = right >= left ? right + 1 : right;
                    c.combine(accs.get(left), accs.get(right));
                    accs.remove(right);
                }

                // Then
                String context = "k=" + k + ", seed=" + seed + ", parts sized " + sizes(parts);
                c.assertResult(items, c.export(accs.get(0)), context);
                c.assertResult(items, c.finish(accs.get(0)), context);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combiningCases")
    <T> void when_combinedWithEmptyOnEitherSide_then_unchangedAndRightUntouched(OpCase<T> c) {
        Random random = new Random(7);
        List<T> items = c.items(random, 50);

        Object emptyLeft = c.combine(c.create(), c.accumulate(items));
        c.assertResult(items, c.export(emptyLeft), "empty.combine(full)");

        Object full = c.accumulate(items);
        Object emptyRight = c.create();
        c.combine(full, emptyRight);
        c.assertResult(items, c.export(full), "full.combine(empty)");
        c.assertResult(List.of(), c.export(emptyRight), "the right side after full.combine(empty)");

        List<T> rightItems = items.subList(10, items.size());
        Object right = c.accumulate(rightItems);
        c.combine(c.accumulate(items.subList(0, 10)), right);
        c.assertResult(rightItems, c.export(right), "the right side after combine");

        c.assertResult(List.of(), c.export(c.combine(c.create(), c.create())), "empty.combine(empty)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_deductFnQueried_then_presentExactlyWhereDocumented(OpCase<T> c) {
        assertEquals(c.deducts(), c.op().deductFn() != null, c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_combineFnQueried_then_presentExactlyWhereExpected(OpCase<T> c) {
        assertEquals(c.combines(), c.op().combineFn() != null, c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deductingCases")
    <T> void when_combinedThenDeducted_then_sameAsBefore(OpCase<T> c) {
        for (int seed = 0; seed < 30; seed++) {
            // Given: a and b, each sometimes empty
            Random random = new Random(seed);
            List<T> items = c.items(random, 1 + random.nextInt(200));
            int cut = switch (seed % 5) {
                case 0 -> 0;
                case 1 -> items.size();
                default -> random.nextInt(items.size() + 1);
            };
            List<T> a = items.subList(0, cut);
            List<T> b = items.subList(cut, items.size());
            Object accA = c.accumulate(a);
            Object accB = c.accumulate(b);

            // When
            c.combine(accA, accB);
            c.assertResult(items, c.export(accA), "after combine, seed=" + seed);
            c.deduct(accA, accB);

            // Then
            String context = "seed=" + seed + ", |a|=" + a.size() + ", |b|=" + b.size();
            c.assertSameResult(c.export(c.accumulate(a)), c.export(accA), "combine then deduct, " + context);
            c.assertResult(b, c.export(accB), "deducted accumulator changed, " + context);
            List<T> more = c.items(random, 20);
            c.accumulateInto(accA, more);
            c.assertResult(OpCase.concat(a, more), c.export(accA), "accumulate after deduct, " + context);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_exportedTwice_then_accumulatorStillUsable(OpCase<T> c) {
        // Given
        Random random = new Random(3);
        List<T> first = c.items(random, 100);
        List<T> second = c.items(random, 100);
        Object acc = c.accumulate(first);

        // When
        Object export1 = c.export(acc);
        Object export2 = c.export(acc);
        c.accumulateInto(acc, second);

        // Then
        c.assertSameResult(export1, export2, "two exports of one state");
        c.assertResult(first, export1, "an earlier export after more accumulation");
        c.assertResult(OpCase.concat(first, second), c.export(acc), "export after more accumulation");
        c.assertResult(OpCase.concat(first, second), c.finish(acc), "finish after exports");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_accumulatorSerialized_then_continuesFromSameState(OpCase<T> c) {
        // Given
        Random random = new Random(5);
        List<T> first = c.items(random, 100);
        List<T> second = c.items(random, 100);
        Object acc = c.accumulate(first);

        // When
        Object copy = Util.roundTrip((Serializable) acc);
        c.accumulateInto(copy, second);

        // Then
        c.assertResult(OpCase.concat(first, second), c.export(copy), "deserialized accumulator");
        if (!c.combines()) {
            return;
        }
        Object fresh = c.accumulate(second);
        c.combine(fresh, Util.roundTrip((Serializable) c.accumulate(first)));
        c.assertResult(OpCase.concat(second, first), c.export(fresh), "combined with a deserialized accumulator");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    <T> void when_operationSerialized_then_behavesTheSame(OpCase<T> c) {
        // Given
        OpCase<T> remote = c.withOp(Util.roundTrip(c.op()));
        List<T> items = c.items(new Random(11), 300);

        // When
        Object acc = remote.accumulate(items.subList(0, 150));
        if (c.combines()) {
            remote.combine(acc, remote.accumulate(items.subList(150, 300)));
        } else {
            remote.accumulateInto(acc, items.subList(150, 300));
        }

        // Then
        remote.assertResult(items, remote.export(acc), "deserialized operation");
        assertEquals(1, remote.op().arity());
    }

    static Stream<OpCase<?>> deductingCases() {
        return cases().filter(OpCase::deducts);
    }

    static Stream<OpCase<?>> combiningCases() {
        return cases().filter(OpCase::combines);
    }

    private static List<Integer> ints(Random random, int size) {
        return random.ints(size, -1000, 1001).boxed().collect(Collectors.toList());
    }

    private static List<Long> largeLongs(Random random, int size) {
        return random.longs(size, -(1L << 52), 1L << 52).boxed().collect(Collectors.toList());
    }

    private static List<Integer> distinctInts(Random random, int size) {
        // Distinct even across two calls of one test, as toMap needs: mix in a random offset.
        int base = random.nextInt(100_000) * 10_000;
        List<Integer> items = IntStream.range(0, size).mapToObj(i -> base + i).collect(Collectors.toList());
        Collections.shuffle(items, random);
        return items;
    }

    private static List<String> words(Random random, int size) {
        return random.ints(size, 0, 50).mapToObj(i -> "w" + i + ";").collect(Collectors.toList());
    }

    private static <T> List<List<T>> split(List<T> items, int k, Random random) {
        List<List<T>> parts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            parts.add(new ArrayList<>());
        }
        // Fill only some of the parts, so that empty accumulators take part in combining.
        int used = 1 + random.nextInt(k);
        for (T item : items) {
            parts.get(random.nextInt(used)).add(item);
        }
        Collections.shuffle(parts, random);
        return parts;
    }

    private static String sizes(List<? extends List<?>> parts) {
        return parts.stream().map(p -> String.valueOf(p.size())).collect(Collectors.joining(",", "[", "]"));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object sorted(Object list) {
        List copy = new ArrayList<>((List) list);
        copy.sort(null);
        return copy;
    }

    private static Object sortedWords(Object concatenated) {
        String[] words = ((String) concatenated).split(";");
        Arrays.sort(words);
        return Arrays.asList(words);
    }
}
