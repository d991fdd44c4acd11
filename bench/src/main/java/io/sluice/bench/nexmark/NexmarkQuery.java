package io.sluice.bench.nexmark;

import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One NEXMark query: its event streams, the Sluice pipeline written the way Jet's NEXMark port
 * writes it, and a single-threaded plain-Java reference computing the same results from the same
 * events.
 *
 * @param <R> result type
 */
public abstract class NexmarkQuery<R> {

    /** The query's short name ({@code q1} .. {@code q13}). */
    public abstract String name();

    /** The query's input streams (their events are what events/s counts). */
    public abstract List<EventStream<?>> streams(NexmarkParams params);

    /** The Sluice pipeline: reads {@link #streams}, writes every result to {@code sink}. */
    public abstract Pipeline pipeline(NexmarkParams params, Sink<Object> sink, int runners);

    /** The plain-Java reference's results, computed on one thread. */
    public abstract List<R> reference(NexmarkParams params);

    /**
     * Whether the sink must have parallelism 1, so that results of one key arrive in the order the
     * query emitted them (for queries whose per-key results depend on that order).
     */
    public boolean orderedSink() {
        return false;
    }

    /** Total input events. */
    public long events(NexmarkParams params) {
        return streams(params).stream().mapToLong(EventStream::count).sum();
    }

    /**
     * Compares Sluice's results (in sink arrival order) with the reference's; {@code null} when they
     * are equal, else a description of the first difference. By default, as multisets.
     */
    public String compare(List<Object> sluice, List<R> reference) {
        return compareMultisets(sluice, reference);
    }

    /** {@code null} when both lists hold the same items the same number of times. */
    public static String compareMultisets(List<?> actual, List<?> expected) {
        String missing = firstMissing(actual, expected);
        if (actual.size() != expected.size()) {
            return "sluice has " + actual.size() + " results, the reference " + expected.size()
                    + (missing == null ? "" : "; " + missing);
        }
        return missing;
    }

    private static String firstMissing(List<?> actual, List<?> expected) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Object o : expected) {
            counts.merge(o, 1, Integer::sum);
        }
        for (Object o : actual) {
            Integer c = counts.get(o);
            if (c == null) {
                return "sluice has " + o + " that the reference has not (or not as often)";
            }
            if (c == 1) {
                counts.remove(o);
            } else {
                counts.put(o, c - 1);
            }
        }
        return counts.isEmpty() ? null : "the reference has " + counts.keySet().iterator().next() + " that sluice has not";
    }
}
