package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;
import io.sluice.engine.pipeline.Traversers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation3;
import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.allOfBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.flatMapping;
import static io.sluice.engine.aggregate.AggregateOperations.groupingBy;
import static io.sluice.engine.aggregate.AggregateOperations.linearTrend;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.minBy;
import static io.sluice.engine.aggregate.AggregateOperations.sorting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toCollection;
import static io.sluice.engine.aggregate.AggregateOperations.toList;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contract cases for the operations added for parity with Hazelcast Jet (issue #7), each with a
 * reference result computed independently in plain Java (streams, collectors, {@code BigDecimal}).
 * {@link AggregateOperationsContractTest} runs them with its own cases.
 */
final class JetParityOpCases {
    private JetParityOpCases() {
    }

    /** A point of the linear trend; both coordinates taken from one item. */
    record Point(long x, long y) {
    }

    static Stream<OpCase<?>> cases() {
        return Stream.of(linearTrendCases(), collectingCases(), compositeCases()).flatMap(s -> s);
    }

    private static Stream<OpCase<?>> linearTrendCases() {
        return Stream.of(
                OpCase.<Point>of("linearTrend", linearTrend(Point::x, Point::y), JetParityOpCases::noisyLine,
                        items -> null, true).verifiedBy(JetParityOpCases::assertSlope),
                OpCase.<Point>of("linearTrend(coordinates near the long limits)", linearTrend(Point::x, Point::y),
                        JetParityOpCases::hugePoints, items -> null, true).verifiedBy(JetParityOpCases::assertSlope),
                OpCase.<Point>of("linearTrend(all x equal: NaN)", linearTrend(Point::x, Point::y),
                        (random, size) -> random.longs(size, -50, 50).mapToObj(y -> new Point(7, y))
                                .collect(Collectors.toList()), items -> Double.NaN, true));
    }

    private static Stream<OpCase<?>> collectingCases() {
        return Stream.of(
                OpCase.<Integer>of("toCollection(TreeSet)", toCollection(TreeSet<Integer>::new), JetParityOpCases::ints,
                        items -> new TreeSet<>(items), false)
                      .normalizedBy(c -> {
                          assertInstanceOf(TreeSet.class, c, "the collection from createCollectionFn");
                          return new ArrayList<>((TreeSet<?>) c);
                      }),
                OpCase.<Integer>of("toCollection(ArrayDeque)", toCollection(ArrayDeque<Integer>::new),
                        JetParityOpCases::ints, ArrayList::new, false)
                      .normalizedBy(c -> sorted(new ArrayList<>((java.util.Collection<?>) c))),
                OpCase.<Integer>of("sorting(natural)", sorting(ComparatorEx.<Integer>naturalOrder()), JetParityOpCases::ints,
                        items -> items.stream().sorted().collect(Collectors.toList()), false),
                OpCase.<Integer>of("sorting(by absolute value, ties in any order)",
                        sorting((Integer a, Integer b) -> Integer.compare(Math.abs(a), Math.abs(b))),
                        JetParityOpCases::ints, items -> null, false)
                      .verifiedBy((items, actual) -> {
                          List<?> list = (List<?>) actual;
                          assertEquals(sorted(items), sorted(list), "the same items");
                          for (int i = 1; i < list.size(); i++) {
                              assertTrue(Math.abs((Integer) list.get(i - 1)) <= Math.abs((Integer) list.get(i)),
                                      () -> "not sorted by absolute value: " + list);
                          }
                      }),
                OpCase.<Integer>of("toMap(mod 10, value, Long::sum)", toMap((Integer i) -> Math.floorMod(i, 10),
                                (Integer i) -> (long) i, Long::sum), JetParityOpCases::ints,
                        items -> items.stream().collect(Collectors.toMap(i -> Math.floorMod(i, 10), i -> (long) i, Long::sum)),
                        false),
                OpCase.<Integer>of("toMap(mod 7, toString, keep the longest, TreeMap)",
                        toMap((Integer i) -> Math.floorMod(i, 7), (Integer i) -> Integer.toString(i),
                                JetParityOpCases::longest, TreeMap::new),
                        JetParityOpCases::ints, items -> items.stream().collect(Collectors.toMap(
                                i -> Math.floorMod(i, 7), i -> Integer.toString(i), JetParityOpCases::longest,
                                TreeMap::new)), false)
                      .normalizedBy(JetParityOpCases::checkedTreeMap),
                OpCase.<Integer>of("groupingBy(mod 5)", groupingBy((Integer i) -> Math.floorMod(i, 5)),
                        JetParityOpCases::ints, items -> items.stream().collect(Collectors.groupingBy(i -> Math.floorMod(i, 5))),
                        false).normalizedBy(JetParityOpCases::sortedValues),
                OpCase.<Integer>of("groupingBy(mod 5, counting)", groupingBy((Integer i) -> Math.floorMod(i, 5), counting()),
                        JetParityOpCases::ints,
                        items -> items.stream().collect(Collectors.groupingBy(i -> Math.floorMod(i, 5), Collectors.counting())),
                        false),
                OpCase.<Integer>of("groupingBy(sign, TreeMap, allOf(summingLong, maxBy))",
                        groupingBy((Integer i) -> Integer.signum(i), TreeMap::new,
                                allOf(summingLong((Integer i) -> i), maxBy(ComparatorEx.<Integer>naturalOrder()))),
                        JetParityOpCases::ints, items -> items.stream().collect(Collectors.groupingBy(Integer::signum,
                                TreeMap::new, Collectors.collectingAndThen(Collectors.toList(), l -> Tuple2.tuple2(
                                        l.stream().mapToLong(i -> i).sum(), l.stream().max(Comparator.naturalOrder()).get())))),
                        false).normalizedBy(JetParityOpCases::checkedTreeMap),
                OpCase.<Integer>of("groupingBy(mod 3, without combine)",
                        groupingBy((Integer i) -> Math.floorMod(i, 3), firstTwo()), JetParityOpCases::ints,
                        items -> items.stream().collect(Collectors.groupingBy(i -> Math.floorMod(i, 3),
                                Collectors.collectingAndThen(Collectors.toList(), l -> List.copyOf(l.subList(0, Math.min(2, l.size())))))),
                        false).withoutCombine(),
                OpCase.<String>of("concatenating(\",\"), empty items add nothing", concatenating(","),
                        JetParityOpCases::wordsAndEmpties, items -> joinNonEmpty(items, ",", "", ""), false)
                      .normalizedBy(s -> tokens((String) s, ",", "", "")),
                OpCase.<String>of("concatenating(\", \", \"[\", \"]\")", concatenating(", ", "[", "]"),
                        JetParityOpCases::wordsAndEmpties, items -> joinNonEmpty(items, ", ", "[", "]"), false)
                      .normalizedBy(s -> tokens((String) s, ", ", "[", "]")));
    }

    private static Stream<OpCase<?>> compositeCases() {
        return Stream.of(
                OpCase.<Integer>of("flatMapping(i, 2i or none, summingLong)",
                        flatMapping((Integer i) -> i % 5 == 0 ? null : Traversers.traverseItems(i, 2 * i),
                                summingLong((Integer i) -> i)),
                        JetParityOpCases::ints, items -> items.stream().filter(i -> i % 5 != 0)
                                .flatMap(i -> Stream.of(i, 2 * i)).mapToLong(i -> i).sum(), true),
                OpCase.<Integer>of("flatMapping(digits, toList)",
                        flatMapping((Integer i) -> Traversers.traverseArray(Integer.toString(Math.abs(i)).split("")),
                                toList()),
                        JetParityOpCases::ints, items -> items.stream()
                                .flatMap(i -> Arrays.stream(Integer.toString(Math.abs(i)).split("")))
                                .collect(Collectors.toList()), false).normalizedBy(JetParityOpCases::sorted),
                OpCase.<Integer>of("allOf(summingLong, counting, sum - count)",
                        allOf(summingLong((Integer i) -> i), counting(), (Long sum, Long count) -> sum - count),
                        JetParityOpCases::ints, items -> items.stream().mapToLong(i -> i).sum() - items.size(), true),
                OpCase.<Integer>of("allOf(minBy, maxBy, counting, range and count)",
                        allOf(minBy(ComparatorEx.<Integer>naturalOrder()), maxBy(ComparatorEx.<Integer>naturalOrder()),
                                counting(), (Integer min, Integer max, Long n) -> n == 0 ? "none" : (max - min) + "/" + n),
                        JetParityOpCases::ints, items -> items.isEmpty() ? "none"
                                : (max(items) - min(items)) + "/" + items.size(), false),
                OpCase.<Integer>of("allOfBuilder(counting, summingLong, averagingLong, minBy)", fourOf(),
                        JetParityOpCases::ints, items -> ItemsByTag.itemsByTag(
                                Tag.tag0(), (long) items.size(),
                                Tag.tag1(), items.stream().mapToLong(i -> i).sum(),
                                Tag.tag2(), items.stream().mapToLong(i -> i).average().orElse(Double.NaN),
                                Tag.tag(3), items.isEmpty() ? null : min(items)), false),
                OpCase.<Integer>of("allOfBuilder(counting, summingLong).build(sum - count)", deductingPair(),
                        JetParityOpCases::ints, items -> items.stream().mapToLong(i -> i).sum() - items.size(), true),
                OpCase.<Tuple2<Integer, Integer>>of("aggregateOperation2(counting, summingLong)",
                        byInput(aggregateOperation2(counting(), summingLong((Integer i) -> i))),
                        (random, size) -> tagged(random, size, 2),
                        items -> Tuple2.tuple2(input(items, 0).count(), input(items, 1).mapToLong(i -> i).sum()), true),
                OpCase.<Tuple2<Integer, Integer>>of("aggregateOperation2(toList, averagingLong, f)",
                        byInput(aggregateOperation2(toList(), averagingLong((Integer i) -> i),
                                (List<Integer> list, Double mean) -> list.size() + "@" + mean)),
                        (random, size) -> tagged(random, size, 2),
                        items -> input(items, 0).count() + "@" + input(items, 1).mapToLong(i -> i).average().orElse(Double.NaN),
                        false),
                OpCase.<Tuple2<Integer, Integer>>of("aggregateOperation3(counting, summingLong, maxBy)",
                        byInput(aggregateOperation3(counting(), summingLong((Integer i) -> i),
                                maxBy(ComparatorEx.<Integer>naturalOrder()))),
                        (random, size) -> tagged(random, size, 3),
                        items -> Tuple3.tuple3(input(items, 0).count(), input(items, 1).mapToLong(i -> i).sum(),
                                input(items, 2).max(Comparator.naturalOrder()).orElse(null)), false),
                OpCase.<Tuple2<Integer, Integer>>of("aggregateOperation3(summingLong x3, f)",
                        byInput(aggregateOperation3(summingLong((Integer i) -> i), summingLong((Integer i) -> i),
                                summingLong((Integer i) -> i), (Long a, Long b, Long c) -> a - b + 10 * c)),
                        (random, size) -> tagged(random, size, 3),
                        items -> input(items, 0).mapToLong(i -> i).sum() - input(items, 1).mapToLong(i -> i).sum()
                                + 10 * input(items, 2).mapToLong(i -> i).sum(), true),
                OpCase.<Tuple2<Integer, Integer>>of("aggregateOperation2(counting, without combine)",
                        byInput(aggregateOperation2(counting(), firstTwo())),
                        (random, size) -> tagged(random, size, 2),
                        items -> Tuple2.tuple2(input(items, 0).count(), input(items, 1).limit(2).collect(Collectors.toList())),
                        false).withoutCombine());
    }

    // ---- operations under test that need a few lines

    private static AggregateOperation1<Integer, Object[], ItemsByTag> fourOf() {
        AllOfAggregationBuilder<Integer> builder = allOfBuilder();
        builder.add(counting());
        builder.add(summingLong((Integer i) -> i));
        builder.add(averagingLong((Integer i) -> i));
        builder.add(minBy(ComparatorEx.<Integer>naturalOrder()));
        return builder.build();
    }

    private static AggregateOperation1<Integer, Object[], Long> deductingPair() {
        AllOfAggregationBuilder<Integer> builder = allOfBuilder();
        Tag<Long> count = builder.add(counting());
        Tag<Long> sum = builder.add(summingLong((Integer i) -> i));
        return builder.build(ibt -> ibt.get(sum) - ibt.get(count));
    }

    /** An operation that cannot combine: the first two items in encounter order. */
    private static AggregateOperation1<Integer, List<Integer>, List<Integer>> firstTwo() {
        return AggregateOperation
                .<List<Integer>>withCreate(ArrayList::new)
                .<Integer>andAccumulate((list, i) -> {
                    if (list.size() < 2) {
                        list.add(i);
                    }
                })
                .<List<Integer>>andExport(List::copyOf)
                .andFinish(list -> list);
    }

    /**
     * A single-input view of a multi-input operation, so the contract test can drive it: an item
     * {@code (i, value)} goes to the accumulate primitive of input {@code i}. The other primitives
     * are the operation's own.
     */
    static <A, R> AggregateOperation1<Tuple2<Integer, Integer>, A, R> byInput(AggregateOperation<A, R> op) {
        return new AggregateOperation1Impl<>(op.createFn(),
                (A acc, Tuple2<Integer, Integer> item) -> op.<Integer>accumulateFn(item.f0()).accept(acc, item.f1()),
                op.combineFn(), op.deductFn(), op.exportFn(), op.finishFn());
    }

    // ---- inputs

    private static List<Integer> ints(Random random, int size) {
        return random.ints(size, -1000, 1001).boxed().collect(Collectors.toList());
    }

    private static List<Tuple2<Integer, Integer>> tagged(Random random, int size, int inputs) {
        return random.ints(size, -1000, 1001)
                .mapToObj(v -> Tuple2.tuple2(random.nextInt(inputs), v)).collect(Collectors.toList());
    }

    private static Stream<Integer> input(List<Tuple2<Integer, Integer>> items, int input) {
        return items.stream().filter(t -> t.f0() == input).map(Tuple2::f1);
    }

    /** Points near y = 3x - 17 with noise, so the slope varies a little with the sample. */
    private static List<Point> noisyLine(Random random, int size) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long x = random.nextInt(2001) - 1000;
            points.add(new Point(x, 3 * x - 17 + random.nextInt(201) - 100));
        }
        return points;
    }

    /** Coordinates up to 2^62 in size: their products and sums would overflow any long. */
    private static List<Point> hugePoints(Random random, int size) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long x = random.nextLong() >> 1;
            long y = random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(1000) : random.nextLong();
            points.add(new Point(x, y));
        }
        return points;
    }

    private static List<String> wordsAndEmpties(Random random, int size) {
        return random.ints(size, 0, 60).mapToObj(i -> i < 10 ? "" : "w" + i).collect(Collectors.toList());
    }

    // ---- references and normalizers

    /**
     * The least-squares slope, mean-centred, in 60-digit decimal arithmetic:
     * {@code Σ(x - x̄)(y - ȳ) / Σ(x - x̄)²}; NaN where it is undefined.
     */
    private static void assertSlope(List<Point> items, Object actual) {
        MathContext mc = new MathContext(60);
        double expected;
        if (items.size() < 2) {
            expected = Double.NaN;
        } else {
            BigDecimal n = BigDecimal.valueOf(items.size());
            BigDecimal meanX = items.stream().map(p -> BigDecimal.valueOf(p.x())).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(n, mc);
            BigDecimal meanY = items.stream().map(p -> BigDecimal.valueOf(p.y())).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(n, mc);
            BigDecimal sxy = BigDecimal.ZERO;
            BigDecimal sxx = BigDecimal.ZERO;
            for (Point p : items) {
                BigDecimal dx = BigDecimal.valueOf(p.x()).subtract(meanX, mc);
                sxy = sxy.add(dx.multiply(BigDecimal.valueOf(p.y()).subtract(meanY, mc), mc), mc);
                sxx = sxx.add(dx.multiply(dx, mc), mc);
            }
            expected = sxx.signum() == 0 ? Double.NaN : sxy.divide(sxx, mc).doubleValue();
        }
        double slope = (Double) actual;
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(slope), () -> "expected NaN for " + items.size() + " points, got " + slope);
        } else {
            assertEquals(expected, slope, Math.abs(expected) * 1e-12, () -> items.size() + " points");
        }
    }

    /** The greater by length, then alphabetically: associative and commutative, as mergeFn must be. */
    private static String longest(String a, String b) {
        int c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        return c >= 0 ? a : b;
    }

    private static String joinNonEmpty(List<String> items, String delimiter, String prefix, String suffix) {
        return prefix + items.stream().filter(s -> !s.isEmpty()).collect(Collectors.joining(delimiter)) + suffix;
    }

    /** The parts between the delimiters, sorted (the order across instances is unspecified). */
    private static Object tokens(String s, String delimiter, String prefix, String suffix) {
        if (!s.startsWith(prefix) || !s.endsWith(suffix)) {
            return "no prefix/suffix: " + s;
        }
        String body = s.substring(prefix.length(), s.length() - suffix.length());
        List<String> parts = new ArrayList<>(Arrays.asList(body.split(java.util.regex.Pattern.quote(delimiter), -1)));
        parts.sort(null);
        return parts;
    }

    private static Object checkedTreeMap(Object map) {
        assertInstanceOf(TreeMap.class, map, "the map from createMapFn");
        return map;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object sortedValues(Object map) {
        Map<Object, List> copy = new TreeMap<>();
        ((Map<Object, List>) map).forEach((k, v) -> copy.put(k, (List) sorted(v)));
        return copy;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object sorted(Object list) {
        List copy = new ArrayList<>((List) list);
        copy.sort(null);
        return copy;
    }

    private static int min(List<Integer> items) {
        return items.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    private static int max(List<Integer> items) {
        return items.stream().max(Comparator.naturalOrder()).orElseThrow();
    }
}
