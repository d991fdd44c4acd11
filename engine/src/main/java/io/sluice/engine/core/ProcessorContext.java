package io.sluice.engine.core;

import io.sluice.engine.job.ProcessingGuarantee;

import java.io.Serializable;

/**
 * What a processor instance knows about where it runs.
 *
 * @param jobName          the job's name
 * @param vertexName       the vertex's name
 * @param localIndex       index of this instance among the vertex's instances on this node
 * @param globalIndex      index of this instance among all instances of the vertex
 * @param totalParallelism number of instances of the vertex in the whole job
 * @param partitionCount   number of key partitions (keys map to partitions, partitions to instances)
 * @param batchSize        the job's batch size, a hint for sources
 * @param maxProcessorAccumulatedRecords the most records (keys, window frame entries, buffered
 *                         items, ...) this instance may hold; a stateful processor that would hold
 *                         more throws {@link AccumulationLimitExceededException}
 *                         ({@code JobConfig.setMaxProcessorAccumulatedRecords}; {@code Long.MAX_VALUE}: no limit)
 * @param processingGuarantee the job's guarantee: a sink that can commit in two phases does so only
 *                         under {@code EXACTLY_ONCE}
 */
public record ProcessorContext(String jobName, String vertexName, int localIndex, int globalIndex,
                               int totalParallelism, int partitionCount, int batchSize,
                               long maxProcessorAccumulatedRecords, ProcessingGuarantee processingGuarantee)
        implements Serializable {

    public ProcessorContext {
        if (maxProcessorAccumulatedRecords < 1) {
            throw new IllegalArgumentException("maxProcessorAccumulatedRecords must be positive, but was "
                    + maxProcessorAccumulatedRecords);
        }
        java.util.Objects.requireNonNull(processingGuarantee, "processingGuarantee");
    }

    /** A context for a job without a processing guarantee. */
    public ProcessorContext(String jobName, String vertexName, int localIndex, int globalIndex,
                            int totalParallelism, int partitionCount, int batchSize,
                            long maxProcessorAccumulatedRecords) {
        this(jobName, vertexName, localIndex, globalIndex, totalParallelism, partitionCount, batchSize,
                maxProcessorAccumulatedRecords, ProcessingGuarantee.NONE);
    }

    /** A context without a limit on accumulated records. */
    public ProcessorContext(String jobName, String vertexName, int localIndex, int globalIndex,
                            int totalParallelism, int partitionCount, int batchSize) {
        this(jobName, vertexName, localIndex, globalIndex, totalParallelism, partitionCount, batchSize, Long.MAX_VALUE);
    }

    /** A context for a single instance, for tests. */
    public static ProcessorContext single(String vertexName) {
        return new ProcessorContext("test", vertexName, 0, 0, 1, 271, 1024);
    }

    /**
     * The same context with another limit on accumulated records, for tests:
     * <pre>{@code
     * TestSupport.verifyProcessor(supplier).context(ProcessorContext.single("v").withMaxProcessorAccumulatedRecords(3))
     * }</pre>
     */
    public ProcessorContext withMaxProcessorAccumulatedRecords(long max) {
        return new ProcessorContext(jobName, vertexName, localIndex, globalIndex, totalParallelism, partitionCount,
                batchSize, max, processingGuarantee);
    }

    /** The same context with another processing guarantee, for tests of sinks that commit in two phases. */
    public ProcessorContext withProcessingGuarantee(ProcessingGuarantee guarantee) {
        return new ProcessorContext(jobName, vertexName, localIndex, globalIndex, totalParallelism, partitionCount,
                batchSize, maxProcessorAccumulatedRecords, guarantee);
    }
}
