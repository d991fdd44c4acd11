package io.sluice.engine.core;

/**
 * Thrown by a processor instance that would hold more accumulated records (keyed accumulators,
 * window frames &times; keys, stateful-map keys, distinct keys, sort buffers, hash-join build
 * records, collections of a global {@code toList}-style aggregation) than
 * {@link io.sluice.engine.job.JobConfig#setMaxProcessorAccumulatedRecords(long)} allows. The job
 * fails with it as the cause; the message names the vertex, the instance, the limit and the count.
 * Same name and meaning as in Hazelcast Jet.
 */
public class AccumulationLimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String vertexName;
    private final int instance;
    private final long limit;
    private final long count;

    /**
     * @param context where it happened (vertex name, instance index, the limit)
     * @param what    what the processor accumulates, for the message (for example "keyed accumulators")
     * @param count   how many records it holds now, more than {@code context.maxProcessorAccumulatedRecords()}
     */
    public AccumulationLimitExceededException(ProcessorContext context, String what, long count) {
        super("vertex '" + context.vertexName() + "' instance " + context.globalIndex() + " holds more than "
                + context.maxProcessorAccumulatedRecords() + " accumulated records (" + count + " " + what
                + "), the limit set with JobConfig.setMaxProcessorAccumulatedRecords; raise the limit, spread the"
                + " state over more instances (setLocalParallelism on the stage), or reduce it (fewer distinct keys,"
                + " shorter windows or a state TTL)");
        this.vertexName = context.vertexName();
        this.instance = context.globalIndex();
        this.limit = context.maxProcessorAccumulatedRecords();
        this.count = count;
    }

    /** The vertex whose instance exceeded the limit. */
    public String vertexName() {
        return vertexName;
    }

    /** The instance's global index. */
    public int instance() {
        return instance;
    }

    /** The limit, {@code JobConfig.getMaxProcessorAccumulatedRecords()}. */
    public long limit() {
        return limit;
    }

    /** The number of records the instance held when it failed (more than the limit). */
    public long count() {
        return count;
    }
}
