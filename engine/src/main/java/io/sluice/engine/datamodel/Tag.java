package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * A typed key into an {@link ItemsByTag}: tag number {@code index} of a heterogeneous result, whose
 * static type {@code T} says what is stored under it. Tags are handed out by the builders that
 * fill the {@code ItemsByTag} (such as {@code AggregateOperations.allOfBuilder()}); two tags are
 * equal when their indexes are, whatever their type parameter.
 *
 * <pre>{@code
 * AllOfAggregationBuilder<Order> builder = AggregateOperations.allOfBuilder();
 * Tag<Long> countTag = builder.add(AggregateOperations.counting());
 * BatchStage<Long> counts = orders.aggregate(builder.build()).map(itemsByTag -> itemsByTag.get(countTag));
 * }</pre>
 *
 * @param <T> the type of the item under this tag
 */
public final class Tag<T> implements Serializable, Comparable<Tag<?>> {
    private static final long serialVersionUID = 1L;

    private final int index;

    private Tag(int index) {
        this.index = index;
    }

    /**
     * The tag with the given index.
     *
     * @param index at least 0
     * @param <T>   the type of the item under this tag
     * @return the tag
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static <T> Tag<T> tag(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, but was " + index);
        }
        return new Tag<>(index);
    }

    /** The tag with index 0. */
    public static <T> Tag<T> tag0() {
        return tag(0);
    }

    /** The tag with index 1. */
    public static <T> Tag<T> tag1() {
        return tag(1);
    }

    /** The tag with index 2. */
    public static <T> Tag<T> tag2() {
        return tag(2);
    }

    /** This tag's index. */
    public int index() {
        return index;
    }

    /** Orders by index. */
    @Override
    public int compareTo(Tag<?> that) {
        return Integer.compare(index, that.index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag<?> that && index == that.index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    /** {@code Tag} and the index, for example {@code Tag2}. */
    @Override
    public String toString() {
        return "Tag" + index;
    }
}
