package io.sluice.engine.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One aggregate operation under test, with a way to make its input and a plain-Java reference
 * result. Wraps the primitives with the casts that the wildcard accumulator type needs.
 *
 * @param name       shown by JUnit
 * @param op         the operation
 * @param itemsFn    makes {@code size} items from a seeded random
 * @param reference  the expected result for the given items, computed with Java streams
 * @param normalizer applied to both sides before comparing, for results whose order is unspecified
 * @param deducts    whether the operation is expected to have a deduct primitive
 * @param combines   whether the operation is expected to have a combine primitive
 * @param verifier   nullable; replaces the comparison with {@code reference} when the result is
 *                   not a function of the items (pickAny)
 */
record OpCase<T>(
        String name,
        AggregateOperation1<? super T, ?, ?> op,
        BiFunction<Random, Integer, List<T>> itemsFn,
        Function<List<T>, Object> reference,
        Function<Object, Object> normalizer,
        boolean deducts,
        boolean combines,
        BiConsumer<List<T>, Object> verifier
) {
    static <T> OpCase<T> of(String name, AggregateOperation1<? super T, ?, ?> op,
                            BiFunction<Random, Integer, List<T>> itemsFn,
                            Function<List<T>, Object> reference, boolean deducts) {
        return new OpCase<>(name, op, itemsFn, reference, Function.identity(), deducts, true, null);
    }

    OpCase<T> verifiedBy(BiConsumer<List<T>, Object> verifier) {
        return new OpCase<>(name, op, itemsFn, reference, normalizer, deducts, combines, verifier);
    }

    OpCase<T> normalizedBy(Function<Object, Object> normalizer) {
        return new OpCase<>(name, op, itemsFn, reference, normalizer, deducts, combines, verifier);
    }

    /** This case's operation is expected to have no combine primitive (and so no deduct either). */
    OpCase<T> withoutCombine() {
        return new OpCase<>(name, op, itemsFn, reference, normalizer, false, false, verifier);
    }

    @SuppressWarnings("unchecked")
    private AggregateOperation1<T, Object, Object> raw() {
        return (AggregateOperation1<T, Object, Object>) op;
    }

    List<T> items(Random random, int size) {
        return itemsFn.apply(random, size);
    }

    Object create() {
        return raw().createFn().get();
    }

    Object accumulate(List<T> items) {
        return accumulateInto(create(), items);
    }

    Object accumulateInto(Object acc, List<T> items) {
        for (T item : items) {
            raw().accumulateFn().accept(acc, item);
        }
        return acc;
    }

    Object combine(Object left, Object right) {
        raw().combineFn().accept(left, right);
        return left;
    }

    Object deduct(Object left, Object right) {
        raw().deductFn().accept(left, right);
        return left;
    }

    Object export(Object acc) {
        return raw().exportFn().apply(acc);
    }

    Object finish(Object acc) {
        return raw().finishFn().apply(acc);
    }

    /** Asserts that {@code actual} is the right result for {@code items}. */
    void assertResult(List<T> items, Object actual, String context) {
        if (verifier != null) {
            verifier.accept(items, actual);
            return;
        }
        assertEquals(normalizer.apply(reference.apply(items)), normalizer.apply(actual), () -> name + ": " + context);
    }

    /** Asserts that two results of this operation are equal, once normalized. */
    void assertSameResult(Object expected, Object actual, String context) {
        assertEquals(normalizer.apply(expected), normalizer.apply(actual), () -> name + ": " + context);
    }

    OpCase<T> withOp(AggregateOperation1<? super T, ?, ?> newOp) {
        return new OpCase<>(name, newOp, itemsFn, reference, normalizer, deducts, combines, verifier);
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public String toString() {
        return name;
    }
}
