package io.sluice.engine.aggregate;

import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.pipeline.BatchStage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sluice.engine.aggregate.AggregateOperations.allOf;
import static io.sluice.engine.aggregate.AggregateOperations.averagingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.averagingLong;
import static io.sluice.engine.aggregate.AggregateOperations.bottomN;
import static io.sluice.engine.aggregate.AggregateOperations.concatenating;
import static io.sluice.engine.aggregate.AggregateOperations.counting;
import static io.sluice.engine.aggregate.AggregateOperations.filtering;
import static io.sluice.engine.aggregate.AggregateOperations.mapping;
import static io.sluice.engine.aggregate.AggregateOperations.maxBy;
import static io.sluice.engine.aggregate.AggregateOperations.minBy;
import static io.sluice.engine.aggregate.AggregateOperations.pickAny;
import static io.sluice.engine.aggregate.AggregateOperations.reducing;
import static io.sluice.engine.aggregate.AggregateOperations.summingDouble;
import static io.sluice.engine.aggregate.AggregateOperations.summingLong;
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
