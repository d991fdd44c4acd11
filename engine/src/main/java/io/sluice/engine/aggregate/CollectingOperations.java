package io.sluice.engine.aggregate;

import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.BinaryOperatorEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.impl.aggregate.AggregateOperation1Impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of {@link AggregateOperations} that collect items into maps, lists and strings.
 * Arguments are checked by the public factories, which document the semantics.
 */
final class CollectingOperations {

    private CollectingOperations() {
    }

    static <T, K, U, M extends Map<K, U>> AggregateOperation1<T, M, M> toMap(
            FunctionEx<? super T, ? extends K> keyFn, FunctionEx<? super T, ? extends U> valueFn,
            BinaryOperatorEx<U> mergeFn, SupplierEx<M> createMapFn) {
        return AggregateOperation
                .withCreate(createMapFn)
                .<T>andAccumulate((map, item) -> {
                    K key = keyFn.apply(item);
                    U value = valueFn.apply(item);
                    if (key == null || value == null) {
                        throw new NullPointerException("toMap(): " + (key == null ? "keyFn" : "valueFn")
                                + " returned null for " + item);
                    }
                    map.merge(key, value, mergeFn);
                })
                .andCombine((left, right) -> right.forEach((key, value) -> left.merge(key, value, mergeFn)))
                .<M>andExport(acc -> {
                    M copy = createMapFn.get();
                    copy.putAll(acc);
                    return copy;
                })
                .andFinish(acc -> acc);
    }

    /*
     * The accumulator is always a HashMap of the downstream accumulators: createMapFn makes only the
     * result map, so a map type that checks its value type never sees an accumulator. Combining
     * never puts the right side's accumulator into the left map (that would share it): a key the
     * left side lacks gets a fresh accumulator that the right one is combined into.
     */
    static <T, K, A, R, M extends Map<K, R>> AggregateOperation1<T, Map<K, A>, M> groupingBy(
            FunctionEx<? super T, ? extends K> keyFn, SupplierEx<M> createMapFn,
            AggregateOperation1<? super T, A, ? extends R> downstream) {
        SupplierEx<A> createFn = downstream.createFn();
        BiConsumerEx<? super A, ? super T> accumulateFn = downstream.accumulateFn();
        BiConsumerEx<? super A, ? super A> combineFn = downstream.combineFn();
        FunctionEx<? super A, ? extends R> exportFn = downstream.exportFn();
        FunctionEx<? super A, ? extends R> finishFn = downstream.finishFn();
        return new AggregateOperation1Impl<>(
                HashMap::new,
                (Map<K, A> acc, T item) -> {
                    K key = keyFn.apply(item);
                    if (key == null) {
                        throw new NullPointerException("groupingBy(): keyFn returned null for " + item
                                + "; keys must not be null");
                    }
                    accumulateFn.accept(acc.computeIfAbsent(key, k -> createFn.get()), item);
                },
                combineFn == null ? null : (left, right) -> right.forEach(
                        (key, rightAcc) -> combineFn.accept(left.computeIfAbsent(key, k -> createFn.get()), rightAcc)),
                null,
                acc -> resultMap(acc, createMapFn, exportFn),
                acc -> resultMap(acc, createMapFn, finishFn));
    }

    private static <K, A, R, M extends Map<K, R>> M resultMap(
            Map<K, A> acc, SupplierEx<M> createMapFn, FunctionEx<? super A, ? extends R> resultFn) {
        M result = createMapFn.get();
        acc.forEach((key, a) -> result.put(key, resultFn.apply(a)));
        return result;
    }

    static <T, C extends Collection<T>> AggregateOperation1<T, C, C> toCollection(SupplierEx<C> createCollectionFn) {
        return AggregateOperation
                .withCreate(createCollectionFn)
                .<T>andAccumulate(Collection::add)
                .andCombine(Collection::addAll)
                .<C>andExport(acc -> {
                    C copy = createCollectionFn.get();
                    copy.addAll(acc);
                    return copy;
                })
                .andFinish(acc -> acc);
    }

    static <T> AggregateOperation1<T, ArrayList<T>, List<T>> sorting(ComparatorEx<? super T> comparator) {
        return AggregateOperation
                .withCreate(ArrayList<T>::new)
                .<T>andAccumulate(ArrayList::add)
                .andCombine(ArrayList::addAll)
                .<List<T>>andExport(acc -> {
                    List<T> copy = new ArrayList<>(acc);
                    copy.sort(comparator);
                    return copy;
                })
                .andFinish(acc -> {
                    acc.sort(comparator);
                    return acc;
                });
    }

    /*
     * The accumulator holds the non-empty items joined by the delimiter, without prefix and suffix,
     * so combining is one append and an accumulator is empty exactly when it saw no non-empty item.
     */
    static AggregateOperation1<CharSequence, StringBuilder, String> concatenating(
            String delimiter, String prefix, String suffix) {
        return AggregateOperation
                .withCreate(StringBuilder::new)
                .<CharSequence>andAccumulate((acc, item) -> appendJoined(acc, item, delimiter))
                .andCombine((left, right) -> appendJoined(left, right, delimiter))
                .andExportFinish(acc -> prefix + acc + suffix);
    }

    private static void appendJoined(StringBuilder acc, CharSequence part, String delimiter) {
        if (part.length() == 0) {
            return;
        }
        if (acc.length() > 0) {
            acc.append(delimiter);
        }
        acc.append(part);
    }
}
