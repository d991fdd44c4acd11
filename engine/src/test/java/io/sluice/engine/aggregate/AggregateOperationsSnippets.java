package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.Traversers;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation2;
import static io.sluice.engine.aggregate.AggregateOperations.aggregateOperation3;
import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.allOfBuilder;
import static io.sluice.engine.aggregate.AggregateOperations.averagingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.bottomN;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.filtering;
import static io.sluice.engine.aggregate.AggregateOperations.flatMapping;
import static io.sluice.engine.aggregate.AggregateOperations.groupingBy;
import static io.sluice.engine.aggregate.AggregateOperations.linearTrend;
import static io.sluice.engine.aggregate.AggregateOperations.mapping;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.minBy;
import static io.sluice.engine.aggregate.AggregateOperations.pickAny;
import static io.sluice.engine.aggregate.AggregateOperations.reducing;
import static io.sluice.engine.aggregate.AggregateOperations.sorting;
import static io.sluice.engine.aggregate.AggregateOperations.summingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
import static io.sluice.engine.aggregate.AggregateOperations.toCollection;
import static io.sluice.engine.aggregate.AggregateOperations.toCollector;
import static io.sluice.engine.aggregate.AggregateOperations.toList;
import static io.sluice.engine.aggregate.AggregateOperations.toMap;
import static io.sluice.engine.aggregate.AggregateOperations.toSet;
import static io.sluice.engine.aggregate.AggregateOperations.topN;

/**
 * The javadoc samples of this package, verbatim, so that the build fails when one stops compiling.
 * Never run: there are no stages here to run them on.
 */
@SuppressWarnings("unused")
final class AggregateOperationsSnippets {
    private AggregateOperationsSnippets() {
    }

    static void samples(BatchStage<String> words, BatchStage<String> distinctWords, BatchStage<String> lines,
                        BatchStage<Double> prices, BatchStage<Long> numbers) {
        BatchStage<KeyedResult<String, Long>> wordCounts = words.groupingKey(w -> w).aggregate(counting());
        BatchStage<Long> totalLength = words.aggregate(summingLong(String::length));
        BatchStage<Double> total = prices.aggregate(summingDouble(p -> p));
        BatchStage<KeyedResult<Character, Double>> meanLengthByInitial =
                words.groupingKey(w -> w.charAt(0)).aggregate(averagingLong(String::length));
        BatchStage<Double> meanPrice = prices.aggregate(averagingDouble(p -> p));
        BatchStage<String> shortest = words.aggregate(minBy((a, b) -> Integer.compare(a.length(), b.length())));
        BatchStage<String> longest = words.aggregate(maxBy((a, b) -> Integer.compare(a.length(), b.length())));
        BatchStage<KeyedResult<Integer, List<String>>> wordsByLength =
                words.groupingKey(String::length).aggregate(toList());
        BatchStage<KeyedResult<Character, Set<String>>> distinctWordsByInitial =
                words.groupingKey(w -> w.charAt(0)).aggregate(toSet());
        BatchStage<Map<String, Integer>> lengthByWord = distinctWords.aggregate(toMap(w -> w, String::length));
        BatchStage<Long> product = numbers.aggregate(reducing(1L, n -> n, (a, b) -> a * b, null));
        BatchStage<KeyedResult<Integer, String>> oneWordPerLength = words.groupingKey(String::length).aggregate(pickAny());
        BatchStage<Long> totalChars = lines.aggregate(mapping(String::length, summingLong(n -> n)));
        BatchStage<Long> errorCount = lines.aggregate(filtering(l -> l.startsWith("ERROR"), counting()));
        BatchStage<String> text = words.aggregate(concatenating());
        BatchStage<Tuple2<Long, Double>> countAndMean =
                numbers.aggregate(allOf(counting(), averagingLong(n -> n)));
        BatchStage<Tuple3<Long, Long, Long>> countMinMax =
                numbers.aggregate(allOf(counting(), minBy(ComparatorEx.naturalOrder()), maxBy(ComparatorEx.naturalOrder())));
        BatchStage<List<Long>> top10 = numbers.aggregate(topN(10, ComparatorEx.naturalOrder()));
        BatchStage<List<String>> shortest3 = words.aggregate(bottomN(3, (a, b) -> Integer.compare(a.length(), b.length())));
    }

    record Trade(String symbol, long timestamp, long quantity, long priceCents, double price) {
    }

    record Person(String country, int age) {
    }

    record Word(String language, String text) {
    }

    record Visit(long user) {
    }

    record Payment(long user) {
    }

