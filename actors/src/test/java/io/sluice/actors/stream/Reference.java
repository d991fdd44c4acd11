package io.sluice.actors.stream;

import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.WindowResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** Plain-Java reference computations of window results, to compare the engine's output against. */
final class Reference {
    private Reference() {
    }

    /** Sliding (tumbling when size == slide) windows per key: the sum of {@code valueFn} per window with data. */
    static List<KeyedWindowResult<Integer, Long>> keyedSliding(List<TimestampedItem<Ev>> events, long size, long slide,
                                                               ToLongFunction<Ev> valueFn) {
        Map<List<Long>, Long> sums = new TreeMap<>(Comparator.<List<Long>>comparingLong(l -> l.get(0))
                .thenComparingLong(l -> l.get(1)));
        for (TimestampedItem<Ev> e : events) {
            long lastStart = Math.floorDiv(e.timestamp(), slide) * slide;
            for (long start = lastStart; start > e.timestamp() - size; start -= slide) {
                sums.merge(List.of(start, (long) e.item().key()), valueFn.applyAsLong(e.item()), Long::sum);
            }
        }
        List<KeyedWindowResult<Integer, Long>> out = new ArrayList<>();
        sums.forEach((k, v) -> out.add(new KeyedWindowResult<>(k.get(0), k.get(0) + size, (int) (long) k.get(1), v)));
        return out;
    }

    /** Non-keyed sliding windows: the sum of {@code valueFn} per window with data. */
    static List<WindowResult<Long>> sliding(List<TimestampedItem<Ev>> events, long size, long slide, ToLongFunction<Ev> valueFn) {
        TreeMap<Long, Long> sums = new TreeMap<>();
        for (TimestampedItem<Ev> e : events) {
            long lastStart = Math.floorDiv(e.timestamp(), slide) * slide;
            for (long start = lastStart; start > e.timestamp() - size; start -= slide) {
                sums.merge(start, valueFn.applyAsLong(e.item()), Long::sum);
            }
        }
        List<WindowResult<Long>> out = new ArrayList<>();
        sums.forEach((start, v) -> out.add(new WindowResult<>(start, start + size, v)));
        return out;
    }

    /** Session windows per key: events closer than {@code timeout} join; the sum of values per session. */
    static List<KeyedWindowResult<Integer, Long>> keyedSessions(List<TimestampedItem<Ev>> events, long timeout) {
        Map<Integer, List<TimestampedItem<Ev>>> byKey = new HashMap<>();
        for (TimestampedItem<Ev> e : events) {
            byKey.computeIfAbsent(e.item().key(), k -> new ArrayList<>()).add(e);
        }
        List<KeyedWindowResult<Integer, Long>> out = new ArrayList<>();
        byKey.forEach((key, list) -> {
            list.sort(Comparator.comparingLong(TimestampedItem::timestamp));
            long start = list.get(0).timestamp();
            long end = start + timeout;
            long sum = 0;
            for (TimestampedItem<Ev> e : list) {
                if (e.timestamp() >= end) {
                    out.add(new KeyedWindowResult<>(start, end, key, sum));
                    start = e.timestamp();
                    sum = 0;
                }
                end = Math.max(end, e.timestamp() + timeout);
                sum += e.item().value();
            }
            out.add(new KeyedWindowResult<>(start, end, key, sum));
        });
        return out;
    }

    /** Non-keyed session windows. */
    static List<WindowResult<Long>> sessions(List<TimestampedItem<Ev>> events, long timeout) {
        List<TimestampedItem<Ev>> all = new ArrayList<>();
        for (TimestampedItem<Ev> e : events) {
            all.add(new TimestampedItem<>(e.timestamp(), new Ev(0, e.item().value())));
        }
        List<WindowResult<Long>> out = new ArrayList<>();
        for (KeyedWindowResult<Integer, Long> r : keyedSessions(all, timeout)) {
            out.add(new WindowResult<>(r.start(), r.end(), r.result()));
        }
        return out;
    }
}
