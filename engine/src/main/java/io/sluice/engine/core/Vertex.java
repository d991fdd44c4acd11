package io.sluice.engine.core;

import java.io.Serializable;
import java.util.Objects;

/**
 * A node of the {@link Dag}: a processor supplier run by {@code localParallelism} instances on
 * each node. Create it with {@link Dag#newVertex}.
 */
public final class Vertex implements Serializable {
    /** Local parallelism meaning "the number of cores". */
    public static final int DEFAULT_PARALLELISM = -1;

    private final String name;
    private final ProcessorSupplier supplier;
    private int localParallelism = DEFAULT_PARALLELISM;
    private String description = "";
    private int batchSize;
    private long maxBatchBytes;
    private long batchWaitMillis = -1;

    Vertex(String name, ProcessorSupplier supplier) {
        this.name = Objects.requireNonNull(name, "name");
        this.supplier = Objects.requireNonNull(supplier, "supplier");
    }

    public String name() {
        return name;
    }

    public ProcessorSupplier supplier() {
        return supplier;
    }

    /** The local parallelism, or {@link #DEFAULT_PARALLELISM}. */
    public int localParallelism() {
        return localParallelism;
    }

    /**
     * Sets the number of instances per node; {@link #DEFAULT_PARALLELISM} means the number of cores.
     *
     * @throws IllegalArgumentException if {@code parallelism} is 0 or below -1
     */
    public Vertex localParallelism(int parallelism) {
        if (parallelism == 0 || parallelism < DEFAULT_PARALLELISM) {
            throw new IllegalArgumentException("localParallelism must be positive or -1 (default: one per core), but was "
                    + parallelism);
        }
        this.localParallelism = parallelism;
        return this;
    }

    /** What the vertex does, for example the stages fused into it: {@code "flatMap -> filter -> accumulate"}. */
    public String description() {
        return description;
    }

    public Vertex description(String description) {
        this.description = Objects.requireNonNull(description, "description");
        return this;
    }

    /** The batch size of this vertex's output, or 0 for the job's. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Overrides the job's batch size for this vertex's output (a stream source's own setting).
     *
     * @param batchSize 1 to 1,000,000, or 0 for the job's
     */
    public Vertex batchSize(int batchSize) {
        if (batchSize < 0 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be 0 (job default) or 1 to 1000000, but was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The estimated bytes at which this vertex's output batches are sealed before they are full, or 0 for the job's. */
    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * Overrides the job's {@link io.sluice.engine.job.JobConfig#setMaxBatchBytes max batch bytes}
     * for this vertex's output.
     *
     * @param maxBatchBytes 1,024 (1 KiB) to 1,073,741,824 (1 GiB), or 0 for the job's
     */
    public Vertex maxBatchBytes(long maxBatchBytes) {
        if (maxBatchBytes != 0 && (maxBatchBytes < 1024 || maxBatchBytes > 1L << 30)) {
            throw new IllegalArgumentException("maxBatchBytes must be 0 (job default) or 1024 (1 KiB) to 1073741824 (1 GiB),"
                    + " but was " + maxBatchBytes);
        }
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    /** How long a partial output batch may wait, or -1 for the job's batch wait time. */
    public long batchWaitMillis() {
        return batchWaitMillis;
    }

    /**
     * Overrides the job's batch wait time for this vertex's output.
     *
     * @param millis 0 to 60,000, or -1 for the job's
     */
    public Vertex batchWaitMillis(long millis) {
        if (millis < -1 || millis > 60_000) {
            throw new IllegalArgumentException("batchWaitMillis must be -1 (job default) or 0 to 60000, but was " + millis);
        }
        this.batchWaitMillis = millis;
        return this;
    }

    /** The parallelism to use given the default (the number of cores). */
    public int effectiveParallelism(int defaultParallelism) {
        return localParallelism == DEFAULT_PARALLELISM ? defaultParallelism : localParallelism;
    }

    @Override
    public String toString() {
        return name;
    }
}
