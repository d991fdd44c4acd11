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
    private static final long serialVersionUID = 1L;

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
    private ProcessingGuarantee processingGuarantee = ProcessingGuarantee.NONE;
    private long snapshotIntervalMillis = 10_000;
    /** {@code -1}: not set, the default depends on the guarantee (see {@link #getMaxRestartAttempts}). */
    private int maxRestartAttempts = -1;
    private long restartBackoffMillis = 500;
    private boolean suspendOnFailure;
    private String initialSnapshotName;

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

    /** The processing guarantee; {@link ProcessingGuarantee#NONE} unless set. */
    public ProcessingGuarantee getProcessingGuarantee() {
        return processingGuarantee;
    }

    /**
     * Sets what the job guarantees when it restarts after a failure (see {@link ProcessingGuarantee}).
     * With any guarantee but {@code NONE} the job takes a snapshot every
     * {@linkplain #setSnapshotIntervalMillis snapshot interval} and a restart resumes from the last one.
     *
     * <pre>{@code
     * JobConfig config = JobConfig.named("ledger")
     *         .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
     *         .setSnapshotIntervalMillis(1000);
     * }</pre>
     */
    public JobConfig setProcessingGuarantee(ProcessingGuarantee guarantee) {
        this.processingGuarantee = Objects.requireNonNull(guarantee, "guarantee");
        return this;
    }

    /** Milliseconds between two snapshots (default 10,000); used only with a processing guarantee. */
    public long getSnapshotIntervalMillis() {
        return snapshotIntervalMillis;
    }

    /**
     * Sets the time between the start of two snapshots.
     *
     * @param millis 10 ms to one day
     */
    public JobConfig setSnapshotIntervalMillis(long millis) {
        if (millis < 10 || millis > 86_400_000L) {
            throw new IllegalArgumentException("snapshotIntervalMillis must be between 10 and 86400000 (one day), but was "
                    + millis);
        }
        this.snapshotIntervalMillis = millis;
        return this;
    }

    /**
     * How many times in a row the job restarts after a failure before it fails (or is suspended,
     * see {@link #setSuspendOnFailure}). Unless set: 3 for a job with a processing guarantee (it
     * restarts from its last snapshot), 0 for a job with {@code NONE} (it would start from the
     * beginning, so it fails at once). The count starts again after a snapshot commits.
     */
    public int getMaxRestartAttempts() {
        if (maxRestartAttempts >= 0) {
            return maxRestartAttempts;
        }
        return processingGuarantee == ProcessingGuarantee.NONE ? 0 : 3;
    }

    /**
     * Sets how many times in a row the job restarts after a failure; 0 fails (or suspends) it at once.
     *
     * <pre>{@code
     * config.setMaxRestartAttempts(5).setRestartBackoffMillis(2000);
     * }</pre>
     */
    public JobConfig setMaxRestartAttempts(int attempts) {
        if (attempts < 0 || attempts > 1_000_000) {
            throw new IllegalArgumentException("maxRestartAttempts must be between 0 and 1000000, but was " + attempts);
        }
        this.maxRestartAttempts = attempts;
        return this;
    }

    /** Milliseconds to wait before a restart after a failure (default 500); doubled per attempt, at most 30 s. */
    public long getRestartBackoffMillis() {
        return restartBackoffMillis;
    }

    /** Sets the wait before the first restart after a failure; later attempts double it, up to 30 s. */
    public JobConfig setRestartBackoffMillis(long millis) {
        if (millis < 0 || millis > 3_600_000L) {
            throw new IllegalArgumentException("restartBackoffMillis must be between 0 and 3600000, but was " + millis);
        }
        this.restartBackoffMillis = millis;
        return this;
    }

    /** Whether a job that ran out of restart attempts waits suspended instead of failing. */
    public boolean isSuspendOnFailure() {
        return suspendOnFailure;
    }

    /**
     * As in Jet: once the restart attempts are used up, the job is suspended with its cause instead
     * of failing, keeping its last snapshot, and {@code Job.resume()} continues it from there.
     */
    public JobConfig setSuspendOnFailure(boolean suspendOnFailure) {
        this.suspendOnFailure = suspendOnFailure;
        return this;
    }

    /** The exported snapshot the job starts from, or {@code null}. */
    public String getInitialSnapshotName() {
        return initialSnapshotName;
    }

    /**
     * Starts the job from a snapshot exported by {@code Job.exportSnapshot(name)} (a new version of
     * a job, "job upgrade"): each stage gets the state saved by the stage of the same name.
     *
     * <pre>{@code
     * sluice.newJob(pipelineV2, JobConfig.named("ledger-v2").setInitialSnapshotName("ledger-v1-final"));
     * }</pre>
     */
    public JobConfig setInitialSnapshotName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("initial snapshot name must not be blank");
        }
        this.initialSnapshotName = name;
        return this;
    }

    @Override
    public String toString() {
        return "JobConfig{name=" + name + ", batchSize=" + batchSize + ", maxBatchBytes=" + maxBatchBytes
                + ", batchWaitMillis=" + batchWaitMillis
                + ", partitionCount=" + partitionCount + ", defaultLocalParallelism=" + defaultLocalParallelism
                + ", maxProcessorAccumulatedRecords=" + maxProcessorAccumulatedRecords
                + ", processingGuarantee=" + processingGuarantee + ", snapshotIntervalMillis=" + snapshotIntervalMillis
                + ", maxRestartAttempts=" + getMaxRestartAttempts() + ", restartBackoffMillis=" + restartBackoffMillis
                + ", suspendOnFailure=" + suspendOnFailure + ", initialSnapshotName=" + initialSnapshotName + "}";
    }
}
