package io.sluice.connectors;

import io.sluice.connectors.TestProcessors.TestOutbox;
import io.sluice.engine.core.Processor;
import io.sluice.engine.impl.pipeline.SourceImpl;
import io.sluice.engine.pipeline.BatchSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.sluice.connectors.TestProcessors.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ListSourceTest {

    @Test
    void when_list_then_itemsInOrderByOneInstance() throws Exception {
        List<Integer> items = IntStream.range(0, 5000).boxed().collect(Collectors.toList());
        BatchSource<Integer> source = Sources.list(items);
        assertEquals(1, ((SourceImpl<?>) source).preferredLocalParallelism());
        assertEquals(new ArrayList<Object>(items), drain(source, 0, 1));
    }

    @Test
    void when_items_then_sameAsList() throws Exception {
        assertEquals(List.of("a", "b", "c"), drain(Sources.items("a", "b", "c"), 0, 1));
        assertEquals(List.of(), drain(Sources.items(), 0, 1));
    }

    @Test
    void when_listChangedAfterCreation_then_sourceUnaffected() throws Exception {
        List<String> items = new ArrayList<>(List.of("a", "b"));
        BatchSource<String> source = Sources.list(items);
        items.add("c");
        assertEquals(List.of("a", "b"), drain(source, 0, 1));
    }

    @Test
    void when_outboxLimit_then_pacedAcrossCalls() throws Exception {
        TestOutbox outbox = new TestOutbox(3);
        Processor p = TestProcessors.initSource(Sources.items(1, 2, 3, 4, 5), outbox, 0, 1, 1024);
        assertFalse(p.complete());
        assertEquals(List.of(1, 2, 3), outbox.items);
        outbox.reset();
        assertTrue(p.complete());
        assertEquals(List.of(1, 2, 3, 4, 5), outbox.items);
    }

    @Test
    void when_itemNotSerializable_then_failsNamingIndexAndClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sources.items("ok", new Object()));
        assertTrue(e.getMessage().startsWith("item at index 1 (a java.lang.Object) is not Serializable"), e.getMessage());
    }

    @Test
    void when_itemHoldsNonSerializableObject_then_fails() {
        List<Object> nested = new ArrayList<>();
        nested.add(new Object());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.items(nested));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void when_nullItem_then_fails() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sources.items("a", null));
        assertEquals("item at index 1 is null: a source cannot emit null items", e.getMessage());
    }
}
