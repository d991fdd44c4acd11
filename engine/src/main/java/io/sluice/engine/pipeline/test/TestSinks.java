package io.sluice.engine.pipeline.test;

/** Sinks for tests. */
public final class TestSinks {
    private TestSinks() {
    }

    /**
     * A sink that collects its items in memory; read them with {@link CollectingSink#items()}.
     * Works only when the job runs in this JVM.
     */
    public static <T> CollectingSink<T> collecting() {
        return new CollectingSink<>();
    }
}
