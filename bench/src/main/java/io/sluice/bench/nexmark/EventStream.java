package io.sluice.bench.nexmark;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.pipeline.SourceBuilder;
import io.sluice.engine.pipeline.StreamSource;
import io.sluice.engine.pipeline.TimestampedSourceBuffer;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A finite, deterministic stream of generated events, the counterpart of Jet's
 * {@code EventSourceP.eventSource(eventsPerSecond, delay, (seq, timestamp) -> event)}: event
 * {@code seq} has event time {@code seq * 1000 / eventsPerSecond} ms and is
 * {@code createFn(seq, timestamp)}, so a parallel Sluice source (runner {@code r} of {@code n}
 * emits {@code seq = r, r + n, ...}, each runner in timestamp order) and the single-threaded
 * reference see the same events.
 *
 * @param name            source name
 * @param count           number of events
 * @param eventsPerSecond events per second of event time
 * @param createFn        the event of a sequence number and its timestamp
 * @param <T>             event type
 */
public record EventStream<T>(String name, long count, long eventsPerSecond, EventFn<T> createFn) implements Serializable {

    /** Creates the event of a sequence number; must be a pure function. */
    @FunctionalInterface
    public interface EventFn<T> extends Serializable {
        T create(long seq, long timestamp);
    }

    /** The event time of event {@code seq}. */
    public long timestamp(long seq) {
        return seq * 1000 / eventsPerSecond;
    }

    /** Event {@code seq}. */
    public T event(long seq) {
        return createFn.create(seq, timestamp(seq));
    }

    /**
     * The stream as a Sluice source with native timestamps, emitted as fast as possible by
     * {@code runners} runners. Replayable: each runner saves its offset (the next sequence number)
     * in snapshots and goes on from it after a restore at the same parallelism.
     */
    public StreamSource<T> source(int runners) {
        EventStream<T> stream = this;
        return SourceBuilder.timestampedStream(name, ctx -> new Runner<>(ctx, stream))
                .<T>fillBufferFn(Runner::fill)
                .createSnapshotFn(Runner::offset)
                .restoreSnapshotFn(Runner::restore)
                .distributed(runners)
                .batchSize(1024)
                .build();
    }

    /**
     * Feeds the events of several streams to {@code consumer} merged in timestamp order (ties: the
     * earlier stream first): what a single-threaded reference reads.
     */
    public static void merged(Consumer<Object> consumer, EventStream<?>... streams) {
        long[] next = new long[streams.length];
        while (true) {
            int best = -1;
            long bestTs = Long.MAX_VALUE;
            for (int s = 0; s < streams.length; s++) {
                if (next[s] < streams[s].count) {
                    long ts = streams[s].timestamp(next[s]);
                    if (ts < bestTs) {
                        bestTs = ts;
                        best = s;
                    }
                }
            }
            if (best < 0) {
                return;
            }
            consumer.accept(streams[best].event(next[best]++));
        }
    }

    /** One source runner. */
    static final class Runner<T> {
        private final EventStream<T> stream;
        private final int runners;
        private long next;

        Runner(ProcessorContext ctx, EventStream<T> stream) {
            this.stream = stream;
            this.runners = ctx.totalParallelism();
            this.next = ctx.globalIndex();
        }

        long offset() {
            return next;
        }

        void restore(java.util.List<Long> saved) {
            if (saved.size() > 1) {
                throw new IllegalStateException("nexmark source '" + stream.name + "' was restored at a lower parallelism ("
                        + saved.size() + " offsets for one runner): restore it with the parallelism it was saved with");
            }
            next = saved.isEmpty() ? stream.count : saved.get(0); // no offset: the saved runners cover every event
        }

        void fill(TimestampedSourceBuffer<T> buf) {
            for (int added = 0; next < stream.count && added < 1024; added++, next += runners) {
                buf.add(stream.event(next), stream.timestamp(next));
            }
            if (next >= stream.count) {
                buf.close();
            }
        }
    }
}
