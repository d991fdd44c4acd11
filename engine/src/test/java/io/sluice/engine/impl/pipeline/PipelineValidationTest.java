package io.sluice.engine.impl.pipeline;

import io.sluice.engine.TestAggregateOps;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.test.TestSinks;
import io.sluice.engine.pipeline.test.TestSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PipelineValidationTest {

    @Test
    void when_aggregateOperationHasNoCombine_then_batchAggregateRunsItSingleStage() {
        io.sluice.engine.aggregate.AggregateOperation1<Integer, long[], Long> noCombine =
                io.sluice.engine.aggregate.AggregateOperation.withCreate(() -> new long[1])
                        .<Integer>andAccumulate((a, i) -> a[0] += i)
                        .andCombine(null)
                        .andExportFinish(a -> a[0]);
        Pipeline p = Pipeline.create();
        BatchStage<Integer> items = p.readFrom(TestSources.items(1, 2, 3));
        items.aggregate(noCombine).writeTo(TestSinks.collecting());
        items.groupingKey(i -> i % 2).aggregate(noCombine).writeTo(TestSinks.collecting());
        String plan = p.toDag().toString();
        assertTrue(plan.contains("accumulate-finish") && !plan.contains("combine"), plan);
        // windows accept it too and run it single-stage: see NonCombinableWindowPTest, WindowCoAggregationTest
    }

    @Test
    void when_emptyPipeline_then_noSinkError() {
        Pipeline p = Pipeline.create();
        assertTrue(p.isEmpty());

        IllegalStateException e = assertThrows(IllegalStateException.class, p::toDag);

        assertTrue(e.getMessage().startsWith("the pipeline has no sink: end each branch with writeTo(sink)"), e.getMessage());
    }

    @Test
    void when_noSink_then_errorSaysSo() {
        Pipeline p = Pipeline.create();
        p.readFrom(TestSources.items(1)).map(i -> i);

        IllegalStateException e = assertThrows(IllegalStateException.class, p::toDag);

        assertEquals("the pipeline has no sink: end each branch with writeTo(sink)", e.getMessage());
    }

    @Test
    void when_danglingStage_then_errorNamesIt() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));
        src.writeTo(TestSinks.collecting());
        src.filter(i -> i > 0).map(i -> i).setName("enrich");

        IllegalStateException e = assertThrows(IllegalStateException.class, p::toDag);

        assertEquals("stage 'enrich' (and its branch) has no sink: add writeTo(..) after it or remove it", e.getMessage());
    }

    static final class NotSerializable {
        int value = 1;
    }

    @Test
    void when_lambdaCapturesNonSerializable_then_errorNamesParameterWhenStageAdded() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));
        NotSerializable captured = new NotSerializable();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> src.map(i -> i + captured.value));

        assertTrue(e.getMessage().startsWith("mapFn is not serializable"), e.getMessage());
        assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> src.filter(i -> i > captured.value), "filterFn");
        IllegalArgumentException keyError = assertThrows(IllegalArgumentException.class,
                () -> src.groupingKey(i -> captured.value));
        assertTrue(keyError.getMessage().startsWith("keyFn is not serializable"), keyError.getMessage());
    }

    @Test
    void when_nullFunction_then_errorNamesParameter() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));

        assertEquals("mapFn must not be null", assertThrows(NullPointerException.class, () -> src.map(null)).getMessage());
        assertEquals("filterFn must not be null", assertThrows(NullPointerException.class, () -> src.filter(null)).getMessage());
        assertEquals("flatMapFn must not be null",
                assertThrows(NullPointerException.class, () -> src.flatMap(null)).getMessage());
        assertEquals("aggrOp must not be null", assertThrows(NullPointerException.class, () -> src.aggregate(null)).getMessage());
        assertEquals("comparator must not be null", assertThrows(NullPointerException.class, () -> src.sort(null)).getMessage());
        assertEquals("sink must not be null", assertThrows(NullPointerException.class, () -> src.writeTo(null)).getMessage());
        assertEquals("other must not be null", assertThrows(NullPointerException.class, () -> src.merge(null)).getMessage());
        assertEquals("source must not be null", assertThrows(NullPointerException.class, () -> p.readFrom((io.sluice.engine.pipeline.BatchSource<Object>) null)).getMessage());
        assertThrows(NullPointerException.class, () -> src.mapUsingService(null, (s, i) -> i));
        assertThrows(NullPointerException.class, () -> src.groupingKey((FunctionEx<Integer, Object>) null));
        assertTrue(p.toString().contains("SourceTransform"), "nothing was added by the failed calls: " + p);
    }

    @Test
    void when_stageFromAnotherPipeline_then_errorNamesStage() {
        Pipeline p1 = Pipeline.create();
        Pipeline p2 = Pipeline.create();
        BatchStage<Integer> mine = p1.readFrom(TestSources.items(1));
        BatchStage<Integer> theirs = p2.readFrom(TestSources.items(2)).setName("other-source");

        IllegalArgumentException merge = assertThrows(IllegalArgumentException.class, () -> mine.merge(theirs));
        IllegalArgumentException join = assertThrows(IllegalArgumentException.class,
                () -> mine.hashJoin(theirs, JoinClause.onKeys(i -> i, i -> i), (a, b) -> a));

        assertTrue(merge.getMessage().startsWith("stage 'other-source' belongs to another pipeline"), merge.getMessage());
        assertTrue(join.getMessage().startsWith("stage 'other-source' belongs to another pipeline"), join.getMessage());
    }

    @Test
    void when_badParallelism_then_rejected() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));
        BatchStage<Integer> mapped = src.map(i -> i);

        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> mapped.setLocalParallelism(0));
        assertThrows(IllegalArgumentException.class, () -> mapped.setLocalParallelism(-2));
        assertEquals("localParallelism of stage 'map' must be positive or -1 (default: one per core), but was 0", zero.getMessage());
        IllegalArgumentException sort = assertThrows(IllegalArgumentException.class, () -> src.sort().setLocalParallelism(4));
        assertTrue(sort.getMessage().contains("can only be 1 or -1, but was 4"), sort.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> src.aggregate(TestAggregateOps.counting()).setLocalParallelism(2));
        assertThrows(IllegalArgumentException.class, () -> src.rebalance().setLocalParallelism(2));
    }

    @Test
    void when_blankName_then_rejected() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));

        assertEquals("name must not be blank", assertThrows(IllegalArgumentException.class, () -> src.setName(" ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> src.customTransform("", ctx -> null));
    }

    @Test
    void when_sinkNotPlannable_then_rejected() {
        Pipeline p = Pipeline.create();
        BatchStage<Integer> src = p.readFrom(TestSources.items(1));
        Sink<Integer> custom = () -> "mine";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> src.writeTo(custom));

        assertTrue(e.getMessage().startsWith("sink 'mine'"), e.getMessage());
    }

    @Test
    void when_nonSerializableItemsInTestSource_then_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestSources.items(new NotSerializable()));

        assertTrue(e.getMessage().contains("item 0 is a " + NotSerializable.class.getName()), e.getMessage());
    }
}
