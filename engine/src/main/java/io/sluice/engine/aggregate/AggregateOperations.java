package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.DoubleAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.accumulator.MutableReference;
import io.sluice.engine.accumulator.PickAnyAccumulator;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.BinaryOperatorEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.ToDoubleFunctionEx;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * Ready-made {@link AggregateOperation}s. Pass them to {@code aggregate(..)} of a stage or of a
 * keyed stage; nest them with {@link #mapping}, {@link #filtering} and {@link #allOf}. To write
 * your own, see {@link AggregateOperation#withCreate}.
 *
 * <p>Items are never {@code null}. Every operation here can be combined, so it runs in two stages;
 * those that can also deduct say so (sliding windows use it). An operation made of others
 * ({@link #mapping}, {@link #filtering}, {@link #allOf}, ...) combines if all of them do, and
 * deducts if all of them do; one that cannot combine runs in a single stage (see
 * {@link AggregateOperation}).
 */
public final class AggregateOperations {

    private AggregateOperations() {
    }

    /**
     * Counts the items. Deducts.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<String, Long>> wordCounts = words.groupingKey(w -> w).aggregate(counting());
     * }</pre>
     *
     * @return an operation whose result is the number of items, {@code 0} for no items
     */
    public static AggregateOperation1<Object, LongAccumulator, Long> counting() {
        return AggregateOperation
                .withCreate(LongAccumulator::new)
                .andAccumulate((LongAccumulator acc, Object item) -> acc.add(1))
                .andCombine(LongAccumulator::add)
                .andDeduct(LongAccumulator::subtract)
                .andExportFinish(LongAccumulator::get);
    }

    /**
     * Sums a {@code long} taken from each item. Deducts.
     *
     * <p>The sum never wraps: when it goes beyond the {@code long} range, the aggregation fails
     * with an {@link ArithmeticException} (as in Hazelcast Jet), in accumulate, combine or deduct.
     * That also applies to partial sums (of one stage instance, of a window frame), so with items
     * of both signs a total close to the limit can fail even though it fits. For larger sums use
     * {@link #summingDouble} or {@link #reducing} with {@code BigInteger}.
     *
     * <pre>{@code
     * BatchStage<Long> totalLength = words.aggregate(summingLong(String::length));
     * }</pre>
     *
     * @param getLongValueFn the value of one item; must be stateless
     * @param <T>            item type
     * @return an operation whose result is the sum, {@code 0} for no items
     */
    public static <T> AggregateOperation1<T, LongAccumulator, Long> summingLong(
            ToLongFunctionEx<? super T> getLongValueFn) {
        checkSerializable(getLongValueFn, "getLongValueFn");
        return AggregateOperation
                .withCreate(LongAccumulator::new)
                .<T>andAccumulate((acc, item) ->
                        acc.set(addExact(acc.get(), getLongValueFn.applyAsLong(item), "summingLong", "sum")))
                .andCombine((left, right) -> left.set(addExact(left.get(), right.get(), "summingLong", "sum")))
                .andDeduct((left, right) -> left.set(subtractExact(left.get(), right.get(), "summingLong", "sum")))
                .andExportFinish(LongAccumulator::get);
    }

    /**
     * Sums a {@code double} taken from each item. The additions are plain floating-point ones, so
     * the last bits of the sum may depend on how the items were split among stage instances.
     * Deducts.
     *
     * <pre>{@code
     * BatchStage<Double> total = prices.aggregate(summingDouble(p -> p));
     * }</pre>
     *
     * @param getDoubleValueFn the value of one item; must be stateless
     * @param <T>              item type
     * @return an operation whose result is the sum, {@code 0.0} for no items
     */
    public static <T> AggregateOperation1<T, DoubleAccumulator, Double> summingDouble(
            ToDoubleFunctionEx<? super T> getDoubleValueFn) {
        checkSerializable(getDoubleValueFn, "getDoubleValueFn");
        return AggregateOperation
                .withCreate(DoubleAccumulator::new)
                .<T>andAccumulate((acc, item) -> acc.add(getDoubleValueFn.applyAsDouble(item)))
                .andCombine(DoubleAccumulator::add)
                .andDeduct(DoubleAccumulator::subtract)
                .andExportFinish(DoubleAccumulator::get);
    }

    /**
     * Averages a {@code long} taken from each item. Deducts.
     *
     * <p>The sum and the count are kept in {@code long}s that never wrap: when one goes beyond the
     * {@code long} range, the aggregation fails with an {@link ArithmeticException} (as in
     * Hazelcast Jet), as described for {@link #summingLong}.
     *
     * <p>Unlike {@link java.util.stream.Collectors#averagingLong}, the average of no items is
     * {@link Double#NaN}, not {@code 0.0}: an empty window should not look like one whose items
     * average to zero.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<Character, Double>> meanLengthByInitial =
     *         words.groupingKey(w -> w.charAt(0)).aggregate(averagingLong(String::length));
     * }</pre>
     *
     * @param getLongValueFn the value of one item; must be stateless
     * @param <T>            item type
     * @return an operation whose result is the arithmetic mean, {@code NaN} for no items
     */
    public static <T> AggregateOperation1<T, LongLongAccumulator, Double> averagingLong(
            ToLongFunctionEx<? super T> getLongValueFn) {
        checkSerializable(getLongValueFn, "getLongValueFn");
        // value1 is the count, value2 the sum
        return AggregateOperation
                .withCreate(LongLongAccumulator::new)
                .<T>andAccumulate((acc, item) -> {
                    long sum = addExact(acc.get2(), getLongValueFn.applyAsLong(item), "averagingLong", "sum");
                    acc.set1(addExact(acc.get1(), 1, "averagingLong", "count")).set2(sum);
                })
                .andCombine((left, right) -> {
                    long sum = addExact(left.get2(), right.get2(), "averagingLong", "sum");
                    left.set1(addExact(left.get1(), right.get1(), "averagingLong", "count")).set2(sum);
                })
                .andDeduct((left, right) -> {
                    long sum = subtractExact(left.get2(), right.get2(), "averagingLong", "sum");
                    left.set1(subtractExact(left.get1(), right.get1(), "averagingLong", "count")).set2(sum);
                })
                .andExportFinish(acc -> acc.get1() == 0 ? Double.NaN : (double) acc.get2() / acc.get1());
    }

    /**
     * Averages a {@code double} taken from each item. Deducts. As with {@link #averagingLong}, the
     * average of no items is {@link Double#NaN}, and the count fails with an
     * {@link ArithmeticException} rather than wrap past {@code Long.MAX_VALUE}; the sum is a plain
     * {@code double} sum.
     *
     * <pre>{@code
     * BatchStage<Double> meanPrice = prices.aggregate(averagingDouble(p -> p));
     * }</pre>
     *
     * @param getDoubleValueFn the value of one item; must be stateless
     * @param <T>              item type
     * @return an operation whose result is the arithmetic mean, {@code NaN} for no items
     */
    public static <T> AggregateOperation1<T, LongDoubleAccumulator, Double> averagingDouble(
            ToDoubleFunctionEx<? super T> getDoubleValueFn) {
        checkSerializable(getDoubleValueFn, "getDoubleValueFn");
        return AggregateOperation
                .withCreate(LongDoubleAccumulator::new)
                .<T>andAccumulate((acc, item) -> {
                    double value = getDoubleValueFn.applyAsDouble(item);
                    acc.setLong(addExact(acc.getLong(), 1, "averagingDouble", "count")).addDouble(value);
                })
                .andCombine((left, right) -> left
                        .setLong(addExact(left.getLong(), right.getLong(), "averagingDouble", "count"))
                        .addDouble(right.getDouble()))
                .andDeduct((left, right) -> left
                        .setLong(subtractExact(left.getLong(), right.getLong(), "averagingDouble", "count"))
                        .addDouble(-right.getDouble()))
                .andExportFinish(acc -> acc.getLong() == 0 ? Double.NaN : acc.getDouble() / acc.getLong());
    }

    /**
     * Finds the least item by {@code comparator}. Which of several least items is returned is
     * unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<String> shortest = words.aggregate(minBy((a, b) -> Integer.compare(a.length(), b.length())));
     * }</pre>
     *
     * @param comparator orders the items; must be stateless
     * @param <T>        item type
     * @return an operation whose result is the least item, {@code null} for no items
     */
    public static <T> AggregateOperation1<T, MutableReference<T>, T> minBy(ComparatorEx<? super T> comparator) {
        checkSerializable(comparator, "comparator");
        return maxBy0(reverse(comparator));
    }

    /**
     * Finds the greatest item by {@code comparator}. Which of several greatest items is returned is
     * unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<String> longest = words.aggregate(maxBy((a, b) -> Integer.compare(a.length(), b.length())));
     * }</pre>
     *
     * @param comparator orders the items; must be stateless
     * @param <T>        item type
     * @return an operation whose result is the greatest item, {@code null} for no items
     */
    public static <T> AggregateOperation1<T, MutableReference<T>, T> maxBy(ComparatorEx<? super T> comparator) {
        checkSerializable(comparator, "comparator");
        return maxBy0(comparator);
    }

    private static <T> AggregateOperation1<T, MutableReference<T>, T> maxBy0(ComparatorEx<? super T> comparator) {
        return AggregateOperation
                .withCreate(MutableReference<T>::new)
                .<T>andAccumulate((acc, item) -> {
                    if (acc.isNull() || comparator.compare(item, acc.get()) > 0) {
                        acc.set(item);
                    }
                })
                .andCombine((left, right) -> {
                    if (!right.isNull() && (left.isNull() || comparator.compare(right.get(), left.get()) > 0)) {
                        left.set(right.get());
                    }
                })
                .andExportFinish(MutableReference::get);
    }

    /**
     * Collects the items into a list. Items from one stage instance keep their order, but the order
     * across instances is unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<Integer, List<String>>> wordsByLength =
     *         words.groupingKey(String::length).aggregate(toList());
     * }</pre>
     *
     * @param <T> item type
     * @return an operation whose result is a new mutable {@link ArrayList}, empty for no items
     */
    public static <T> AggregateOperation1<T, List<T>, List<T>> toList() {
        return AggregateOperation
                .<List<T>>withCreate(ArrayList::new)
                .<T>andAccumulate(List::add)
                .andCombine(List::addAll)
                .<List<T>>andExport(ArrayList::new)
                .andFinish(acc -> acc);
    }

    /**
     * Collects the distinct items (by {@code equals}) into a set. Does not deduct: a set does not
     * remember how many times it saw an item.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<Character, Set<String>>> distinctWordsByInitial =
     *         words.groupingKey(w -> w.charAt(0)).aggregate(toSet());
     * }</pre>
     *
     * @param <T> item type
     * @return an operation whose result is a new mutable {@link HashSet}, empty for no items
     */
    public static <T> AggregateOperation1<T, Set<T>, Set<T>> toSet() {
        return AggregateOperation
                .<Set<T>>withCreate(HashSet::new)
                .<T>andAccumulate(Set::add)
                .andCombine(Set::addAll)
                .<Set<T>>andExport(HashSet::new)
                .andFinish(acc -> acc);
    }

    /**
     * Collects the items into a map, with a key and a value computed from each item. Keys must be
     * unique. Deducts, by removing the deducted accumulator's keys.
     *
     * <pre>{@code
     * BatchStage<Map<String, Integer>> lengthByWord = distinctWords.aggregate(toMap(w -> w, String::length));
     * }</pre>
     *
     * @param keyFn   the key of one item; must not return {@code null}; must be stateless
     * @param valueFn the value of one item; must not return {@code null}; must be stateless
     * @param <T>     item type
     * @param <K>     key type
     * @param <U>     value type
     * @return an operation whose result is a new mutable {@link HashMap}, empty for no items. The
     *         aggregation fails with an {@link IllegalStateException} naming the key if two items
     *         have the same key, and with a {@link NullPointerException} if a function returns null
     */
    public static <T, K, U> AggregateOperation1<T, Map<K, U>, Map<K, U>> toMap(
            FunctionEx<? super T, ? extends K> keyFn, FunctionEx<? super T, ? extends U> valueFn) {
        checkSerializable(keyFn, "keyFn");
        checkSerializable(valueFn, "valueFn");
        return AggregateOperation
                .<Map<K, U>>withCreate(HashMap::new)
                .<T>andAccumulate((acc, item) -> {
                    K key = keyFn.apply(item);
                    U value = valueFn.apply(item);
                    if (key == null || value == null) {
                        throw new NullPointerException("toMap(): " + (key == null ? "keyFn" : "valueFn")
                                + " returned null for " + item);
                    }
                    putUnique(acc, key, value);
                })
                .andCombine((left, right) -> right.forEach((key, value) -> putUnique(left, key, value)))
                .andDeduct((left, right) -> left.keySet().removeAll(right.keySet()))
                .<Map<K, U>>andExport(HashMap::new)
                .andFinish(acc -> acc);
    }

    private static <K, U> void putUnique(Map<K, U> map, K key, U value) {
        U previous = map.putIfAbsent(key, value);
        if (previous != null) {
            throw new IllegalStateException("toMap() found a duplicate key " + key + " (values " + previous
                    + " and " + value + "): keyFn must give each item its own key; to merge the values per "
                    + "key use groupingKey(keyFn).aggregate(..) instead");
        }
    }

    /**
     * Reduces the items: maps each to a value and folds the values with {@code combineFn}, starting
     * from {@code emptyValue}. Deducts if {@code deductFn} is given.
     *
     * <pre>{@code
     * BatchStage<Long> product = numbers.aggregate(reducing(1L, n -> n, (a, b) -> a * b, null));
     * }</pre>
     *
     * @param emptyValue the result for no items, and the identity of {@code combineFn}; nullable
     *                   (then {@code combineFn} must accept {@code null}); shared by all accumulators,
     *                   so it should be immutable
     * @param toValueFn  the value of one item; must be stateless
     * @param combineFn  combines two values; must be associative and stateless
     * @param deductFn   nullable; undoes {@code combineFn}: {@code deductFn(combineFn(a, b), b)}
     *                   must equal {@code a}; must be stateless
     * @param <T>        item type
     * @param <U>        value and result type
     * @return an operation whose result is the reduced value, {@code emptyValue} for no items
     */
    public static <T, U> AggregateOperation1<T, MutableReference<U>, U> reducing(
            U emptyValue,
            FunctionEx<? super T, ? extends U> toValueFn,
            BinaryOperatorEx<U> combineFn,
            BinaryOperatorEx<U> deductFn) {
        if (emptyValue != null) {
            checkSerializable(emptyValue, "emptyValue");
        }
        checkSerializable(toValueFn, "toValueFn");
        checkSerializable(combineFn, "combineFn");
        if (deductFn != null) {
            checkSerializable(deductFn, "deductFn");
        }
        return new AggregateOperation1Impl<T, MutableReference<U>, U>(
                () -> new MutableReference<>(emptyValue),
                (acc, item) -> acc.set(combineFn.apply(acc.get(), toValueFn.apply(item))),
                (left, right) -> left.set(combineFn.apply(left.get(), right.get())),
                deductFn == null ? null : (left, right) -> left.set(deductFn.apply(left.get(), right.get())),
                MutableReference::get,
                MutableReference::get);
    }

    /**
     * Picks any one of the items. Does not deduct: the picked item might be one that is deducted,
     * and then there is no other item to pick.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<Integer, String>> oneWordPerLength = words.groupingKey(String::length).aggregate(pickAny());
     * }</pre>
     *
     * @param <T> item type
     * @return an operation whose result is one of the items, {@code null} for no items
     */
    public static <T> AggregateOperation1<T, PickAnyAccumulator<T>, T> pickAny() {
        return AggregateOperation
                .withCreate(PickAnyAccumulator<T>::new)
                .<T>andAccumulate(PickAnyAccumulator::accumulate)
                .andCombine(PickAnyAccumulator::combine)
                .andExportFinish(PickAnyAccumulator::get);
    }

    /**
     * Applies {@code mapFn} to each item and passes the result to {@code downstream}; a {@code null}
     * result skips the item. Combines and deducts if {@code downstream} does.
     *
     * <pre>{@code
     * BatchStage<Long> totalChars = lines.aggregate(mapping(String::length, summingLong(n -> n)));
     * }</pre>
     *
     * @param mapFn      maps one item; may return {@code null} to skip it; must be stateless
     * @param downstream aggregates the mapped items
     * @param <T>        item type
     * @param <U>        mapped item type
     * @param <A>        accumulator type of {@code downstream}
     * @param <R>        result type of {@code downstream}
     * @return an operation whose result is that of {@code downstream}
     */
    public static <T, U, A, R> AggregateOperation1<T, A, R> mapping(
            FunctionEx<? super T, ? extends U> mapFn,
            AggregateOperation1<? super U, A, ? extends R> downstream) {
        checkSerializable(mapFn, "mapFn");
        checkSerializable(downstream, "downstream");
        BiConsumerEx<? super A, ? super U> accumulateFn = downstream.accumulateFn();
        return new AggregateOperation1Impl<>(
                downstream.createFn(),
                (A acc, T item) -> {
                    U mapped = mapFn.apply(item);
                    if (mapped != null) {
                        accumulateFn.accept(acc, mapped);
                    }
                },
                downstream.combineFn(),
                downstream.deductFn(),
                downstream.exportFn(),
                downstream.finishFn());
    }

    /**
     * Passes to {@code downstream} only the items that match {@code filterFn}. Combines and deducts
     * if {@code downstream} does.
     *
     * <pre>{@code
     * BatchStage<Long> errorCount = lines.aggregate(filtering(l -> l.startsWith("ERROR"), counting()));
     * }</pre>
     *
     * @param filterFn   whether to aggregate an item; must be stateless
     * @param downstream aggregates the matching items
     * @param <T>        item type
     * @param <A>        accumulator type of {@code downstream}
     * @param <R>        result type of {@code downstream}
     * @return an operation whose result is that of {@code downstream}
     */
    public static <T, A, R> AggregateOperation1<T, A, R> filtering(
            PredicateEx<? super T> filterFn,
            AggregateOperation1<? super T, A, ? extends R> downstream) {
        checkSerializable(filterFn, "filterFn");
        checkSerializable(downstream, "downstream");
        BiConsumerEx<? super A, ? super T> accumulateFn = downstream.accumulateFn();
        return new AggregateOperation1Impl<>(
                downstream.createFn(),
                (A acc, T item) -> {
                    if (filterFn.test(item)) {
                        accumulateFn.accept(acc, item);
                    }
                },
                downstream.combineFn(),
                downstream.deductFn(),
                downstream.exportFn(),
                downstream.finishFn());
    }

    /**
     * Concatenates the items. Items from one stage instance keep their order, but the order across
     * instances is unspecified, as with {@link #toList()}. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<String> text = words.aggregate(concatenating());
     * }</pre>
     *
     * @return an operation whose result is the concatenation, {@code ""} for no items
     */
    public static AggregateOperation1<CharSequence, StringBuilder, String> concatenating() {
        return AggregateOperation
                .withCreate(StringBuilder::new)
                .andAccumulate((StringBuilder acc, CharSequence item) -> acc.append(item))
                .andCombine((left, right) -> left.append(right))
                .andExportFinish(StringBuilder::toString);
    }

    /**
     * Runs two operations on the same items and pairs their results. Combines if both operations
     * do; deducts if both operations do.
     *
     * <pre>{@code
     * BatchStage<Tuple2<Long, Double>> countAndMean =
     *         numbers.aggregate(allOf(counting(), averagingLong(n -> n)));
     * }</pre>
     *
     * @param op1 the first operation, whose result is {@code f0}
     * @param op2 the second operation, whose result is {@code f1}
     * @param <T>  item type
     * @param <A1> accumulator type of {@code op1}
     * @param <A2> accumulator type of {@code op2}
     * @param <R1> result type of {@code op1}
     * @param <R2> result type of {@code op2}
     * @return an operation whose result is the pair of both results
     */
    public static <T, A1, A2, R1, R2> AggregateOperation1<T, Tuple2<A1, A2>, Tuple2<R1, R2>> allOf(
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            AggregateOperation1<? super T, A2, ? extends R2> op2) {
        checkSerializable(op1, "op1");
        checkSerializable(op2, "op2");
        SupplierEx<A1> create1 = op1.createFn();
        SupplierEx<A2> create2 = op2.createFn();
        BiConsumerEx<? super A1, ? super T> accumulate1 = op1.accumulateFn();
        BiConsumerEx<? super A2, ? super T> accumulate2 = op2.accumulateFn();
        BiConsumerEx<? super A1, ? super A1> combine1 = op1.combineFn();
        BiConsumerEx<? super A2, ? super A2> combine2 = op2.combineFn();
        BiConsumerEx<? super A1, ? super A1> deduct1 = op1.deductFn();
        BiConsumerEx<? super A2, ? super A2> deduct2 = op2.deductFn();
        FunctionEx<? super A1, ? extends R1> export1 = op1.exportFn();
        FunctionEx<? super A2, ? extends R2> export2 = op2.exportFn();
        FunctionEx<? super A1, ? extends R1> finish1 = op1.finishFn();
        FunctionEx<? super A2, ? extends R2> finish2 = op2.finishFn();
        return new AggregateOperation1Impl<>(
                () -> Tuple2.tuple2(create1.get(), create2.get()),
                (Tuple2<A1, A2> acc, T item) -> {
                    accumulate1.accept(acc.f0(), item);
                    accumulate2.accept(acc.f1(), item);
                },
                combine1 == null || combine2 == null ? null : (left, right) -> {
                    combine1.accept(left.f0(), right.f0());
                    combine2.accept(left.f1(), right.f1());
                },
                deduct1 == null || deduct2 == null ? null : (left, right) -> {
                    deduct1.accept(left.f0(), right.f0());
                    deduct2.accept(left.f1(), right.f1());
                },
                acc -> Tuple2.<R1, R2>tuple2(export1.apply(acc.f0()), export2.apply(acc.f1())),
                acc -> Tuple2.<R1, R2>tuple2(finish1.apply(acc.f0()), finish2.apply(acc.f1())));
    }

    /**
     * Runs three operations on the same items and puts their results in a triple. Combines if all
     * three operations do; deducts if all three do.
     *
     * <pre>{@code
     * BatchStage<Tuple3<Long, Long, Long>> countMinMax =
     *         numbers.aggregate(allOf(counting(), minBy(ComparatorEx.naturalOrder()), maxBy(ComparatorEx.naturalOrder())));
     * }</pre>
     *
     * @param op1 the first operation, whose result is {@code f0}
     * @param op2 the second operation, whose result is {@code f1}
     * @param op3 the third operation, whose result is {@code f2}
     * @param <T>  item type
     * @param <A1> accumulator type of {@code op1}
     * @param <A2> accumulator type of {@code op2}
     * @param <A3> accumulator type of {@code op3}
     * @param <R1> result type of {@code op1}
     * @param <R2> result type of {@code op2}
     * @param <R3> result type of {@code op3}
     * @return an operation whose result is the triple of the three results
     */
    public static <T, A1, A2, A3, R1, R2, R3>
    AggregateOperation1<T, Tuple3<A1, A2, A3>, Tuple3<R1, R2, R3>> allOf(
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            AggregateOperation1<? super T, A2, ? extends R2> op2,
            AggregateOperation1<? super T, A3, ? extends R3> op3) {
        checkSerializable(op1, "op1");
        checkSerializable(op2, "op2");
        checkSerializable(op3, "op3");
        SupplierEx<A1> create1 = op1.createFn();
        SupplierEx<A2> create2 = op2.createFn();
        SupplierEx<A3> create3 = op3.createFn();
        BiConsumerEx<? super A1, ? super T> accumulate1 = op1.accumulateFn();
        BiConsumerEx<? super A2, ? super T> accumulate2 = op2.accumulateFn();
        BiConsumerEx<? super A3, ? super T> accumulate3 = op3.accumulateFn();
        BiConsumerEx<? super A1, ? super A1> combine1 = op1.combineFn();
        BiConsumerEx<? super A2, ? super A2> combine2 = op2.combineFn();
        BiConsumerEx<? super A3, ? super A3> combine3 = op3.combineFn();
        BiConsumerEx<? super A1, ? super A1> deduct1 = op1.deductFn();
        BiConsumerEx<? super A2, ? super A2> deduct2 = op2.deductFn();
        BiConsumerEx<? super A3, ? super A3> deduct3 = op3.deductFn();
        FunctionEx<? super A1, ? extends R1> export1 = op1.exportFn();
        FunctionEx<? super A2, ? extends R2> export2 = op2.exportFn();
        FunctionEx<? super A3, ? extends R3> export3 = op3.exportFn();
        FunctionEx<? super A1, ? extends R1> finish1 = op1.finishFn();
        FunctionEx<? super A2, ? extends R2> finish2 = op2.finishFn();
        FunctionEx<? super A3, ? extends R3> finish3 = op3.finishFn();
        return new AggregateOperation1Impl<>(
                () -> Tuple3.tuple3(create1.get(), create2.get(), create3.get()),
                (Tuple3<A1, A2, A3> acc, T item) -> {
                    accumulate1.accept(acc.f0(), item);
                    accumulate2.accept(acc.f1(), item);
                    accumulate3.accept(acc.f2(), item);
                },
                combine1 == null || combine2 == null || combine3 == null ? null : (left, right) -> {
                    combine1.accept(left.f0(), right.f0());
                    combine2.accept(left.f1(), right.f1());
                    combine3.accept(left.f2(), right.f2());
                },
                deduct1 == null || deduct2 == null || deduct3 == null ? null : (left, right) -> {
                    deduct1.accept(left.f0(), right.f0());
                    deduct2.accept(left.f1(), right.f1());
                    deduct3.accept(left.f2(), right.f2());
                },
                acc -> Tuple3.<R1, R2, R3>tuple3(
                        export1.apply(acc.f0()), export2.apply(acc.f1()), export3.apply(acc.f2())),
                acc -> Tuple3.<R1, R2, R3>tuple3(
                        finish1.apply(acc.f0()), finish2.apply(acc.f1()), finish3.apply(acc.f2())));
    }

    /**
     * Finds the {@code n} greatest items by {@code comparator}. Among items that compare equal, which
     * ones are kept is unspecified. Does not deduct. Keeps at most {@code n} items per accumulator.
     *
     * <pre>{@code
     * BatchStage<List<Long>> top10 = numbers.aggregate(topN(10, ComparatorEx.naturalOrder()));
     * }</pre>
     *
     * @param n          how many items to keep, at least 1
     * @param comparator orders the items; must be stateless
     * @param <T>        item type
     * @return an operation whose result is a new list of at most {@code n} items, greatest first
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public static <T> AggregateOperation1<T, PriorityQueue<T>, List<T>> topN(
            int n, ComparatorEx<? super T> comparator) {
        checkN(n);
        checkSerializable(comparator, "comparator");
        return topN0(n, comparator);
    }

    /**
     * Finds the {@code n} least items by {@code comparator}. Among items that compare equal, which
     * ones are kept is unspecified. Does not deduct. Keeps at most {@code n} items per accumulator.
     *
     * <pre>{@code
     * BatchStage<List<String>> shortest3 = words.aggregate(bottomN(3, (a, b) -> Integer.compare(a.length(), b.length())));
     * }</pre>
     *
     * @param n          how many items to keep, at least 1
     * @param comparator orders the items; must be stateless
     * @param <T>        item type
     * @return an operation whose result is a new list of at most {@code n} items, least first
     * @throws IllegalArgumentException if {@code n} is less than 1
     */
    public static <T> AggregateOperation1<T, PriorityQueue<T>, List<T>> bottomN(
            int n, ComparatorEx<? super T> comparator) {
        checkN(n);
        checkSerializable(comparator, "comparator");
        return topN0(n, reverse(comparator));
    }

    private static void checkN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, but was " + n);
        }
    }

    /*
     * The queue orders by `comparator`, so its head is the worst of the kept items: the one to
     * evict when a better item arrives. That keeps each offer at O(log n) and memory at n items.
     */
    private static <T> AggregateOperation1<T, PriorityQueue<T>, List<T>> topN0(
            int n, ComparatorEx<? super T> comparator) {
        ComparatorEx<T> bestFirst = reverse(comparator);
        return AggregateOperation
                .withCreate(() -> new PriorityQueue<T>(comparator))
                .<T>andAccumulate((acc, item) -> offerBounded(acc, n, comparator, item))
                .andCombine((left, right) -> {
                    for (T item : right) {
                        offerBounded(left, n, comparator, item);
                    }
                })
                .andExportFinish(acc -> {
                    List<T> result = new ArrayList<>(acc);
                    result.sort(bestFirst);
                    return result;
                });
    }

    private static <T> void offerBounded(PriorityQueue<T> queue, int n, Comparator<? super T> comparator, T item) {
        if (queue.size() < n) {
            queue.add(item);
        } else if (comparator.compare(item, queue.peek()) > 0) {
            queue.poll();
            queue.add(item);
        }
    }

    /** {@link Math#addExact(long, long)}, failing with a message that names the operation. */
    private static long addExact(long a, long b, String operation, String what) {
        long r = a + b;
        // overflow iff both operands have the opposite sign of the result (Hacker's Delight 2-12)
        if (((a ^ r) & (b ^ r)) < 0) {
            throw overflow(operation, what, a + " + " + b);
        }
        return r;
    }

    /** {@link Math#subtractExact(long, long)}, failing with a message that names the operation. */
    private static long subtractExact(long a, long b, String operation, String what) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            throw overflow(operation, what, a + " - " + b);
        }
        return r;
    }

    private static ArithmeticException overflow(String operation, String what, String expression) {
        return new ArithmeticException(operation + "(): the " + what + " overflows a long (" + expression
                + "); for values beyond the long range use summingDouble/averagingDouble, or reducing(..) "
                + "with BigInteger");
    }

    private static <T> ComparatorEx<T> reverse(ComparatorEx<? super T> comparator) {
        return (a, b) -> comparator.compare(b, a);
    }
}
