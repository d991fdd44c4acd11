package io.sluice.connectors.impl;

import io.sluice.engine.core.Batch;
import io.sluice.engine.core.Processor;

/** Drops every item. */
public final class NoopSinkP implements Processor {
    @Override
    public void process(int ordinal, Batch batch) {
    }
}
