package io.sluice.engine.core;

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
 */
public record ProcessorContext(String jobName, String vertexName, int localIndex, int globalIndex,
                               int totalParallelism, int partitionCount, int batchSize)
        implements Serializable {

    /** A context for a single instance, for tests. */
    public static ProcessorContext single(String vertexName) {
        return new ProcessorContext("test", vertexName, 0, 0, 1, 271, 1024);
    }
}
