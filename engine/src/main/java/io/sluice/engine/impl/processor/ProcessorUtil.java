package io.sluice.engine.impl.processor;

/** Helpers shared by the processors. */
final class ProcessorUtil {
    private ProcessorUtil() {
    }

    /**
     * Throws {@code t} as is, also a checked exception, from a method that cannot declare it
     * (for example {@code Outbox.add}), so a user function's exception reaches the runtime unchanged.
     */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