    static void jetParitySamples(BatchStage<String> words, BatchStage<String> lines, BatchStage<Long> numbers,
                                 BatchStage<Trade> tradeBatch, StreamStage<Trade> trades, BatchStage<Person> people,
                                 BatchStage<Word> wordsWithLanguage, StreamStage<Visit> visits,
                                 StreamStage<Payment> payments, List<Long> numberList) {
        StreamStage<KeyedWindowResult<String, Double>> priceTrend = trades   // cents per millisecond
                .groupingKey(Trade::symbol)
                .window(WindowDefinition.sliding(60_000, 1_000))
                .aggregate(linearTrend(Trade::timestamp, Trade::priceCents));
        BatchStage<TreeSet<String>> sortedDistinctWords = words.aggregate(toCollection(TreeSet::new));
        BatchStage<List<String>> sortedWords = words.aggregate(sorting(ComparatorEx.naturalOrder()));
        BatchStage<Map<String, Long>> volumeBySymbol = tradeBatch.aggregate(toMap(Trade::symbol, Trade::quantity, Long::sum));
        BatchStage<TreeMap<String, Long>> sortedVolumeBySymbol =
                tradeBatch.aggregate(toMap(Trade::symbol, Trade::quantity, Long::sum, TreeMap::new));
        BatchStage<KeyedResult<String, Map<Character, List<String>>>> textsByLanguageAndInitial =
                wordsWithLanguage.groupingKey(Word::language).aggregate(mapping(Word::text, groupingBy(t -> t.charAt(0))));
        BatchStage<KeyedResult<String, Map<Integer, Long>>> countByCountryAndAge =
                people.groupingKey(Person::country).aggregate(groupingBy(Person::age, counting()));
        BatchStage<KeyedResult<String, TreeMap<Integer, Long>>> sortedCountByCountryAndAge =
                people.groupingKey(Person::country).aggregate(groupingBy(Person::age, TreeMap::new, counting()));
        BatchStage<Tuple2<Long, Long>> linesAndWords = lines.aggregate(allOf(
                counting(), flatMapping(l -> Traversers.traverseArray(l.split(" ")), counting())));
        BatchStage<String> csvLine = words.aggregate(concatenating(","));
        BatchStage<String> jsonArray = words.map(w -> '"' + w + '"').aggregate(concatenating(", ", "[", "]"));
        BatchStage<Long> range = numbers.aggregate(allOf(
                minBy(ComparatorEx.<Long>naturalOrder()), maxBy(ComparatorEx.<Long>naturalOrder()), (min, max) -> max - min));
        BatchStage<String> summary = numbers.aggregate(allOf(counting(), summingLong(n -> n), averagingLong(n -> n),
                (count, sum, mean) -> count + " numbers, sum " + sum + ", mean " + mean));

        AllOfAggregationBuilder<Long> builder = allOfBuilder();
        Tag<Long> countTag = builder.add(counting());
        Tag<Long> sumTag = builder.add(summingLong(n -> n));
        Tag<Long> minTag = builder.add(minBy(ComparatorEx.naturalOrder()));
        Tag<Long> maxTag = builder.add(maxBy(ComparatorEx.naturalOrder()));
        BatchStage<String> stats = numbers.aggregate(builder.build())
                .map(ibt -> ibt.get(countTag) + " numbers in [" + ibt.get(minTag) + ", " + ibt.get(maxTag) + "]");

        AggregateOperation<Tuple2<LongAccumulator, LongAccumulator>, Tuple2<Long, Long>> visitsAndPayments =
                aggregateOperation2(counting(), counting());
        StreamStage<KeyedWindowResult<Long, Double>> visitsPerPayment = visits.groupingKey(Visit::user)
                .window(WindowDefinition.tumbling(60_000))
                .aggregate2(payments.groupingKey(Payment::user),
                        aggregateOperation2(counting(), counting(), (v, p) -> (double) v / p));
        AggregateOperation<Tuple3<LongAccumulator, LongAccumulator, LongAccumulator>, Tuple3<Long, Long, Long>> counts =
                aggregateOperation3(counting(), counting(), counting());
        AggregateOperation<?, String> funnel = aggregateOperation3(counting(), counting(), counting(),
                (visitCount, carts, paymentCount) -> visitCount + " > " + carts + " > " + paymentCount);
        Tuple2<Long, Double> countAndMean = numberList.stream()
                .collect(toCollector(allOf(counting(), averagingLong((Long n) -> n))));
    }

    static void allOfBuilderSamples(BatchStage<Trade> trades) {
        AllOfAggregationBuilder<Trade> builder = allOfBuilder();
        Tag<Long> countTag = builder.add(counting());
        Tag<Long> volumeTag = builder.add(summingLong(Trade::quantity));
        Tag<Trade> lastTag = builder.add(maxBy((a, b) -> Long.compare(a.timestamp(), b.timestamp())));
        Tag<Double> meanPriceTag = builder.add(averagingDouble(Trade::price));
        AggregateOperation1<Trade, Object[], ItemsByTag> stats = builder.build();

        trades.aggregate(stats).map(ibt -> ibt.get(countTag) + " trades, volume " + ibt.get(volumeTag));
        AggregateOperation1<Trade, Object[], String> summary =
                builder.build(ibt -> ibt.get(countTag) + " trades, volume " + ibt.get(volumeTag));
    }

    static void builderSamples() {
        AggregateOperation1<String, LongAccumulator, Long> totalLength = AggregateOperation
                .withCreate(LongAccumulator::new)
                .<String>andAccumulate((acc, s) -> acc.add(s.length()))
                .andCombine(LongAccumulator::add)
                .andDeduct(LongAccumulator::subtract)
                .andExportFinish(LongAccumulator::get);
        AggregateOperation1<Object, LongAccumulator, String> countText =
                AggregateOperations.counting().andThen(n -> n + " items");
        AggregateOperation1<String, List<String>, String> firstThree = AggregateOperation
                .<List<String>>withCreate(ArrayList::new)
                .<String>andAccumulate((list, s) -> {
                    if (list.size() < 3) {
                        list.add(s);
                    }
                })
                .andExportFinish(list -> String.join(",", list));
    }
}
