package io.sluice.engine.pipeline;

import io.sluice.engine.core.Dag;
import io.sluice.engine.impl.pipeline.PipelineImpl;

import java.io.Serializable;

/**
 * A job definition: sources, the stages they feed, and sinks. Build it with {@link #create()},
 * {@link #readFrom} and the stage methods, then submit it to a Sluice node, which plans it into a
 * {@link Dag} and runs it.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create();
 * p.readFrom(source)
 *  .flatMap(line -> Traversers.of(line.split("\\W+")))
 *  .groupingKey(w -> w)
 *  .aggregate(AggregateOperations.counting())
 *  .writeTo(sink);
 * }</pre>
 *
 * A pipeline is serializable; it is validated when planned (at least one sink, every stage ending
 * in a sink).
 */
public interface Pipeline extends Serializable {

    /** A new, empty pipeline. */
    static Pipeline create() {
        return new PipelineImpl();
    }

    /**
     * Starts a branch that reads a finite source.
     *
     * @param source the source
     * @return the source stage
     */
    <T> BatchStage<T> readFrom(BatchSource<? extends T> source);

    /**
     * Starts a branch that reads an unbounded source. Choose the event time on the returned stage
     * before attaching anything to it. A pipeline with a stream source runs until its job is
     * cancelled (or until every stream source ends, as test sources do).
     * <pre>{@code
     * StreamStage<Trade> trades = p.readFrom(tradeSource).withTimestamps(Trade::time, 100);
     * }</pre>
     *
     * @param source the source
     * @return the source stage
     */
    <T> StreamSourceStage<T> readFrom(StreamSource<? extends T> source);

    /**
     * Plans the pipeline into a DAG: fuses chains of stateless stages into one vertex, turns
     * keyed aggregations into accumulate -&gt; partitioned edge -&gt; combine.
     *
     * @throws IllegalStateException if the pipeline cannot run (no sink, a stage without a sink)
     */
    Dag toDag();

    /** Whether no stage has been added. */
    boolean isEmpty();
}
