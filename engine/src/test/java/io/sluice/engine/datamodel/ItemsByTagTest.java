package io.sluice.engine.datamodel;

import io.sluice.engine.impl.util.Util;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link Tag} and {@link ItemsByTag}. */
@Timeout(30)
class ItemsByTagTest {

    @Test
    void when_tagsCreated_then_equalByIndexAndOrdered() {
        Tag<String> a = Tag.tag(1);
        Tag<Long> b = Tag.tag1();

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(Tag.tag0(), Tag.tag2());
        assertEquals("Tag2", Tag.tag2().toString());
        List<Tag<?>> tags = new ArrayList<>(List.of(Tag.tag(5), Tag.tag0(), Tag.tag2()));
        tags.sort(null);
        assertEquals(List.of(Tag.tag0(), Tag.tag2(), Tag.tag(5)), tags);
        assertEquals(a, Util.roundTrip(a));
        assertEquals("index must be at least 0, but was -1",
                assertThrows(IllegalArgumentException.class, () -> Tag.tag(-1)).getMessage());
    }

    @Test
    void when_itemsPut_then_readBackTypedIncludingNull() {
        Tag<String> name = Tag.tag0();
        Tag<Long> count = Tag.tag1();
        Tag<Object> nothing = Tag.tag2();
        ItemsByTag ibt = new ItemsByTag();

        ibt.put(name, "x");
        ibt.put(count, 3L);
        ibt.put(nothing, null);

        String n = ibt.get(name);
        long c = ibt.get(count);
        assertEquals("x", n);
        assertEquals(3L, c);
        assertNull(ibt.get(nothing));
        assertEquals("ItemsByTag{Tag0=x, Tag1=3, Tag2=null}", ibt.toString());
    }

    @Test
    void when_tagAbsent_then_illegalArgumentListingTags() {
        ItemsByTag ibt = ItemsByTag.itemsByTag(Tag.tag0(), "a", Tag.tag(3), "b");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ibt.get(Tag.tag1()));

        assertEquals("there is no item under Tag1, only under [Tag0, Tag3]: use a tag of the builder that made "
                + "this result", e.getMessage());
    }

    @Test
    void when_sameItemsUnderSameTags_then_equalAndSerializable() {
        ItemsByTag a = ItemsByTag.itemsByTag(Tag.tag1(), 2L, Tag.tag0(), "x");
        ItemsByTag b = new ItemsByTag();
        b.put(Tag.tag0(), "x");
        b.put(Tag.tag1(), 2L);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ItemsByTag.itemsByTag(Tag.tag0(), "x"));
        assertEquals(a, Util.roundTrip(a));
    }

    @Test
    void when_itemsByTagArgumentsMalformed_then_illegalArgument() {
        assertEquals("tagsAndItems must come in pairs (tag, item), but there are 3 arguments",
                assertThrows(IllegalArgumentException.class,
                        () -> ItemsByTag.itemsByTag(Tag.tag0(), "a", Tag.tag1())).getMessage());
        assertEquals("argument 2 must be a Tag, but was 1",
                assertThrows(IllegalArgumentException.class,
                        () -> ItemsByTag.itemsByTag(Tag.tag0(), "a", 1, "b")).getMessage());
        assertEquals("tag must not be null",
                assertThrows(NullPointerException.class, () -> new ItemsByTag().get(null)).getMessage());
    }
}
