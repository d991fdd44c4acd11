package io.sluice.engine.pipeline;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.ConsumerEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.util.Util;

import java.io.Serializable;

/**
 * Says how the {@code ...UsingService} stages create and destroy a service object: once per
 * stage instance ({@link #nonSharedService}, for services that are not thread-safe) or once per
 * node and job, shared by the instances there ({@link #sharedService}, thread-safe services).
 *
 * <pre>{@code
 * ServiceFactory<HttpClient> http = ServiceFactory.sharedService(ctx -> HttpClient.newHttpClient());
 * }</pre>
 *
 * @param <S> service type
 */
public final class ServiceFactory<S> implements Serializable {
    private final FunctionEx<? super ProcessorContext, ? extends S> createFn;
    private final ConsumerEx<? super S> destroyFn;
    private final boolean shared;

    private ServiceFactory(FunctionEx<? super ProcessorContext, ? extends S> createFn, ConsumerEx<? super S> destroyFn,
                           boolean shared) {
        this.createFn = createFn;
        this.destroyFn = destroyFn;
        this.shared = shared;
    }

    /** One service per node and job, shared by all instances of the stage there; must be thread-safe. */
    public static <S> ServiceFactory<S> sharedService(FunctionEx<? super ProcessorContext, ? extends S> createFn) {
        Util.checkSerializable(createFn, "createFn");
        return new ServiceFactory<>(createFn, s -> { }, true);
    }

    /** One service per stage instance; used from one thread only. */
    public static <S> ServiceFactory<S> nonSharedService(FunctionEx<? super ProcessorContext, ? extends S> createFn) {
        Util.checkSerializable(createFn, "createFn");
        return new ServiceFactory<>(createFn, s -> { }, false);
    }

    /** Sets the function that releases the service when the job ends. */
    public ServiceFactory<S> withDestroyFn(ConsumerEx<? super S> destroyFn) {
        Util.checkSerializable(destroyFn, "destroyFn");
        return new ServiceFactory<>(createFn, destroyFn, shared);
    }

    public FunctionEx<? super ProcessorContext, ? extends S> createFn() {
        return createFn;
    }

    public ConsumerEx<? super S> destroyFn() {
        return destroyFn;
    }

    public boolean isShared() {
        return shared;
    }
}
