package io.sluice.engine.impl.pipeline;

import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.stream.JoinCondition;
import io.sluice.engine.impl.stream.StreamJoinP;

import java.util.List;

/**
 * A windowed or interval stream-to-stream join ({@code window(..).join(..)},
 * {@code intervalJoin(..)}): both inputs over partitioned edges by their join key (of the inner
 * item) -&gt; input 0 (left) and 1 (right) of one {@link StreamJoinP} vertex, whose instance owning
 * a key's partition holds that key's items. Stateless stages after it fuse into its vertex.
 */
final class StreamJoinTransform extends AbstractTransform {
    private final FunctionEx<?, ?> leftKeyFn;
    private final FunctionEx<?, ?> rightKeyFn;
    private final FunctionEx<?, ?> rightProjectFn;
    private final BiFunctionEx<?, ?, ?> mapFn;
    private final JoinCondition condition;
    private final boolean leftOuter;

    StreamJoinTransform(AbstractTransform left, AbstractTransform right, FunctionEx<?, ?> leftKeyFn,
                        FunctionEx<?, ?> rightKeyFn, FunctionEx<?, ?> rightProjectFn, BiFunctionEx<?, ?, ?> mapFn,
                        JoinCondition condition, boolean leftOuter) {
        super(leftOuter ? "stream-left-outer-join" : "stream-join", List.of(left, right));
        this.leftKeyFn = leftKeyFn;
        this.rightKeyFn = rightKeyFn;
        this.rightProjectFn = rightProjectFn;
        this.mapFn = mapFn;
        this.condition = condition;
        this.leftOuter = leftOuter;
        setTimestamped(true);
    }

    @Override
    long watermarkFrame() {
        return condition.watermarkFrame(); // a window join's windows end where watermarks fall
    }

    @Override
    void addToDag(Planner planner) {
        FunctionEx<?, ?> lk = TimestampedKeys.checked(leftKeyFn, name());
        FunctionEx<?, ?> rk = TimestampedKeys.checked(rightKeyFn, name());
        FunctionEx<?, ?> project = rightProjectFn;
        BiFunctionEx<?, ?, ?> fn = mapFn;
        JoinCondition cond = condition;
        boolean outer = leftOuter;
        ProcessorSupplier supplier = ctx -> new StreamJoinP(lk, rk, project, fn, cond, outer);
        Planner.PlannedVertex v = planner.addVertex(this, name(), localParallelism(), supplier,
                label(leftOuter ? "left-outer-join " + condition : "join " + condition));
        planner.connect(upstream().get(0), v, 0,
                Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(leftKeyFn, true, name())));
        planner.connect(upstream().get(1), v, 1,
                Planner.EdgeSpec.partitioned(TimestampedKeys.edgeKey(rightKeyFn, true, name())));
    }
}
