package io.sluice.engine.impl.stream;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.Watermark;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Event generation, scripts with watermarks and brute-force references for window tests. */
final class WindowTestSupport {
    private WindowTestSupport() {
    }

    /** A test event. {@code input} tells which co-aggregated stream it belongs to. */
    record Ev(long ts, int key, long value, int input) implements Serializable, Comparable<Ev> {
        @Override
        public int compareTo(Ev o) {
            return Comparator.comparingLong(Ev::ts).thenComparingInt(Ev::key).thenComparingLong(Ev::value)
                    .thenComparingInt(Ev::input).compare(this, o);
        }
    }

    /** An aggregate operation and the same computation in plain Java. */
    record OpCase(String name, AggregateOperation<?, ?> op, Function<List<Ev>, Object> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<OpCase> opCases() {
        return List.of(
                new OpCase("counting", AggregateOperations.counting(), evs -> (long) evs.size()),
                new OpCase("summingLong", AggregateOperations.summingLong(Ev::value),
                        evs -> evs.stream().mapToLong(Ev::value).sum()),
                new OpCase("toListSorted", AggregateOperations.<Ev>toList().andThen(WindowTestSupport::sorted),
                        WindowTestSupport::sorted),
                new OpCase("averagingDouble", AggregateOperations.averagingDouble((Ev e) -> (double) e.value()),
                        evs -> evs.stream().mapToLong(Ev::value).sum() / (double) evs.size()));
    }

    static List<Ev> sorted(List<Ev> evs) {
        List<Ev> l = new ArrayList<>(evs);
        l.sort(null);
        return l;
    }

    /**
     * Events with timestamps that grow by 0..{@code step} per event, shuffled so that none is more
     * than {@code lag} behind the highest timestamp before it, plus a fraction of events far
     * behind (late once a watermark passed them).
     */
    static List<Ev> events(Random rnd, int n, int keys, long lag, int step, double lateFraction, int inputs) {
        List<long[]> ordered = new ArrayList<>();
        long t = rnd.nextInt(1000) - 500;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(step + 1);
            ordered.add(new long[]{t, t + (lag == 0 ? 0 : rnd.nextInt((int) lag + 1))});
        }
        // sorting by ts + jitter (jitter <= lag) keeps every event within lag of the max before it
        ordered.sort(Comparator.comparingLong(a -> a[1]));
        List<Ev> out = new ArrayList<>();
        long max = Long.MIN_VALUE;
        for (long[] a : ordered) {
            long ts = a[0];
            max = Math.max(max, ts);
            if (rnd.nextDouble() < lateFraction) {
                ts = max - lag - 1 - rnd.nextInt(40);
            }
            out.add(new Ev(ts, rnd.nextInt(keys), rnd.nextInt(100), rnd.nextInt(inputs)));
        }
        return out;
    }

    /**
     * Interleaves watermarks: after random runs of events either {@code max - lag} (as
     * InsertWatermarksP does) or, when {@code arbitrary}, a random value between the last
     * watermark and {@code max - lag} (not aligned to frames).
     */
    static List<Object> script(Random rnd, List<Ev> events, long lag, boolean arbitrary) {
        List<Object> script = new ArrayList<>();
        long max = Long.MIN_VALUE;
        long wm = Long.MIN_VALUE;
        for (Ev e : events) {
            script.add(new TimestampedItem<>(e.ts(), e));
            max = Math.max(max, e.ts());
            if (rnd.nextInt(8) == 0) {
                long target = max - lag;
                if (arbitrary && wm != Long.MIN_VALUE && target > wm) {
                    target = wm + 1 + (long) (rnd.nextDouble() * (target - wm));
                }
                if (target > wm) {
                    wm = target;
                    script.add(new Watermark(wm));
                }
            }
        }
        return script;
    }

