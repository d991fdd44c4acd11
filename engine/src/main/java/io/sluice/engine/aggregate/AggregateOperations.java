package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.DoubleAccumulator;
import io.sluice.engine.accumulator.LinTrendAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.accumulator.MutableReference;
import io.sluice.engine.accumulator.PickAnyAccumulator;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BinaryOperatorEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.ToDoubleFunctionEx;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;
import io.sluice.engine.pipeline.Traverser;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collector;

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
     * The slope of the least-squares line through the points {@code (x, y)} of the items, with
     * {@code x} and {@code y} taken as {@code long}s: how fast {@code y} changes with {@code x},
     * in units of {@code y} per unit of {@code x}. Deducts, so a sliding window of it is cheap.
     *
     * <p>As in Hazelcast Jet, the sums are exact ({@code BigInteger}, no overflow however large the
     * coordinates) and the slope is {@code (n·Σxy − Σx·Σy) / (n·Σx² − (Σx)²)} with numerator and
     * denominator each rounded to a {@code double}. The result is {@link Double#NaN} when the
     * slope is undefined: no items, one item, or all items with the same {@code x}.
     *
     * <pre>{@code
     * StreamStage<KeyedWindowResult<String, Double>> priceTrend = trades   // cents per millisecond
     *         .groupingKey(Trade::symbol)
     *         .window(WindowDefinition.sliding(60_000, 1_000))
     *         .aggregate(linearTrend(Trade::timestamp, Trade::priceCents));
     * }</pre>
     *
     * @param getXFn the {@code x} of one item; must be stateless
     * @param getYFn the {@code y} of one item; must be stateless
     * @param <T>    item type
     * @return an operation whose result is the slope, {@code NaN} if undefined
     */
    public static <T> AggregateOperation1<T, LinTrendAccumulator, Double> linearTrend(
            ToLongFunctionEx<? super T> getXFn, ToLongFunctionEx<? super T> getYFn) {
        checkSerializable(getXFn, "getXFn");
        checkSerializable(getYFn, "getYFn");
        return AggregateOperation
                .withCreate(LinTrendAccumulator::new)
                .<T>andAccumulate((acc, item) -> acc.accumulate(getXFn.applyAsLong(item), getYFn.applyAsLong(item)))
                .andCombine(LinTrendAccumulator::combine)
                .andDeduct(LinTrendAccumulator::deduct)
                .andExportFinish(LinTrendAccumulator::export);
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
     * Collects the items into a collection made by {@code createCollectionFn}: a {@code TreeSet}
     * for distinct sorted items, say. If the collection keeps insertion order, items from one stage
     * instance keep their order, but the order across instances is unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<TreeSet<String>> sortedDistinctWords = words.aggregate(toCollection(TreeSet::new));
     * }</pre>
     *
     * @param createCollectionFn makes a new, empty, mutable, serializable collection; used for the
     *                           accumulators and for each exported result; must be stateless
     * @param <T>                item type
     * @param <C>                collection type
     * @return an operation whose result is a collection from {@code createCollectionFn}
     */
    public static <T, C extends Collection<T>> AggregateOperation1<T, C, C> toCollection(
            SupplierEx<C> createCollectionFn) {
        checkSerializable(createCollectionFn, "createCollectionFn");
        return CollectingOperations.toCollection(createCollectionFn);
    }

    /**
     * Collects the items into a list sorted by {@code comparator}. Items that compare equal are in
     * no particular order (the order in which instances see items is unspecified). Does not deduct.
     *
     * <pre>{@code
     * BatchStage<List<String>> sortedWords = words.aggregate(sorting(ComparatorEx.naturalOrder()));
     * }</pre>
     *
     * @param comparator orders the items; must be stateless
     * @param <T>        item type
     * @return an operation whose result is a new mutable sorted {@link ArrayList}, empty for no items
     */
    public static <T> AggregateOperation1<T, ArrayList<T>, List<T>> sorting(ComparatorEx<? super T> comparator) {
        checkSerializable(comparator, "comparator");
        return CollectingOperations.sorting(comparator);
    }

    /**
     * Collects the items into a map, with a key and a value computed from each item. Keys must be
     * unique (for duplicate keys, see {@link #toMap(FunctionEx, FunctionEx, BinaryOperatorEx)}).
     * Deducts, by removing the deducted accumulator's keys.
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
                    + " and " + value + "): keyFn must give each item its own key; to merge the values of a "
                    + "key use toMap(keyFn, valueFn, mergeFn)");
        }
    }

    /**
     * Collects the items into a map, with a key and a value computed from each item; the values of
     * items with the same key are merged with {@code mergeFn}, as by {@link Map#merge}. Does not
     * deduct.
     *
     * <pre>{@code
     * BatchStage<Map<String, Long>> volumeBySymbol = trades.aggregate(toMap(Trade::symbol, Trade::quantity, Long::sum));
     * }</pre>
     *
     * @param keyFn   the key of one item; must not return {@code null}; must be stateless
     * @param valueFn the value of one item; must not return {@code null}; must be stateless
     * @param mergeFn merges two values of one key; must be associative and commutative (the order of
     *                the items is unspecified) and stateless; returning {@code null} removes the key
     * @param <T>     item type
     * @param <K>     key type
     * @param <U>     value type
     * @return an operation whose result is a new mutable {@link HashMap}, empty for no items; the
     *         aggregation fails with a {@link NullPointerException} naming the function if
     *         {@code keyFn} or {@code valueFn} returns {@code null}
     */
    public static <T, K, U> AggregateOperation1<T, Map<K, U>, Map<K, U>> toMap(
            FunctionEx<? super T, ? extends K> keyFn, FunctionEx<? super T, ? extends U> valueFn,
            BinaryOperatorEx<U> mergeFn) {
        return toMap(keyFn, valueFn, mergeFn, HashMap::new);
    }

    /**
     * Collects the items into a map made by {@code createMapFn}, with a key and a value computed
     * from each item; the values of items with the same key are merged with {@code mergeFn}, as by
     * {@link Map#merge}. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<TreeMap<String, Long>> volumeBySymbol =
     *         trades.aggregate(toMap(Trade::symbol, Trade::quantity, Long::sum, TreeMap::new));
     * }</pre>
     *
     * @param keyFn       the key of one item; must not return {@code null}; must be stateless
     * @param valueFn     the value of one item; must not return {@code null}; must be stateless
     * @param mergeFn     merges two values of one key; must be associative and commutative (the
     *                    order of the items is unspecified) and stateless; returning {@code null}
     *                    removes the key
     * @param createMapFn makes a new, empty, mutable, serializable map; used for the accumulators
     *                    and for each result; must be stateless
     * @param <T>         item type
     * @param <K>         key type
     * @param <U>         value type
     * @param <M>         map type
     * @return an operation whose result is a map from {@code createMapFn}, empty for no items; the
     *         aggregation fails with a {@link NullPointerException} naming the function if
     *         {@code keyFn} or {@code valueFn} returns {@code null}
     */
    public static <T, K, U, M extends Map<K, U>> AggregateOperation1<T, M, M> toMap(
            FunctionEx<? super T, ? extends K> keyFn, FunctionEx<? super T, ? extends U> valueFn,
            BinaryOperatorEx<U> mergeFn, SupplierEx<M> createMapFn) {
        checkSerializable(keyFn, "keyFn");
        checkSerializable(valueFn, "valueFn");
        checkSerializable(mergeFn, "mergeFn");
        checkSerializable(createMapFn, "createMapFn");
        return CollectingOperations.toMap(keyFn, valueFn, mergeFn, createMapFn);
    }

    /**
     * Groups the items by {@code keyFn} into a map from each key to the list of its items: a
     * grouping inside the aggregation, for a second level of grouping under
     * {@code groupingKey(..)}. Items of one key from one stage instance keep their order. Does not
     * deduct.
     *
     * <p>To group a whole stage by one key, prefer {@code stage.groupingKey(keyFn).aggregate(..)}:
     * it spreads the keys over all instances, whereas this operation (when not under a
     * {@code groupingKey}) builds the one map in a single instance.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<String, Map<Character, List<String>>>> textsByLanguageAndInitial =
     *         words.groupingKey(Word::language).aggregate(mapping(Word::text, groupingBy(t -> t.charAt(0))));
     * }</pre>
     *
     * @param keyFn the key of one item; must not return {@code null}; must be stateless
     * @param <T>   item type
     * @param <K>   key type
     * @return an operation whose result is a new {@link HashMap} of new {@code ArrayList}s, empty for
     *         no items; the aggregation fails with a {@link NullPointerException} if {@code keyFn}
     *         returns {@code null}
     */
    public static <T, K> AggregateOperation1<T, Map<K, List<T>>, Map<K, List<T>>> groupingBy(
            FunctionEx<? super T, ? extends K> keyFn) {
        return groupingBy(keyFn, AggregateOperations.<T>toList());
    }

    /**
     * Groups the items by {@code keyFn} and aggregates each group with {@code downstream}: a map from
     * each key to the result of its items. Combines if {@code downstream} does. Does not deduct.
     * See {@link #groupingBy(FunctionEx)} for when to prefer {@code groupingKey(..)}.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<String, Map<Integer, Long>>> countByCountryAndAge =
     *         people.groupingKey(Person::country).aggregate(groupingBy(Person::age, counting()));
     * }</pre>
     *
     * @param keyFn      the key of one item; must not return {@code null}; must be stateless
     * @param downstream aggregates the items of one key
     * @param <T>        item type
     * @param <K>        key type
     * @param <A>        accumulator type of {@code downstream}
     * @param <R>        result type of {@code downstream}
     * @return an operation whose result is a new {@link HashMap}, empty for no items
     */
    public static <T, K, A, R> AggregateOperation1<T, Map<K, A>, Map<K, R>> groupingBy(
            FunctionEx<? super T, ? extends K> keyFn, AggregateOperation1<? super T, A, ? extends R> downstream) {
        return groupingBy(keyFn, HashMap::new, downstream);
    }

    /**
     * Groups the items by {@code keyFn} and aggregates each group with {@code downstream}, into a
     * map made by {@code createMapFn}. Combines if {@code downstream} does. Does not deduct. See
     * {@link #groupingBy(FunctionEx)} for when to prefer {@code groupingKey(..)}.
     *
     * <pre>{@code
     * BatchStage<KeyedResult<String, TreeMap<Integer, Long>>> countByCountryAndAge =
     *         people.groupingKey(Person::country).aggregate(groupingBy(Person::age, TreeMap::new, counting()));
     * }</pre>
     *
     * @param keyFn       the key of one item; must not return {@code null}; must be stateless
     * @param createMapFn makes a new, empty, mutable map for each result (the accumulator is a
     *                    {@code HashMap} of {@code downstream}'s accumulators); must be stateless
     * @param downstream  aggregates the items of one key
     * @param <T>         item type
     * @param <K>         key type
     * @param <A>         accumulator type of {@code downstream}
     * @param <R>         result type of {@code downstream}
     * @param <M>         result map type
     * @return an operation whose result is a map from {@code createMapFn}, empty for no items; the
     *         aggregation fails with a {@link NullPointerException} if {@code keyFn} returns
     *         {@code null}
     */
    public static <T, K, A, R, M extends Map<K, R>> AggregateOperation1<T, Map<K, A>, M> groupingBy(
            FunctionEx<? super T, ? extends K> keyFn, SupplierEx<M> createMapFn,
            AggregateOperation1<? super T, A, ? extends R> downstream) {
        checkSerializable(keyFn, "keyFn");
        checkSerializable(createMapFn, "createMapFn");
        checkSerializable(downstream, "downstream");
        return CollectingOperations.groupingBy(keyFn, createMapFn, downstream);
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
     * Passes to {@code downstream} every item of the traverser {@code flatMapFn} returns for each
     * item; a {@code null} traverser counts as an empty one. Combines and deducts if
     * {@code downstream} does.
     *
     * <pre>{@code
     * BatchStage<Tuple2<Long, Long>> linesAndWords = lines.aggregate(allOf(
     *         counting(), flatMapping(l -> Traversers.traverseArray(l.split(" ")), counting())));
     * }</pre>
     *
     * @param flatMapFn  the items to aggregate for one item; may return {@code null} for none; must
     *                   be stateless
     * @param downstream aggregates the items of the traversers
     * @param <T>        item type
     * @param <U>        item type of {@code downstream}
     * @param <A>        accumulator type of {@code downstream}
     * @param <R>        result type of {@code downstream}
     * @return an operation whose result is that of {@code downstream}
     */
    public static <T, U, A, R> AggregateOperation1<T, A, R> flatMapping(
            FunctionEx<? super T, ? extends Traverser<? extends U>> flatMapFn,
            AggregateOperation1<? super U, A, ? extends R> downstream) {
        checkSerializable(flatMapFn, "flatMapFn");
        checkSerializable(downstream, "downstream");
        return CompositeOperations.flatMapping(flatMapFn, downstream);
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
     * Concatenates the items, separated by {@code delimiter}. As in Hazelcast Jet (and unlike
     * {@link java.util.stream.Collectors#joining}), an empty item adds nothing, not even a
     * delimiter. Items from one stage instance keep their order, but the order across instances is
     * unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<String> csvLine = words.aggregate(concatenating(","));
     * }</pre>
     *
     * @param delimiter put between two non-empty items
     * @return an operation whose result is the concatenation, {@code ""} for no items
     */
    public static AggregateOperation1<CharSequence, StringBuilder, String> concatenating(CharSequence delimiter) {
        return concatenating(delimiter, "", "");
    }

    /**
     * Concatenates the items, separated by {@code delimiter}, between {@code prefix} and
     * {@code suffix}. As in Hazelcast Jet (and unlike {@link java.util.stream.Collectors#joining}),
     * an empty item adds nothing, not even a delimiter. Items from one stage instance keep their
     * order, but the order across instances is unspecified. Does not deduct.
     *
     * <pre>{@code
     * BatchStage<String> jsonArray = words.map(w -> '"' + w + '"').aggregate(concatenating(", ", "[", "]"));
     * }</pre>
     *
     * @param delimiter put between two non-empty items
     * @param prefix    put at the start, also when there are no items
     * @param suffix    put at the end, also when there are no items
     * @return an operation whose result is the concatenation, {@code prefix + suffix} for no items
     */
    public static AggregateOperation1<CharSequence, StringBuilder, String> concatenating(
            CharSequence delimiter, CharSequence prefix, CharSequence suffix) {
        Objects.requireNonNull(delimiter, "delimiter must not be null");
        Objects.requireNonNull(prefix, "prefix must not be null");
        Objects.requireNonNull(suffix, "suffix must not be null");
        // Strings: the operation keeps them, and any CharSequence may be mutable or not serializable.
        return CollectingOperations.concatenating(delimiter.toString(), prefix.toString(), suffix.toString());
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
     * @param op0  the first operation, whose result is {@code f0}
     * @param op1  the second operation, whose result is {@code f1}
     * @param <T>  item type
     * @param <A0> accumulator type of {@code op0}
     * @param <A1> accumulator type of {@code op1}
     * @param <R0> result type of {@code op0}
     * @param <R1> result type of {@code op1}
     * @return an operation whose result is the pair of both results
     */
    public static <T, A0, A1, R0, R1> AggregateOperation1<T, Tuple2<A0, A1>, Tuple2<R0, R1>> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1) {
        return allOf(op0, op1, Tuple2::tuple2);
    }

    /**
     * Runs two operations on the same items and makes one result of their results with
     * {@code exportFinishFn}. Combines if both operations do; deducts if both operations do.
     *
     * <pre>{@code
     * BatchStage<Long> range = numbers.aggregate(allOf(
     *         minBy(ComparatorEx.<Long>naturalOrder()), maxBy(ComparatorEx.<Long>naturalOrder()), (min, max) -> max - min));
     * }</pre>
     *
     * @param op0            the first operation
     * @param op1            the second operation
     * @param exportFinishFn makes the result from the two results; must be stateless
     * @param <T>            item type
     * @param <A0>           accumulator type of {@code op0}
     * @param <A1>           accumulator type of {@code op1}
     * @param <R0>           result type of {@code op0}
     * @param <R1>           result type of {@code op1}
     * @param <R>            result type
     * @return the new operation
     */
    public static <T, A0, A1, R0, R1, R> AggregateOperation1<T, Tuple2<A0, A1>, R> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            BiFunctionEx<? super R0, ? super R1, ? extends R> exportFinishFn) {
        checkSerializable(op0, "op0");
        checkSerializable(op1, "op1");
        checkSerializable(exportFinishFn, "exportFinishFn");
        return CompositeOperations.allOf(op0, op1, exportFinishFn);
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
     * @param op0  the first operation, whose result is {@code f0}
     * @param op1  the second operation, whose result is {@code f1}
     * @param op2  the third operation, whose result is {@code f2}
     * @param <T>  item type
     * @param <A0> accumulator type of {@code op0}
     * @param <A1> accumulator type of {@code op1}
     * @param <A2> accumulator type of {@code op2}
     * @param <R0> result type of {@code op0}
     * @param <R1> result type of {@code op1}
     * @param <R2> result type of {@code op2}
     * @return an operation whose result is the triple of the three results
     */
    public static <T, A0, A1, A2, R0, R1, R2>
    AggregateOperation1<T, Tuple3<A0, A1, A2>, Tuple3<R0, R1, R2>> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            AggregateOperation1<? super T, A2, ? extends R2> op2) {
        return allOf(op0, op1, op2, Tuple3::tuple3);
    }

    /**
     * Runs three operations on the same items and makes one result of their results with
     * {@code exportFinishFn}. Combines if all three operations do; deducts if all three do.
     *
     * <pre>{@code
     * BatchStage<String> summary = numbers.aggregate(allOf(counting(), summingLong(n -> n), averagingLong(n -> n),
     *         (count, sum, mean) -> count + " numbers, sum " + sum + ", mean " + mean));
     * }</pre>
     *
     * @param op0            the first operation
     * @param op1            the second operation
     * @param op2            the third operation
     * @param exportFinishFn makes the result from the three results; must be stateless
     * @param <T>            item type
     * @param <A0>           accumulator type of {@code op0}
     * @param <A1>           accumulator type of {@code op1}
     * @param <A2>           accumulator type of {@code op2}
     * @param <R0>           result type of {@code op0}
     * @param <R1>           result type of {@code op1}
     * @param <R2>           result type of {@code op2}
     * @param <R>            result type
     * @return the new operation
     */
    public static <T, A0, A1, A2, R0, R1, R2, R> AggregateOperation1<T, Tuple3<A0, A1, A2>, R> allOf(
            AggregateOperation1<? super T, A0, ? extends R0> op0,
            AggregateOperation1<? super T, A1, ? extends R1> op1,
            AggregateOperation1<? super T, A2, ? extends R2> op2,
            TriFunction<? super R0, ? super R1, ? super R2, ? extends R> exportFinishFn) {
        checkSerializable(op0, "op0");
        checkSerializable(op1, "op1");
        checkSerializable(op2, "op2");
        checkSerializable(exportFinishFn, "exportFinishFn");
        return CompositeOperations.allOf(op0, op1, op2, exportFinishFn);
    }

    /**
     * Starts building an operation that runs any number of operations on the same items; its
     * result is an {@link ItemsByTag} from which you read each operation's result with the
     * {@link Tag} that {@code add} returned. For two or three operations {@link #allOf} is simpler
     * and type-safe. Combines if all the operations do; deducts if all of them do.
     *
     * <pre>{@code
     * AllOfAggregationBuilder<Long> builder = allOfBuilder();
     * Tag<Long> countTag = builder.add(counting());
     * Tag<Long> sumTag = builder.add(summingLong(n -> n));
     * Tag<Long> minTag = builder.add(minBy(ComparatorEx.naturalOrder()));
     * Tag<Long> maxTag = builder.add(maxBy(ComparatorEx.naturalOrder()));
     * BatchStage<String> stats = numbers.aggregate(builder.build())
     *         .map(ibt -> ibt.get(countTag) + " numbers in [" + ibt.get(minTag) + ", " + ibt.get(maxTag) + "]");
     * }</pre>
     *
     * @param <T> item type
     * @return a new builder
     */
    public static <T> AllOfAggregationBuilder<T> allOfBuilder() {
        return new AllOfAggregationBuilder<>();
    }

    /**
     * Makes a two-input operation, for co-aggregation ({@code aggregate2}), from one single-input
     * operation per input, and pairs their results. Combines if both operations do; deducts if
     * both do.
     *
     * <pre>{@code
     * AggregateOperation<Tuple2<LongAccumulator, LongAccumulator>, Tuple2<Long, Long>> visitsAndPayments =
     *         aggregateOperation2(counting(), counting());
     * }</pre>
     *
     * @param op0  the operation of input 0 (the stage {@code aggregate2} is called on)
     * @param op1  the operation of input 1
     * @param <T0> item type of input 0
     * @param <T1> item type of input 1
     * @param <A0> accumulator type of {@code op0}
     * @param <A1> accumulator type of {@code op1}
     * @param <R0> result type of {@code op0}
     * @param <R1> result type of {@code op1}
     * @return an operation of arity 2 whose result is the pair of both results
     */
    public static <T0, T1, A0, A1, R0, R1> AggregateOperation<Tuple2<A0, A1>, Tuple2<R0, R1>> aggregateOperation2(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1) {
        return aggregateOperation2(op0, op1, Tuple2::tuple2);
    }

    /**
     * Makes a two-input operation, for co-aggregation ({@code aggregate2}), from one single-input
     * operation per input, and makes one result of their results with {@code exportFinishFn}.
     * Combines if both operations do; deducts if both do.
     *
     * <pre>{@code
     * StreamStage<KeyedWindowResult<Long, Double>> visitsPerPayment = visits.groupingKey(Visit::user)
     *         .window(WindowDefinition.tumbling(60_000))
     *         .aggregate2(payments.groupingKey(Payment::user),
     *                 aggregateOperation2(counting(), counting(), (v, p) -> (double) v / p));
     * }</pre>
     *
     * @param op0            the operation of input 0 (the stage {@code aggregate2} is called on)
     * @param op1            the operation of input 1
     * @param exportFinishFn makes the result from the two results; must be stateless
     * @param <T0>           item type of input 0
     * @param <T1>           item type of input 1
     * @param <A0>           accumulator type of {@code op0}
     * @param <A1>           accumulator type of {@code op1}
     * @param <R0>           result type of {@code op0}
     * @param <R1>           result type of {@code op1}
     * @param <R>            result type
     * @return an operation of arity 2
     */
    public static <T0, T1, A0, A1, R0, R1, R> AggregateOperation<Tuple2<A0, A1>, R> aggregateOperation2(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1,
            BiFunctionEx<? super R0, ? super R1, ? extends R> exportFinishFn) {
        checkSerializable(op0, "op0");
        checkSerializable(op1, "op1");
        checkSerializable(exportFinishFn, "exportFinishFn");
        return CompositeOperations.aggregateOperation2(op0, op1, exportFinishFn);
    }

    /**
     * Makes a three-input operation, for co-aggregation ({@code aggregate3}), from one
     * single-input operation per input, and puts their results in a triple. Combines if all three
     * operations do; deducts if all three do.
     *
     * <pre>{@code
     * AggregateOperation<Tuple3<LongAccumulator, LongAccumulator, LongAccumulator>, Tuple3<Long, Long, Long>> counts =
     *         aggregateOperation3(counting(), counting(), counting());
     * }</pre>
     *
     * @param op0  the operation of input 0 (the stage {@code aggregate3} is called on)
     * @param op1  the operation of input 1
     * @param op2  the operation of input 2
     * @param <T0> item type of input 0
     * @param <T1> item type of input 1
     * @param <T2> item type of input 2
     * @param <A0> accumulator type of {@code op0}
     * @param <A1> accumulator type of {@code op1}
     * @param <A2> accumulator type of {@code op2}
     * @param <R0> result type of {@code op0}
     * @param <R1> result type of {@code op1}
     * @param <R2> result type of {@code op2}
     * @return an operation of arity 3 whose result is the triple of the three results
     */
    public static <T0, T1, T2, A0, A1, A2, R0, R1, R2>
    AggregateOperation<Tuple3<A0, A1, A2>, Tuple3<R0, R1, R2>> aggregateOperation3(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1,
            AggregateOperation1<? super T2, A2, ? extends R2> op2) {
        return aggregateOperation3(op0, op1, op2, Tuple3::tuple3);
    }

    /**
     * Makes a three-input operation, for co-aggregation ({@code aggregate3}), from one
     * single-input operation per input, and makes one result of their results with
     * {@code exportFinishFn}. Combines if all three operations do; deducts if all three do.
     *
     * <pre>{@code
     * AggregateOperation<?, String> funnel = aggregateOperation3(counting(), counting(), counting(),
     *         (visits, carts, payments) -> visits + " > " + carts + " > " + payments);
     * }</pre>
     *
     * @param op0            the operation of input 0 (the stage {@code aggregate3} is called on)
     * @param op1            the operation of input 1
     * @param op2            the operation of input 2
     * @param exportFinishFn makes the result from the three results; must be stateless
     * @param <T0>           item type of input 0
     * @param <T1>           item type of input 1
     * @param <T2>           item type of input 2
     * @param <A0>           accumulator type of {@code op0}
     * @param <A1>           accumulator type of {@code op1}
     * @param <A2>           accumulator type of {@code op2}
     * @param <R0>           result type of {@code op0}
     * @param <R1>           result type of {@code op1}
     * @param <R2>           result type of {@code op2}
     * @param <R>            result type
     * @return an operation of arity 3
     */
    public static <T0, T1, T2, A0, A1, A2, R0, R1, R2, R> AggregateOperation<Tuple3<A0, A1, A2>, R> aggregateOperation3(
            AggregateOperation1<? super T0, A0, ? extends R0> op0,
            AggregateOperation1<? super T1, A1, ? extends R1> op1,
            AggregateOperation1<? super T2, A2, ? extends R2> op2,
            TriFunction<? super R0, ? super R1, ? super R2, ? extends R> exportFinishFn) {
        checkSerializable(op0, "op0");
        checkSerializable(op1, "op1");
        checkSerializable(op2, "op2");
        checkSerializable(exportFinishFn, "exportFinishFn");
        return CompositeOperations.aggregateOperation3(op0, op1, op2, exportFinishFn);
    }

    /**
     * Returns a builder of a co-aggregating operation of any number of inputs, one single-input
     * operation per input tag, whose result holds each input's result under its tag (Jet's
     * {@code coAggregateOperationBuilder}). Use it with the tags of
     * {@code BatchStage.aggregateBuilder()} (or the keyed and windowed aggregate builders).
     *
     * <pre>{@code
     * AggregateBuilder1<Visit> b = visits.aggregateBuilder();
     * Tag<Payment> paymentIn = b.add(payments);
     * CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
     * Tag<Long> visitCount = ops.add(b.tag0(), counting());
     * Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
     * BatchStage<String> summary = b.build(ops.build(ibt -> ibt.get(visitCount) + " visits, " + ibt.get(paid) + " paid"));
     * }</pre>
     *
     * @return a new builder
     */
    public static CoAggregateOperationBuilder coAggregateOperationBuilder() {
        return new CoAggregateOperationBuilder();
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

    /**
     * Adapts an operation to a {@link Collector} for {@link java.util.stream.Stream#collect}: to
     * use the same aggregation outside a pipeline, for example in a test or on a local list. The
     * collector's combiner uses the operation's combine; for an operation without one (see
     * {@link AggregateOperation}) the collector still works on a sequential stream, and fails with
     * an {@link UnsupportedOperationException} if a parallel stream tries to combine.
     *
     * <pre>{@code
     * Tuple2<Long, Double> countAndMean = numbers.stream()
     *         .collect(toCollector(allOf(counting(), averagingLong((Long n) -> n))));
     * }</pre>
     *
     * @param op  the operation
     * @param <T> item type
     * @param <A> accumulator type
     * @param <R> result type
     * @return a new collector that creates, accumulates, combines and finishes as {@code op} does
     */
    public static <T, A, R> Collector<T, A, R> toCollector(AggregateOperation1<? super T, A, ? extends R> op) {
        Objects.requireNonNull(op, "op must not be null");
        return CompositeOperations.toCollector(op);
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
