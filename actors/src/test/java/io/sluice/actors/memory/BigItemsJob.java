package io.sluice.actors.memory;

import io.sluice.actors.Sluice;
import io.sluice.actors.SluiceConfig;
import io.sluice.engine.job.JobConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.SinkBuilder;
import io.sluice.engine.pipeline.SourceBuilder;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link BoundedInFlightMemoryIT}: a fast source of 32 KB {@code byte[]} items
 * (two instances) and a slow sink (one instance, sleeps a given time per item) on an embedded node, with
 * the job's default batch size. Prints one {@code RESULT} line and exits 0 when the sink has seen
 * every item; an {@code OutOfMemoryError} ends the JVM (the parent runs it with
 * {@code -XX:+ExitOnOutOfMemoryError}).
 *
 * <p>Usage: {@code BigItemsJob <items> <itemBytes> <sinkSleepMicros>}
 */
public final class BigItemsJob {
    static final AtomicLong PRODUCED = new AtomicLong();
    static final AtomicLong CONSUMED = new AtomicLong();
    static final AtomicLong ID_SUM = new AtomicLong();

    private BigItemsJob() {
    }

    public static void main(String[] args) throws Exception {
        int items = Integer.parseInt(args[0]);
        int itemBytes = Integer.parseInt(args[1]);
        long sleepMicros = Long.parseLong(args[2]);

        Pipeline p = Pipeline.create();
        p.readFrom(SourceBuilder.batch("big-items", ctx -> new int[] {ctx.globalIndex(), ctx.totalParallelism()})
                        .<byte[]>fillBufferFn((state, buf) -> {
                            // a fast source: a batch's worth of fresh items per call
                            for (int n = 0; n < 1024; n++) {
                                if (state[0] >= items) {
                                    buf.close();
                                    return;
                                }
                                byte[] item = new byte[itemBytes];
                                ByteBuffer.wrap(item).putInt(state[0]);
                                state[0] += state[1];
                                PRODUCED.incrementAndGet();
                                buf.add(item);
                            }
                        })
                        .distributed(2)
                        .build())
         .writeTo(SinkBuilder.sinkBuilder("slow-sink", ctx -> new Object())
                 .<byte[]>receiveFn((state, item) -> {
                     // a slow sink: about sleepMicros per item
                     java.util.concurrent.locks.LockSupport.parkNanos(sleepMicros * 1000);
                     ID_SUM.addAndGet(ByteBuffer.wrap(item).getInt());
                     CONSUMED.incrementAndGet();
                 })
                 .preferredLocalParallelism(1)
                 .build());

        long maxInFlight = 0;
        long maxHeapAfterGc = 0;
        long start = System.nanoTime();
        try (Sluice sluice = Sluice.embedded(SluiceConfig.defaults().withNodeName("big-items").withParallelism(2))) {
            var job = sluice.newJob(p, JobConfig.named("big-items"));
            var done = job.future();
            while (!done.isDone()) {
                maxInFlight = Math.max(maxInFlight, PRODUCED.get() - CONSUMED.get());
                maxHeapAfterGc = Math.max(maxHeapAfterGc, heapAfterLastGc());
                Thread.sleep(10);
            }
            job.join();
        }
        System.out.printf("RESULT items=%d idSum=%d maxInFlightItems=%d maxHeapAfterGcMb=%d elapsedMs=%d%n",
                CONSUMED.get(), ID_SUM.get(), maxInFlight, maxHeapAfterGc >> 20, (System.nanoTime() - start) / 1_000_000);
        System.exit(0);
    }

    /** Heap in use right after the last collection, over all heap pools. */
    private static long heapAfterLastGc() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (usage != null) {
                sum += usage.getUsed();
            }
        }
        return sum;
    }
}
