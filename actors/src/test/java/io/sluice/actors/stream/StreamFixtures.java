package io.sluice.actors.stream;

import io.sluice.engine.datamodel.TimestampedItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic event lists for the stream tests. */
final class StreamFixtures {
    private StreamFixtures() {
    }

    /** {@code count} events in timestamp order: event {@code i} has timestamp {@code i * spacing} and item {@code i}. */
    static List<TimestampedItem<Integer>> ordered(int count, long spacing) {
        List<TimestampedItem<Integer>> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new TimestampedItem<>(i * spacing, i));
        }
        return list;
    }

    /**
     * The events reordered, each moved at most {@code maxDisorder} of event time away from its
     * place: sorted by {@code timestamp + random(0..maxDisorder)}. With an allowed lag of
     * {@code maxDisorder} no event is late.
     */
    static <T> List<TimestampedItem<T>> shuffled(List<TimestampedItem<T>> events, long maxDisorder, long seed) {
        Random random = new Random(seed);
        List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            long jitter = maxDisorder == 0 ? 0 : (long) (random.nextDouble() * maxDisorder);
            keyed.add(new long[] {events.get(i).timestamp() + jitter, i});
        }
        keyed.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<TimestampedItem<T>> out = new ArrayList<>(events.size());
        for (long[] k : keyed) {
            out.add(events.get((int) k[1]));
        }
        return out;
    }
}
