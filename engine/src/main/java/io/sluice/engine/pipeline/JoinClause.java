package io.sluice.engine.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.util.Util;

import java.io.Serializable;
import java.util.Map;

/**
 * How a hash join matches items: the key of the left (streamed) item, the key of the right
 * (build-side) item, and what to keep of a matching right item.
 *
 * <pre>{@code
 * JoinClause.onKeys(Trade::symbol, Company::symbol)            // keep the whole Company
 * JoinClause.joinMapEntries(Trade::symbol)                    // right items are Map.Entry; keep the value
 * }</pre>
 *
 * @param <K>      key type
 * @param <T0>     left item type
 * @param <T1>     right item type
 * @param <T1_OUT> what is kept of a right item
 */
public final class JoinClause<K, T0, T1, T1_OUT> implements Serializable {
    private final FunctionEx<? super T0, ? extends K> leftKeyFn;
    private final FunctionEx<? super T1, ? extends K> rightKeyFn;
    private final FunctionEx<? super T1, ? extends T1_OUT> rightProjectFn;

    private JoinClause(FunctionEx<? super T0, ? extends K> leftKeyFn, FunctionEx<? super T1, ? extends K> rightKeyFn,
                       FunctionEx<? super T1, ? extends T1_OUT> rightProjectFn) {
        Util.checkSerializable(leftKeyFn, "leftKeyFn");
        Util.checkSerializable(rightKeyFn, "rightKeyFn");
        Util.checkSerializable(rightProjectFn, "rightProjectFn");
        this.leftKeyFn = leftKeyFn;
        this.rightKeyFn = rightKeyFn;
        this.rightProjectFn = rightProjectFn;
    }

    /** Joins where {@code leftKeyFn(left).equals(rightKeyFn(right))}, keeping the whole right item. */
    public static <K, T0, T1> JoinClause<K, T0, T1, T1> onKeys(FunctionEx<? super T0, ? extends K> leftKeyFn,
                                                               FunctionEx<? super T1, ? extends K> rightKeyFn) {
        return new JoinClause<>(leftKeyFn, rightKeyFn, FunctionEx.identity());
    }

    /** Joins with right items that are map entries on their key, keeping the entry's value. */
    public static <K, T0, V> JoinClause<K, T0, Map.Entry<K, V>, V> joinMapEntries(FunctionEx<? super T0, ? extends K> leftKeyFn) {
        return new JoinClause<K, T0, Map.Entry<K, V>, V>(leftKeyFn, Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The same clause, keeping {@code rightProjectFn(right)} of a matching right item. */
    public <T1_NEW_OUT> JoinClause<K, T0, T1, T1_NEW_OUT> projecting(FunctionEx<? super T1, ? extends T1_NEW_OUT> rightProjectFn) {
        return new JoinClause<>(leftKeyFn, rightKeyFn, rightProjectFn);
    }

    public FunctionEx<? super T0, ? extends K> leftKeyFn() {
        return leftKeyFn;
    }

    public FunctionEx<? super T1, ? extends K> rightKeyFn() {
        return rightKeyFn;
    }

    public FunctionEx<? super T1, ? extends T1_OUT> rightProjectFn() {
        return rightProjectFn;
    }
}
