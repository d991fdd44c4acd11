package io.sluice.engine.datamodel;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.aggregate.AllOfAggregationBuilder;
import io.sluice.engine.function.BiConsumerEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowDefinition;

import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;

/**
 * The javadoc samples of this package (and of {@code AggregateOperation.accumulateFn(Tag)}),
 * verbatim, so that the build fails when one stops compiling. Never run.
 */
@SuppressWarnings("unused")
final class DatamodelSnippets {
    private DatamodelSnippets() {
    }

    record Trade(String symbol, long quantity) {
    }

    record Order(long amount) {
    }

    record Payment(long user) {
    }

    static void samples(StreamStage<Trade> trades, BatchStage<Order> orders, BatchStage<ItemsByTag> results,
                        Tag<Long> countTag0, Tag<Double> meanTag) {
        Tuple4<String, Integer, Long, Double> t4 = Tuple4.tuple4("a", 1, 2L, 3.0);
        Tuple5<String, Integer, Long, Double, Boolean> t5 = Tuple5.tuple5("a", 1, 2L, 3.0, true);

        StreamStage<WindowResult<Long>> counts = trades.window(WindowDefinition.tumbling(1_000)).aggregate(counting());
        counts.map(r -> r.end() + ": " + r.result());

        StreamStage<KeyedWindowResult<String, Long>> volumes = trades
                .groupingKey(Trade::symbol)
                .window(WindowDefinition.sliding(3_000, 1_000))
                .aggregate(summingLong(Trade::quantity));
        volumes.map(r -> r.key() + " " + r.result() + " until " + r.end());

        AllOfAggregationBuilder<Order> builder = AggregateOperations.allOfBuilder();
        Tag<Long> countTag = builder.add(AggregateOperations.counting());
        BatchStage<Long> orderCounts = orders.aggregate(builder.build()).map(itemsByTag -> itemsByTag.get(countTag));

        BatchStage<Tuple2<Long, Double>> countAndMean = results.map(ibt -> Tuple2.tuple2(ibt.get(countTag0), ibt.get(meanTag)));
        ItemsByTag ibt = ItemsByTag.itemsByTag(Tag.tag0(), "a", Tag.tag1(), 42L);
    }

    static <A> void accumulateByTag(AggregateOperation<A, ?> op) {
        BiConsumerEx<? super A, ? super Payment> accumulatePayment = op.accumulateFn(Tag.<Payment>tag1());
    }
}
