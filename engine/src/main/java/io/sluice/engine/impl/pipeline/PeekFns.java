package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;

/** The defaults of {@code peek()}: log every item, as {@code String.valueOf(item)}. */
final class PeekFns {
    static final PredicateEx<Object> ALWAYS = new Always();
    static final FunctionEx<Object, String> TO_STRING = new ToString();

    private PeekFns() {
    }

    private record Always() implements PredicateEx<Object> {
        @Override
        public boolean testEx(Object item) {
            return true;
        }
    }

    private record ToString() implements FunctionEx<Object, String> {
        @Override
        public String applyEx(Object item) {
            return String.valueOf(item);
        }
    }
}
