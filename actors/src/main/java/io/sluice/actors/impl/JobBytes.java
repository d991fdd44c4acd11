package io.sluice.actors.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * The job's DAG and config as bytes, for the journal's {@code JobSubmitted} event. They are user
 * objects (lambdas, suppliers), so Java serialization it is, once per submission and once per
 * execution start: never on a hot path.
 */
final class JobBytes {
    private JobBytes() {
    }

    static byte[] write(Serializable object, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the job's " + what + " is not serializable: something captures an object of "
                    + e.getMessage() + ", which is not Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the job's " + what + " could not be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static <T> T read(byte[] bytes, ClassLoader loader, String what) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (T) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("the job's " + what + " could not be read back (" + e + "): are the job's"
                    + " classes on this node's classpath, in the version that submitted it?", e);
        }
    }
}
