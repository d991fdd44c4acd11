package io.sluice.engine.core;

/** An outbox that drops everything and never fills: for tests that look only at a processor's state. */
public final class DiscardingOutbox implements Outbox {
    private final int outputCount;

    /** @param outputCount the number of output ordinals the processor may address */
    public DiscardingOutbox(int outputCount) {
        this.outputCount = outputCount;
    }

    @Override
    public void add(Object item) {
    }

    @Override
    public void add(int ordinal, Object item) {
    }

    @Override
    public void addWatermark(long timestamp) {
    }

    @Override
    public boolean hasReachedLimit() {
        return false;
    }

    @Override
    public int outputCount() {
        return outputCount;
    }
}
