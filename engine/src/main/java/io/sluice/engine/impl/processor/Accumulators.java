package io.sluice.engine.impl.processor;

import io.sluice.engine.core.AccumulationLimitExceededException;
import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.core.SnapshotOutbox;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.function.FunctionEx;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * The emission and snapshot code that the keyed and global accumulate and combine steps share.
 * Only completion and snapshot paths live here: the per-item bodies stay in the steps, so they
 * keep their direct field accesses.
 */
final class Accumulators {
    private Accumulators() {
    }

    /**
     * Emits {@code KeyedResult.of(key, valueFn(acc))} for the remaining entries of {@code emitting},
     * paced by the emitter.
     *
     * @param valueFn applied to each accumulator; {@code null} emits the accumulator itself
     * @return {@code true} when {@code emitting} is exhausted, {@code false} to be called again
     */
    static boolean emitKeyed(Iterator<Map.Entry<Object, Object>> emitting, Emitter emitter,
                             FunctionEx<Object, Object> valueFn) throws Exception {
        while (emitting.hasNext()) {
            if (emitter.hasReachedLimit()) {
                return false;
            }
            Map.Entry<Object, Object> e = emitting.next();
            emitter.emit(KeyedResult.of(e.getKey(), valueFn == null ? e.getValue() : valueFn.applyEx(e.getValue())));
        }
        return true;
    }

    /**
     * Restores one key's accumulator, combining it into the one already there (state of several
     * instances); fails if that makes more than {@code maxKeys} keys.
     */
    static void restoreKeyed(Map<Object, Object> accumulators, Object key, Object value,
                             BiConsumerEx<Object, Object> combineFn, ProcessorContext context, long maxKeys) throws Exception {
        Object acc = accumulators.get(key);
        if (acc == null) {
            accumulators.put(key, value);
            if (accumulators.size() > maxKeys) {
                throw new AccumulationLimitExceededException(context, "keyed accumulators", accumulators.size());
            }
        } else {
            combineFn.acceptEx(acc, value);
        }
    }

    /**
     * The number of records a global accumulator holds: its size if it is a collection or a map
     * ({@code toList}, {@code toSet}, {@code toMap}), else 1 (0 for none).
     */
    static long globalRecords(Object acc) {
        if (acc instanceof Collection<?> c) {
            return c.size();
        }
        if (acc instanceof Map<?, ?> m) {
            return m.size();
        }
        return acc == null ? 0 : 1;
    }

    /** Whether {@link #globalRecords} can grow beyond 1, so that it is worth checking per item. */
    static boolean isSized(Object acc) {
        return acc instanceof Collection<?> || acc instanceof Map<?, ?>;
    }

    /** Fails if the global accumulator {@code acc} holds more than the limit of {@code context}. */
    static void checkGlobal(Object acc, ProcessorContext context) {
        long n = globalRecords(acc);
        if (n > context.maxProcessorAccumulatedRecords()) {
            throw new AccumulationLimitExceededException(context, "elements in the aggregation's accumulator", n);
        }
    }

    /** Saves the single accumulator of a global aggregation under {@link GlobalKey}, if there is one. */
    static void saveGlobal(SnapshotOutbox snapshot, Object acc) {
        if (acc != null) {
            snapshot.save(new GlobalKey(), acc);
        }
    }

    /** The global accumulator after restoring {@code value}: {@code value} itself, or {@code acc} with it combined in. */
    static Object restoreGlobal(Object acc, Object value, BiConsumerEx<Object, Object> combineFn) throws Exception {
        if (acc == null) {
            return value;
        }
        combineFn.acceptEx(acc, value);
        return acc;
    }
}
