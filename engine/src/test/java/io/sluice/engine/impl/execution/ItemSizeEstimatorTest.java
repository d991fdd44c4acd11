package io.sluice.engine.impl.execution;

import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.WindowResult;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemSizeEstimatorTest {
    private final ItemSizeEstimator estimator = new ItemSizeEstimator();

    /** Whether {@code estimate} is within [payload, payload + overhead]. */
    private static void assertAbout(long payload, long estimate) {
        assertTrue(estimate >= payload && estimate <= payload + 256, "estimate " + estimate + " for a payload of " + payload);
    }

    @Test
    void when_byteArrayOrString_then_payloadPlusHeader() {
        assertEquals(16 + 32_768, estimator.estimate(new byte[32_768]));
        assertAbout(2 * 1000, estimator.estimate("x".repeat(1000))); // two bytes per char: an upper bound
        assertAbout(2 * 1000, estimator.estimate(new StringBuilder("y".repeat(1000))));
    }

    @Test
    void when_primitiveArrays_then_lengthTimesWidth() {
        assertEquals(16 + 8 * 100, estimator.estimate(new long[100]));
        assertEquals(16 + 4 * 100, estimator.estimate(new int[100]));
        assertEquals(16 + 2 * 100, estimator.estimate(new char[100]));
        assertEquals(16 + 100, estimator.estimate(new boolean[100]));
    }

    @Test
    void when_dataModelWrappers_then_theirPartsCount() {
        byte[] payload = new byte[10_000];
        assertAbout(10_000, estimator.estimate(new TimestampedItem<>(1L, payload)));
        assertAbout(10_000, estimator.estimate(new Tuple2<>("k", payload)));
        assertAbout(10_000, estimator.estimate(new Tuple3<>("k", 1, payload)));
        assertAbout(10_000, estimator.estimate(KeyedResult.of("k", payload)));
        assertAbout(10_000, estimator.estimate(new WindowResult<>(0, 10, payload, false)));
        assertAbout(10_000, estimator.estimate(new KeyedWindowResult<>(0, 10, "k", payload, false)));
        assertAbout(10_000, estimator.estimate(new TimestampedItem<>(1L, new Tuple2<>("k", payload))));
    }

    @Test
    void when_collectionsAndObjectArrays_then_sampledAndExtrapolated() {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            list.add(new byte[1_000]);
        }
        long listBytes = estimator.estimate(list);
        assertTrue(listBytes >= 100 * 1_000 && listBytes < 100 * 1_100, "list " + listBytes);
        long arrayBytes = estimator.estimate(list.toArray());
        assertTrue(arrayBytes >= 100 * 1_000 && arrayBytes < 100 * 1_100, "array " + arrayBytes);
        Map<String, byte[]> map = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            map.put("k" + i, new byte[1_000]);
        }
        long mapBytes = estimator.estimate(map);
        assertTrue(mapBytes >= 100 * 1_000 && mapBytes < 100 * 1_200, "map " + mapBytes);
        assertTrue(estimator.estimate(List.of()) < 64);
    }

    @Test
    void when_byteBuffer_then_capacity() {
        assertAbout(4096, estimator.estimate(ByteBuffer.allocate(4096)));
    }

    record Opaque(byte[] payload) {
    }

    @Test
    void when_otherObjects_then_defaultEstimate() {
        assertEquals(ItemSizeEstimator.DEFAULT_ITEM_BYTES, estimator.estimate(42L));
        assertEquals(ItemSizeEstimator.DEFAULT_ITEM_BYTES, estimator.estimate(42L)); // the remembered class
        assertEquals(ItemSizeEstimator.DEFAULT_ITEM_BYTES, estimator.estimate(new Opaque(new byte[10_000])));
        // a known type after an opaque one is still measured
        assertEquals(16 + 100, estimator.estimate(new byte[100]));
    }

    @Test
    void when_deeplyNested_then_depthIsCapped() {
        Object nested = new byte[1_000_000];
        for (int i = 0; i < 10; i++) {
            nested = new Tuple2<>(i, nested);
        }
        assertTrue(estimator.estimate(nested) < 1_000, "nesting deeper than the cap counts as an opaque object");
    }

    @Test
    void when_runOfSameCompositeClass_then_measuredEverySixteenthItem() {
        long first = estimator.estimate(new Tuple2<>("k", new byte[1_000]));
        for (int i = 1; i < ItemSizeEstimator.REMEASURE_EVERY; i++) {
            assertEquals(first, estimator.estimate(new Tuple2<>("k", new byte[100_000])), "item " + i + " reuses the first measure");
        }
        assertTrue(estimator.estimate(new Tuple2<>("k", new byte[100_000])) > 100_000, "the 16th item is measured again");
        // another class in between starts a new run
        estimator.estimate(new Tuple3<>(1, 2, 3));
        assertTrue(estimator.estimate(new Tuple2<>("k", new byte[200_000])) > 200_000);
        // strings and byte arrays are always measured
        assertEquals(16 + 5, estimator.estimate(new byte[5]));
        assertEquals(16 + 7, estimator.estimate(new byte[7]));
    }
}
