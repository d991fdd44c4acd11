package io.sluice.engine.aggregate;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.aggregate.AggregateOperationImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static io.sluice.engine.impl.util.Util.checkSerializable;

/**
 * Builds a co-aggregating operation of any arity from one single-input operation per input, for
 * when {@link AggregateOperations#aggregateOperation2} and {@code aggregateOperation3} are not
 * enough (as Jet's {@code CoAggregateOperationBuilder}). Get it from
 * {@link AggregateOperations#coAggregateOperationBuilder()}. The input tags are those of the stage's
 * aggregate builder ({@code tag0()}, then what {@code add(stage)} returned): they must be
 * {@code 0, 1, .., n - 1}, each used once. Each {@link #add} returns the tag under which that
 * operation's result will be in the {@link ItemsByTag} result (same index as the input tag).
 *
 * <pre>{@code
 * AggregateBuilder1<Visit> b = visits.aggregateBuilder();
 * Tag<Cart> cartIn = b.add(carts);
 * Tag<Payment> paymentIn = b.add(payments);
 * CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
 * Tag<Long> visitCount = ops.add(b.tag0(), counting());
 * Tag<Long> cartCount = ops.add(cartIn, counting());
 * Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
 * BatchStage<ItemsByTag> totals = b.build(ops.build());
 * }</pre>
 *
 * <p>The built operation combines if every added operation does (else it runs single-stage), and
 * deducts if every one does. Its accumulator is an array of the added operations' accumulators.
 * Building copies the operations, so adding more afterwards does not change an operation already
 * built. The builder is not thread-safe.
 */
public final class CoAggregateOperationBuilder {
    private final TreeMap<Integer, AggregateOperation1<?, ?, ?>> operations = new TreeMap<>();

    CoAggregateOperationBuilder() {
    }

    /**
     * Adds the operation of the input with tag {@code tag}.
     *
     * @param tag       the input's tag
     * @param operation the operation of that input's items; must be serializable
     * @param <T>       the input's item type
     * @param <R>       the operation's result type
     * @return the tag of its result in the {@link ItemsByTag} the built operation returns
     * @throws IllegalArgumentException if {@code tag} already has an operation
     */
    @SuppressWarnings("unchecked")
    public <T, R> Tag<R> add(Tag<T> tag, AggregateOperation1<? super T, ?, ? extends R> operation) {
        if (tag == null) {
            throw new NullPointerException("tag must not be null");
        }
        checkSerializable(operation, "operation");
        if (operations.containsKey(tag.index())) {
            throw new IllegalArgumentException(tag + " already has an operation; add one operation per input tag");
        }
        operations.put(tag.index(), operation);
        return (Tag<R>) tag;
    }

    /**
     * Builds the operation, whose result holds each input's result under its tag.
     *
     * @return the new operation, of arity the number of added operations
     * @throws IllegalStateException if no operation was added, or the tags are not {@code 0..n-1}
     */
    public AggregateOperation<Object[], ItemsByTag> build() {
        return build(FunctionEx.identity());
    }

    /**
     * Builds the operation, whose result is {@code exportFinishFn} applied to an {@link ItemsByTag}
     * that holds each input's result under its tag.
     *
     * @param exportFinishFn makes the result from the tagged results; must be stateless
     * @param <R>            result type
     * @return the new operation, of arity the number of added operations
     * @throws IllegalStateException if no operation was added, or the tags are not {@code 0..n-1}
     */
    public <R> AggregateOperation<Object[], R> build(FunctionEx<? super ItemsByTag, ? extends R> exportFinishFn) {
        checkSerializable(exportFinishFn, "exportFinishFn");
        if (operations.isEmpty()) {
            throw new IllegalStateException("coAggregateOperationBuilder(): add(tag, operation) at least one operation"
                    + " before build()");
        }
        int n = operations.size();
        if (operations.lastKey() != n - 1) {
            throw new IllegalStateException("coAggregateOperationBuilder(): the input tags must be Tag0..Tag" + (n - 1)
                    + " without gaps, but are " + operations.keySet() + "; add an operation for each input tag");
        }
        CompositeParts parts = new CompositeParts(operations.values());
        List<BiConsumerEx<Object[], Object>> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            BiConsumerEx<Object, Object> accumulate = parts.accumulateFn(i);
            inputs.add((acc, item) -> accumulate.accept(acc[index], item));
        }
        return new AggregateOperationImpl<>(parts.createFn(), inputs, parts.combineFn(), parts.deductFn(),
                parts.exportFn(exportFinishFn), parts.finishFn(exportFinishFn));
    }
}
