package io.sluice.engine.job;

import io.sluice.engine.core.Partitioner;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of one job. Defaults: batch size 1024 items, at most about 1 MiB per batch, batch wait
 * time 5 ms, 271 key partitions, no limit on the records a processor instance accumulates.
 *
 * <pre>{@code
 * JobConfig config = JobConfig.named("word-count").setBatchSize(4096);
 * }</pre>
 */
public final class JobConfig implements Serializable {
    /** The default of {@link #setMaxBatchBytes}: 1 MiB. */
    public static final long DEFAULT_MAX_BATCH_BYTES = 1L << 20;
    private static final long MIN_MAX_BATCH_BYTES = 1L << 10;
    private static final long MAX_MAX_BATCH_BYTES = 1L << 30;

    private String name;
    private int batchSize = 1024;
    private long maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
    private long batchWaitMillis = 5;
    private int partitionCount = Partitioner.DEFAULT_PARTITION_COUNT;
    private int defaultLocalParallelism = -1;
    private long maxProcessorAccumulatedRecords = Long.MAX_VALUE;

    /** A configuration with a generated name. */
    public JobConfig() {
    }

    /** A configuration for a job called {@code name}. */
    public static JobConfig named(String name) {
        return new JobConfig().setName(name);
    }

    /** The job's name, or {@code null} for a generated one. */
    public String getName() {
        return name;
    }

    public JobConfig setName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        this.name = name;
        return this;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /**
     * Sets the maximum number of items per batch on edges (StreamSets "batch size").
     *
     * @param batchSize 1 to 1,000,000
     */
    public JobConfig setBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new IllegalArgumentException("batchSize must be between 1 and 1000000, but was " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** The estimated size at which a batch is sent before it is full; see {@link #setMaxBatchBytes}. */
    public long getMaxBatchBytes() {
        return maxBatchBytes;
    }

    /**
     * Sets the estimated size in bytes at which a batch is sent before it holds
     * {@linkplain #setBatchSize batch size} items, so that large items do not make huge batches.
     * Together with the batch size this bounds the memory held between two stage instances: a
     * few batches wait in the producer and up to the stream buffer size (16 batches by default) in
     * the consumer, so with the defaults a slow consumer holds up about 20 MiB per connection
     * whatever the item size. A single item larger than this travels alone.
     *
     * <p>Sizes are estimated cheaply per item: {@code byte[]} and other primitive arrays, {@code
     * String} (two bytes per char) and other {@code CharSequence}s, {@code ByteBuffer}, the data
     * model's wrappers ({@code TimestampedItem}, {@code Tuple2}, {@code KeyedResult}, window
     * results, ...) and, by sampling, collections, maps and object arrays. Any other object counts
     * as 64 bytes, whatever it holds: for objects of your own that carry large payloads, lower
     * the {@linkplain #setBatchSize batch size} instead.
     *
     * <pre>{@code
     * JobConfig config = JobConfig.named("images").setMaxBatchBytes(4 << 20); // 4 MiB
     * }</pre>
     *
     * @param maxBatchBytes 1,024 (1 KiB) to 1,073,741,824 (1 GiB); default 1,048,576 (1 MiB)
     * @throws IllegalArgumentException if out of that range
     */
    public JobConfig setMaxBatchBytes(long maxBatchBytes) {
        if (maxBatchBytes < MIN_MAX_BATCH_BYTES || maxBatchBytes > MAX_MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("maxBatchBytes must be between 1024 (1 KiB) and 1073741824 (1 GiB), but was "
                    + maxBatchBytes);
        }
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    public long getBatchWaitMillis() {
        return batchWaitMillis;
    }

    /**
     * Sets how long a partly filled batch may wait for more items before it is sent anyway
     * (StreamSets "batch wait time").
     *
     * @param millis 0 to 60,000
     */
    public JobConfig setBatchWaitMillis(long millis) {
        if (millis < 0 || millis > 60_000) {
            throw new IllegalArgumentException("batchWaitMillis must be between 0 and 60000, but was " + millis);
        }
        this.batchWaitMillis = millis;
        return this;
    }

    public int getPartitionCount() {
        return partitionCount;
    }

    /**
     * Sets the number of key partitions; state is kept and restored per partition.
     *
     * @param partitionCount 1 to 65,536
     */
    public JobConfig setPartitionCount(int partitionCount) {
        if (partitionCount < 1 || partitionCount > 65_536) {
            throw new IllegalArgumentException("partitionCount must be between 1 and 65536, but was " + partitionCount);
        }
        this.partitionCount = partitionCount;
        return this;
    }

    /** The parallelism of stages that do not set their own, or -1 for the number of cores. */
    public int getDefaultLocalParallelism() {
        return defaultLocalParallelism;
    }

    /**
     * Sets the parallelism of stages that do not set their own (-1: the number of cores).
     */
    public JobConfig setDefaultLocalParallelism(int parallelism) {
        if (parallelism == 0 || parallelism < -1) {
            throw new IllegalArgumentException("defaultLocalParallelism must be positive or -1, but was " + parallelism);
        }
        this.defaultLocalParallelism = parallelism;
        return this;
    }

    /** The most records one processor instance may accumulate; {@code Long.MAX_VALUE} (the default): no limit. */
    public long getMaxProcessorAccumulatedRecords() {
        return maxProcessorAccumulatedRecords;
    }

    /**
     * Sets the maximum number of records a single processor instance may accumulate: the keys of a
     * keyed aggregation (in each of its two stages), the frame &times; key entries of a window, the
     * keys of {@code mapStateful} and {@code rollingAggregate}, the sessions of a session window, the
     * keys of {@code distinct()}, the items of a {@code sort()}, the build-side records of a hash
     * join, and the elements of a global {@code toList}/{@code toSet}/{@code toMap} aggregation.
     * An instance that would hold more fails the job with an
     * {@link io.sluice.engine.core.AccumulationLimitExceededException} that names the vertex, the
     * instance, the limit and the count. Same name and meaning as in Hazelcast Jet.
     *
     * <p>Use it to fail a job that grows beyond what you planned early, with a clear message,
     * rather than let it fill the heap (the node's heap watchdog then fails the job holding the
     * most state, but only once the heap is nearly full). The check costs one comparison when a
     * record is added. Size it from the heap: a {@code counting()} accumulator with a
     * {@code Long} key takes about 90 bytes per key (key, accumulator, hash-map node and table
     * slot; measured), so 10 million keys need about 900 MB.
     *
     * <pre>{@code
     * JobConfig config = JobConfig.named("sessions")
     *         .setMaxProcessorAccumulatedRecords(5_000_000);   // per instance, so 2 instances: 10M keys in all
     * }</pre>
     *
     * @param max a positive number; {@code Long.MAX_VALUE} for no limit
     */
    public JobConfig setMaxProcessorAccumulatedRecords(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxProcessorAccumulatedRecords must be positive (Long.MAX_VALUE for no limit),"
                    + " but was " + max);
        }
        this.maxProcessorAccumulatedRecords = max;
        return this;
    }

    @Override
    public String toString() {
        return "JobConfig{name=" + name + ", batchSize=" + batchSize + ", maxBatchBytes=" + maxBatchBytes
                + ", batchWaitMillis=" + batchWaitMillis
                + ", partitionCount=" + partitionCount + ", defaultLocalParallelism=" + defaultLocalParallelism
                + ", maxProcessorAccumulatedRecords=" + maxProcessorAccumulatedRecords + "}";
    }
}
