package io.sluice.engine.pipeline;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.CoAggregateOperationBuilder;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation3;
import static io.sluice.engine.aggregate.AggregateOperations.coAggregateOperationBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;

/**
 * The javadoc samples of batch co-aggregation ({@link BatchStage}, {@link BatchStageWithKey}, the
 * aggregate builders, {@link CoAggregateOperationBuilder}), verbatim, so that the build fails when
 * one stops compiling. Never run.
 */
@SuppressWarnings("unused")
final class CoAggregationSnippets {
    private CoAggregationSnippets() {
    }

    record Visit(String user) {
    }

    record Cart(String user) {
    }

    record Payment(String user, long amount) {
    }

    static void batchStage(BatchStage<Visit> visits, BatchStage<Cart> carts, BatchStage<Payment> payments) {
        BatchStage<Double> paidPerVisit = visits.aggregate2(payments,
                aggregateOperation2(counting(), summingLong(Payment::amount), (v, p) -> (double) p / v));
        BatchStage<Tuple2<Long, Long>> visitsAndPaid =
                visits.aggregate2(counting(), payments, summingLong(Payment::amount));
        BatchStage<String> funnel = visits.aggregate3(carts, payments,
                aggregateOperation3(counting(), counting(), counting(), (v, c, p) -> v + " > " + c + " > " + p));
        BatchStage<Tuple3<Long, Long, Long>> counts =
                visits.aggregate3(counting(), carts, counting(), payments, summingLong(Payment::amount));
        {
            AggregateBuilder1<Visit> b = visits.aggregateBuilder();
            Tag<Payment> paymentIn = b.add(payments);
            BatchStage<Long> total = b.build(AggregateOperation.withCreate(LongAccumulator::new)
                    .<Visit>andAccumulate0((acc, v) -> acc.add(1))
                    .<Payment>andAccumulate1((acc, p) -> acc.add(p.amount()))
                    .andCombine(LongAccumulator::add)
                    .andExportFinish(LongAccumulator::get));
        }
        {
            AggregateBuilder<Long> b = visits.aggregateBuilder(counting());
            Tag<Long> paid = b.add(payments, summingLong(Payment::amount));
            BatchStage<String> summary = b.build(ibt -> ibt.get(b.tag0()) + " visits, " + ibt.get(paid) + " paid");
        }
    }

    static void aggregateBuilder(BatchStage<Visit> visits, BatchStage<Cart> carts, BatchStage<Payment> payments) {
        AggregateBuilder<Long> b = visits.aggregateBuilder(counting());
        Tag<Long> visitCount = b.tag0();
        Tag<Long> cartCount = b.add(carts, counting());
        Tag<Long> paid = b.add(payments, summingLong(Payment::amount));
        BatchStage<ItemsByTag> totals = b.build();
        BatchStage<Double> paidPerVisit = b.build(ibt -> (double) ibt.get(paid) / ibt.get(visitCount));
    }

    static void aggregateBuilder1(BatchStage<Visit> visits, BatchStage<Cart> carts, BatchStage<Payment> payments) {
        AggregateBuilder1<Visit> b = visits.aggregateBuilder();
        Tag<Visit> visitIn = b.tag0();
        Tag<Payment> paymentIn = b.add(payments);
        CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
        Tag<Long> visitCount = ops.add(visitIn, counting());
        Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
        BatchStage<ItemsByTag> totals = b.build(ops.build());
    }

    static void coAggregateOperationBuilderSnippets(BatchStage<Visit> visits, BatchStage<Cart> carts,
                                                    BatchStage<Payment> payments) {
        {
            AggregateBuilder1<Visit> b = visits.aggregateBuilder();
            Tag<Cart> cartIn = b.add(carts);
            Tag<Payment> paymentIn = b.add(payments);
            CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
            Tag<Long> visitCount = ops.add(b.tag0(), counting());
            Tag<Long> cartCount = ops.add(cartIn, counting());
            Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
            BatchStage<ItemsByTag> totals = b.build(ops.build());
        }
        {
            AggregateBuilder1<Visit> b = visits.aggregateBuilder();
            Tag<Payment> paymentIn = b.add(payments);
            CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
            Tag<Long> visitCount = ops.add(b.tag0(), counting());
            Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
            BatchStage<String> summary = b.build(ops.build(ibt -> ibt.get(visitCount) + " visits, " + ibt.get(paid) + " paid"));
        }
    }

    static void keyed(BatchStage<Visit> visits, BatchStage<Cart> carts, BatchStage<Payment> payments) {
        BatchStage<KeyedResult<String, Tuple2<Long, Long>>> perUser = visits.groupingKey(Visit::user)
                .aggregate2(payments.groupingKey(Payment::user),
                        aggregateOperation2(counting(), summingLong(Payment::amount)));
        BatchStage<KeyedResult<String, Tuple2<Long, Long>>> perUser2 = visits.groupingKey(Visit::user)
                .aggregate2(counting(), payments.groupingKey(Payment::user), summingLong(Payment::amount));
        BatchStage<KeyedResult<String, Tuple3<Long, Long, Long>>> funnel = visits.groupingKey(Visit::user)
                .aggregate3(carts.groupingKey(Cart::user), payments.groupingKey(Payment::user),
                        aggregateOperation3(counting(), counting(), counting()));
        visits.groupingKey(Visit::user).aggregate3(counting(), carts.groupingKey(Cart::user), counting(),
                payments.groupingKey(Payment::user), summingLong(Payment::amount));
        {
            GroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user).aggregateBuilder(counting());
            Tag<Long> paid = b.add(payments.groupingKey(Payment::user), summingLong(Payment::amount));
            BatchStage<KeyedResult<String, ItemsByTag>> perUser3 = b.build();
        }
        {
            GroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user).aggregateBuilder(counting());
            Tag<Long> visitCount = b.tag0();
            Tag<Long> paid = b.add(payments.groupingKey(Payment::user), summingLong(Payment::amount));
            BatchStage<KeyedResult<String, ItemsByTag>> perUser4 = b.build();
        }
        {
            GroupAggregateBuilder1<Visit, String> b = visits.groupingKey(Visit::user).aggregateBuilder();
            Tag<Payment> paymentIn = b.add(payments.groupingKey(Payment::user));
            CoAggregateOperationBuilder ops = coAggregateOperationBuilder();
            Tag<Long> visitCount = ops.add(b.tag0(), counting());
            Tag<Long> paid = ops.add(paymentIn, summingLong(Payment::amount));
            BatchStage<KeyedResult<String, ItemsByTag>> perUser5 = b.build(ops.build());
        }
    }
}