    /** Splits the script's events into on-time and late ones, as a window stage sees them. */
    static Map<Boolean, List<Ev>> lateness(List<Object> script) {
        List<Ev> onTime = new ArrayList<>();
        List<Ev> late = new ArrayList<>();
        long wm = Long.MIN_VALUE;
        for (Object o : script) {
            if (o instanceof Watermark w) {
                wm = w.timestamp();
            } else {
                Ev e = (Ev) ((TimestampedItem<?>) o).item();
                (e.ts() < wm ? late : onTime).add(e);
            }
        }
        return Map.of(true, onTime, false, late);
    }

    /** The window results of {@code onTime} events, by brute force: each event goes to every window holding it. */
    static Map<List<Object>, Object> reference(List<Ev> onTime, long size, long slide, boolean keyed,
                                               Function<List<Ev>, Object> refFn) {
        Map<List<Object>, List<Ev>> groups = new HashMap<>();
        for (Ev e : onTime) {
            long firstEnd = Math.floorDiv(e.ts(), slide) * slide + slide;
            for (long end = firstEnd; end - size <= e.ts(); end += slide) {
                groups.computeIfAbsent(List.of(end, keyed ? e.key() : "all"), k -> new ArrayList<>()).add(e);
            }
        }
        Map<List<Object>, Object> expected = new HashMap<>();
        groups.forEach((k, evs) -> expected.put(k, expectedItem((Long) k.get(0), size, keyed ? k.get(1) : null,
                refFn.apply(evs), keyed)));
        return expected;
    }

    static Object expectedItem(long end, long size, Object key, Object result, boolean keyed) {
        return new TimestampedItem<>(end - 1, keyed ? new KeyedWindowResult<>(end - size, end, key, result)
                : new WindowResult<>(end - size, end, result));
    }

    /**
     * Checks the output of a window stage against the reference: the same results, in order of
     * window end, none late relative to the watermarks before it, and every window emitted before
     * the first watermark that closes it.
     */
    static void assertWindowOutput(Map<List<Object>, Object> expected, List<Object> output, boolean keyed) {
        Map<List<Object>, Object> actual = new HashMap<>();
        long lastWm = Long.MIN_VALUE;
        long lastEnd = Long.MIN_VALUE;
        List<Long> expectedEnds = expected.keySet().stream().map(k -> (Long) k.get(0)).sorted().toList();
        for (Object o : output) {
            if (o instanceof Watermark w) {
                long wm = w.timestamp();
                long due = expectedEnds.stream().filter(end -> end <= wm).count();
                assertEquals(due, actual.size(), "results emitted before watermark " + wm);
                lastWm = wm;
                continue;
            }
            TimestampedItem<?> ti = (TimestampedItem<?>) o;
            long end;
            Object key;
            if (keyed) {
                KeyedWindowResult<?, ?> r = (KeyedWindowResult<?, ?>) ti.item();
                end = r.end();
                key = r.key();
            } else {
                end = ((WindowResult<?>) ti.item()).end();
                key = "all";
            }
            assertTrue(ti.timestamp() >= lastWm, () -> "result " + o + " is late for watermark");
            if (end < lastEnd) {
                fail("results out of order of end: " + o + " after end " + lastEnd);
            }
            lastEnd = end;
            Object prev = actual.put(List.of(end, key), o);
            if (prev != null) {
                fail("duplicate result for " + List.of(end, key) + ": " + prev + " and " + o);
            }
        }
        if (!expected.equals(actual)) {
            List<String> diff = new ArrayList<>();
            expected.forEach((k, v) -> {
                if (!v.equals(actual.get(k))) {
                    diff.add("expected " + v + " got " + actual.get(k));
                }
            });
            actual.forEach((k, v) -> {
                if (!expected.containsKey(k)) {
                    diff.add("unexpected " + v);
                }
            });
            fail(diff.size() + " differences, first: " + diff.subList(0, Math.min(5, diff.size())));
        }
        assertEquals(expected.size(), actual.size());
    }
}
