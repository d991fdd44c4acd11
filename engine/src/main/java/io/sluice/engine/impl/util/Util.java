package io.sluice.engine.impl.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;

/** Argument checks shared by the public API. */
public final class Util {
    private Util() {
    }

    /**
     * Checks that {@code fn} can be serialized, so that a problem shows when the stage is added
     * rather than when the job starts.
     *
     * @throws IllegalArgumentException naming the parameter and what it captured
     */
    public static <T> T checkSerializable(T fn, String paramName) {
        Objects.requireNonNull(fn, () -> paramName + " must not be null");
        if (!(fn instanceof Serializable)) {
            throw new IllegalArgumentException(paramName + " is not serializable (" + fn.getClass().getName()
                    + "): use a lambda or a class implementing Serializable");
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(fn);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(paramName + " is not serializable: it captures an object of "
                    + e.getMessage() + ", which is not Serializable. Capture only serializable values "
                    + "(copy what you need into a local variable), or create the object inside the function", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(paramName + " is not serializable: " + e, e);
        }
        return fn;
    }

    /** Serializes and deserializes {@code obj}: a deep copy, as a remote node would see it. */
    @SuppressWarnings("unchecked")
    public static <T extends Serializable> T roundTrip(T obj) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(obj);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())) {
                @Override
                protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                    try {
                        return Class.forName(desc.getName(), false, Thread.currentThread().getContextClassLoader());
                    } catch (ClassNotFoundException e) {
                        return super.resolveClass(desc);
                    }
                }
            }) {
                return (T) in.readObject();
            }
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the job is not serializable: something captures an object of "
                    + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalArgumentException("the job could not be serialized: " + e, e);
        }
    }

    /** Checks a name is non-null and not blank. */
    public static String checkName(String name, String paramName) {
        Objects.requireNonNull(name, () -> paramName + " must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException(paramName + " must not be blank");
        }
        return name;
    }

    /** Rethrows any throwable unchecked (checked ones wrapped). */
    public static RuntimeException sneaky(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new RuntimeException(t);
    }
}
