package io.sluice.connectors.impl;

import io.sluice.engine.function.FunctionEx;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;

import java.io.PrintStream;

/**
 * Prints each item on its own line to {@code System.out}. A batch is printed with one call and
 * then flushed, so lines of concurrent instances never interleave mid-line and output shows up
 * batch by batch.
 */
public final class ConsoleSinkP implements Processor {
    private final StringBuilder text = new StringBuilder();
    private final FunctionEx<Object, ?> toStringFn;

    /** Prints {@code toString()} of each item. */
    public ConsoleSinkP() {
        this(String::valueOf);
    }

    /** Prints {@code toStringFn(item)} of each item. */
    @SuppressWarnings("unchecked")
    public ConsoleSinkP(FunctionEx<?, ?> toStringFn) {
        this.toStringFn = (FunctionEx<Object, ?>) toStringFn;
    }

    @Override
    public void process(int ordinal, Batch batch) throws Exception {
        Object[] items = batch.array();
        text.setLength(0);
        for (int i = 0, n = batch.size(); i < n; i++) {
            text.append(toStringFn.applyEx(items[i])).append(System.lineSeparator());
        }
        PrintStream out = System.out; // looked up per batch: tests and tools replace System.out
        out.print(text);
        out.flush();
    }
}
