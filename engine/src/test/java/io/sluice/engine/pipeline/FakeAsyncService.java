package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test service whose calls complete on another executor after a random delay (0-400 µs), and
 * which counts its futures that have not completed yet: {@link #maxOutstanding} is the most that
 * were outstanding at once. Every instance created is registered in {@link #CREATED} (the DAG is
 * serialized before it runs, so tests reach instances through this static registry).
 */
final class FakeAsyncService {
    static final ScheduledExecutorService EXECUTOR = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-async-service");
        t.setDaemon(true);
        return t;
    });
    static final ConcurrentLinkedQueue<FakeAsyncService> CREATED = new ConcurrentLinkedQueue<>();

    final String vertex;
    final int instance;
    final AtomicInteger outstanding = new AtomicInteger();
    final AtomicInteger maxOutstanding = new AtomicInteger();
    final AtomicInteger maxListSize = new AtomicInteger();

    private FakeAsyncService(ProcessorContext ctx) {
        this.vertex = ctx.vertexName();
        this.instance = ctx.globalIndex();
    }

    static FakeAsyncService create(ProcessorContext ctx) {
        FakeAsyncService s = new FakeAsyncService(ctx);
        CREATED.add(s);
        return s;
    }

    /** A non-shared factory of this service. */
    static ServiceFactory<FakeAsyncService> factory() {
        return ServiceFactory.nonSharedService(FakeAsyncService::create);
    }

    /** A future completed with {@code value.get()} on the executor after a random delay. */
    <R> CompletableFuture<R> call(Supplier<R> value) {
        int now = outstanding.incrementAndGet();
        maxOutstanding.accumulateAndGet(now, Math::max);
        CompletableFuture<R> f = new CompletableFuture<>();
        EXECUTOR.schedule(() -> {
            R r;
            try {
                r = value.get();
            } catch (RuntimeException e) {
                outstanding.decrementAndGet();
                f.completeExceptionally(e);
                return;
            }
            outstanding.decrementAndGet();
            f.complete(r);
        }, ThreadLocalRandom.current().nextInt(400), TimeUnit.MICROSECONDS);
        return f;
    }

    /** Like {@link #call}, recording the size of a batched call's list. */
    <R> CompletableFuture<R> callList(List<?> items, Supplier<R> value) {
        maxListSize.accumulateAndGet(items.size(), Math::max);
        return call(value);
    }

    static int maxOutstandingOverAll() {
        return CREATED.stream().mapToInt(s -> s.maxOutstanding.get()).max().orElse(0);
    }
}
