package io.sluice.engine.impl.pipeline;

import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.FunctionEx;

/**
 * Grouping-key functions as stream stages use them: applied to the inner item of a
 * {@code TimestampedItem} on partitioned edges, and checked for {@code null} with a message that
 * names the stage (a null key would otherwise fail deep in the router or be grouped silently).
 */
final class TimestampedKeys {
    private TimestampedKeys() {
    }

    /** {@code keyFn} of the inner item when {@code timestamped}, else {@code keyFn} itself (no null check). */
    @SuppressWarnings("unchecked")
    static FunctionEx<Object, Object> of(FunctionEx<?, ?> keyFn, boolean timestamped) {
        FunctionEx<Object, Object> fn = (FunctionEx<Object, Object>) keyFn;
        return timestamped ? new InnerKey(fn, null) : fn;
    }

    /** For a partitioned edge into stage {@code stageName}: the key of the (inner) item, never {@code null}. */
    @SuppressWarnings("unchecked")
    static FunctionEx<Object, Object> edgeKey(FunctionEx<?, ?> keyFn, boolean timestamped, String stageName) {
        FunctionEx<Object, Object> fn = (FunctionEx<Object, Object>) keyFn;
        return timestamped ? new InnerKey(fn, stageName) : new CheckedKey(fn, stageName);
    }

    /** For a processor that applies the key itself (to the inner item): the key, never {@code null}. */
    @SuppressWarnings("unchecked")
    static FunctionEx<Object, Object> checked(FunctionEx<?, ?> keyFn, String stageName) {
        return keyFn == null ? null : new CheckedKey((FunctionEx<Object, Object>) keyFn, stageName);
    }

    static NullPointerException nullKey(String stageName, Object item) {
        return new NullPointerException("the grouping key function of stage '" + stageName + "' returned null for item "
                + item + "; keys must not be null");
    }

    private record InnerKey(FunctionEx<Object, Object> keyFn, String stageName) implements FunctionEx<Object, Object> {
        @Override
        public Object applyEx(Object item) throws Exception {
            Object inner = ((TimestampedItem<?>) item).item();
            Object key = keyFn.applyEx(inner);
            if (key == null && stageName != null) {
                throw nullKey(stageName, inner);
            }
            return key;
        }
    }

    private record CheckedKey(FunctionEx<Object, Object> keyFn, String stageName) implements FunctionEx<Object, Object> {
        @Override
        public Object applyEx(Object item) throws Exception {
            Object key = keyFn.applyEx(item);
            if (key == null) {
                throw nullKey(stageName, item);
            }
            return key;
        }
    }
}
