package io.sluice.engine.datamodel;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A map from {@link Tag}{@code <E>} to an item of type {@code E}, where {@code E} can differ from
 * tag to tag: a less type-safe but open-ended alternative to a tuple. The result of an operation
 * built with {@code AggregateOperations.allOfBuilder()} is one; read its parts with the tags the
 * builder gave out.
 *
 * <pre>{@code
 * BatchStage<Tuple2<Long, Double>> countAndMean = results.map(ibt -> Tuple2.tuple2(ibt.get(countTag), ibt.get(meanTag)));
 * }</pre>
 *
 * <p>Items may be {@code null} (for example the {@code minBy} of no items). Two instances are equal
 * when they hold equal items under equal tags. Not thread-safe.
 */
public final class ItemsByTag implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TreeMap<Tag<?>, Object> items = new TreeMap<>();

    /** An empty instance. */
    public ItemsByTag() {
    }

    /**
     * An instance with the given tags and items, in pairs.
     *
     * <pre>{@code
     * ItemsByTag ibt = ItemsByTag.itemsByTag(Tag.tag0(), "a", Tag.tag1(), 42L);
     * }</pre>
     *
     * @param tagsAndItems a tag, its item, the next tag, its item, and so on
     * @return the new instance
     * @throws IllegalArgumentException if there is an odd number of arguments, or a tag is not a
     *                                  {@link Tag}
     */
    public static ItemsByTag itemsByTag(Object... tagsAndItems) {
        if (tagsAndItems.length % 2 != 0) {
            throw new IllegalArgumentException("tagsAndItems must come in pairs (tag, item), but there are "
                    + tagsAndItems.length + " arguments");
        }
        ItemsByTag result = new ItemsByTag();
        for (int i = 0; i < tagsAndItems.length; i += 2) {
            if (!(tagsAndItems[i] instanceof Tag<?> tag)) {
                throw new IllegalArgumentException("argument " + i + " must be a Tag, but was " + tagsAndItems[i]);
            }
            result.items.put(tag, tagsAndItems[i + 1]);
        }
        return result;
    }

    /**
     * The item under {@code tag}.
     *
     * @param tag the tag
     * @param <E> the item type
     * @return the item, which may be {@code null}
     * @throws IllegalArgumentException if there is no item under {@code tag} (a tag of another
     *                                  builder, say); the message lists the tags there are
     */
    @SuppressWarnings("unchecked")
    public <E> E get(Tag<E> tag) {
        Objects.requireNonNull(tag, "tag must not be null");
        if (!items.containsKey(tag)) {
            throw new IllegalArgumentException("there is no item under " + tag + ", only under " + items.keySet()
                    + ": use a tag of the builder that made this result");
        }
        return (E) items.get(tag);
    }

    /**
     * Puts {@code item} under {@code tag}, replacing what was there.
     *
     * @param tag  the tag
     * @param item the item; nullable
     * @param <E>  the item type
     */
    public <E> void put(Tag<E> tag, E item) {
        items.put(Objects.requireNonNull(tag, "tag must not be null"), item);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemsByTag that && items.equals(that.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    /** The tags in index order with their items, for example {@code ItemsByTag{Tag0=a, Tag1=42}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ItemsByTag{");
        for (Map.Entry<Tag<?>, Object> e : items.entrySet()) {
            if (sb.length() > "ItemsByTag{".length()) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
