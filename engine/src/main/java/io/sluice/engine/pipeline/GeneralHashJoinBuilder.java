package io.sluice.engine.pipeline;

import io.sluice.engine.datamodel.ItemsByTag;
import io.sluice.engine.datamodel.Tag;
import io.sluice.engine.function.BiFunctionEx;

/**
 * Builds a hash join of a stage (the primary, streamed through) with any number of batch stages
 * (the build sides), as Jet's {@code hashJoinBuilder()}: {@link #add} registers a build side and
 * returns the {@link Tag} under which its match appears in the {@link ItemsByTag} given to the
 * output function; {@link #build} attaches the join stage.
 * <pre>{@code
 * HashJoinBuilder<Trade> b = trades.hashJoinBuilder();
 * Tag<Company> companyTag = b.add(companies, JoinClause.joinMapEntries(Trade::symbol));
 * Tag<Broker> brokerTag = b.add(brokers, JoinClause.joinMapEntries(Trade::brokerId));
 * BatchStage<String> out = b.build((trade, matches) ->
 *         trade + " " + matches.get(companyTag) + " " + matches.get(brokerTag));
 * }</pre>
 *
 * <p>Left outer join: a side without a match for an item contributes {@code null} under its tag;
 * a side with several matches (a duplicate key) gives one output per match, and several such
 * sides give one output per combination. A {@code null} output drops it. Each build side is read
 * in full before any primary item (its items are broadcast to every instance of the join).
 *
 * @param <T0> the type of the primary stage's items
 */
public interface GeneralHashJoinBuilder<T0> {

    /**
     * Adds a build side.
     *
     * @param stage      the build side; a batch stage of the same pipeline
     * @param joinClause how to key the primary item and the build item, and what to take of the build item
     * @return the tag of this side's match in the {@code ItemsByTag} of {@link #build}; the
     *         first side gets {@code Tag.tag1()}, the next {@code tag2()}, ... ({@code tag0} is the primary)
     */
    <K, T1_IN, T1> Tag<T1> add(BatchStage<T1_IN> stage, JoinClause<K, ? super T0, ? super T1_IN, ? extends T1> joinClause);

    /**
     * Attaches the join stage.
     *
     * @param mapToOutputFn stateless, serializable; gets the primary item and its matches by tag;
     *                      a {@code null} result drops the item
     * @return the newly attached stage
     * @throws IllegalStateException if no build side was added
     */
    <R> GeneralStage<R> build(BiFunctionEx<? super T0, ? super ItemsByTag, ? extends R> mapToOutputFn);
}
