package io.sluice.engine.impl.processor;

import io.sluice.engine.core.ProcessorContext;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traverser;

/**
 * Creates the steps of {@code mapUsingService}, {@code filterUsingService} and
 * {@code flatMapUsingService}. A {@linkplain ServiceFactory#isShared() shared} service is held
 * here, in a transient reference-counted holder: all instances of the vertex in this JVM use the
 * one service, created by the first instance's {@code init} and destroyed by the last
 * instance's {@code close}. A non-shared service is created and destroyed by each instance.
 */
public final class ServiceStepSupplier implements StepSupplier {
    /** What the step does with the function's result. */
    public enum Kind { MAP, FILTER, FLAT_MAP }

    private final ServiceFactory<Object> serviceFactory;
    private final Kind kind;
    private final Object fn;
    private transient Holder holder;

    @SuppressWarnings("unchecked")
    ServiceStepSupplier(ServiceFactory<?> serviceFactory, Kind kind, Object fn) {
        this.serviceFactory = (ServiceFactory<Object>) serviceFactory;
        this.kind = kind;
        this.fn = fn;
    }

    @Override
    public ItemProcessor get(ProcessorContext context) {
        return new ServiceStep(this);
    }

    private synchronized Holder holder() {
        if (holder == null) {
            holder = new Holder();
        }
        return holder;
    }

    /** The shared service of this vertex in this JVM, with its count of users. */
    static final class Holder {
        private Object service;
        private int users;

        synchronized Object acquire(ServiceFactory<Object> factory, ProcessorContext context) throws Exception {
            if (users == 0) {
                service = factory.createFn().applyEx(context);
            }
            users++;
            return service;
        }

        synchronized void release(ServiceFactory<Object> factory) throws Exception {
            if (--users == 0) {
                Object s = service;
                service = null;
                factory.destroyFn().acceptEx(s);
            }
        }
    }

    private static final class ServiceStep implements ItemProcessor {
        private final ServiceStepSupplier supplier;
        private final Kind kind;
        private final BiFunctionEx<Object, Object, Object> mapFn;
        private final BiPredicateEx<Object, Object> filterFn;
        private Emitter emitter;
        private Object service;
        private boolean acquired;

        @SuppressWarnings("unchecked")
        ServiceStep(ServiceStepSupplier supplier) {
            this.supplier = supplier;
            this.kind = supplier.kind;
            this.mapFn = kind == Kind.FILTER ? null : (BiFunctionEx<Object, Object, Object>) supplier.fn;
            this.filterFn = kind == Kind.FILTER ? (BiPredicateEx<Object, Object>) supplier.fn : null;
        }

        @Override
        public void init(Emitter emitter, ProcessorContext context) throws Exception {
            this.emitter = emitter;
            ServiceFactory<Object> factory = supplier.serviceFactory;
            service = factory.isShared() ? supplier.holder().acquire(factory, context) : factory.createFn().applyEx(context);
            acquired = true;
        }

        @Override
        public void processItem(Object item) throws Exception {
            switch (kind) {
                case MAP -> {
                    Object result = mapFn.applyEx(service, item);
                    if (result != null) {
                        emitter.emit(result);
                    }
                }
                case FILTER -> {
                    if (filterFn.testEx(service, item)) {
                        emitter.emit(item);
                    }
                }
                case FLAT_MAP -> {
                    Traverser<?> traverser = (Traverser<?>) mapFn.applyEx(service, item);
                    if (traverser != null) {
                        for (Object out; (out = traverser.next()) != null; ) {
                            emitter.emit(out);
                        }
                    }
                }
                default -> throw new AssertionError(kind);
            }
        }

        @Override
        public void close() throws Exception {
            if (!acquired) {
                return;
            }
            acquired = false;
            ServiceFactory<Object> factory = supplier.serviceFactory;
            if (factory.isShared()) {
                supplier.holder().release(factory);
            } else {
                factory.destroyFn().acceptEx(service);
            }
            service = null;
        }
    }
}
