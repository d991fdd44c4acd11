package io.sluice.engine.impl.pipeline;

import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.function.FunctionEx;

/** Key functions applied to the inner item of a {@code TimestampedItem} (partitioned edges of a stream with event time). */
final class TimestampedKeys {
    private TimestampedKeys() {
    }

    /** {@code keyFn} of the inner item when {@code timestamped}, else {@code keyFn} itself. */
    @SuppressWarnings("unchecked")
    static FunctionEx<Object, Object> of(FunctionEx<?, ?> keyFn, boolean timestamped) {
        FunctionEx<Object, Object> fn = (FunctionEx<Object, Object>) keyFn;
        return timestamped ? new InnerKey(fn) : fn;
    }

    private record InnerKey(FunctionEx<Object, Object> keyFn) implements FunctionEx<Object, Object> {
        @Override
        public Object applyEx(Object item) throws Exception {
            return keyFn.applyEx(((TimestampedItem<?>) item).item());
        }
    }
}
