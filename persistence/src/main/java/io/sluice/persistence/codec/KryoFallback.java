package io.sluice.persistence.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The Kryo fallback for values without a registered codec (user objects). Kryo writes the
 * class name with the object, so no registration is needed; classes without a no-arg
 * constructor are created through Objenesis, records through their canonical constructor.
 * References are tracked so that shared and cyclic object graphs survive a round trip.
 *
 * <p>One Kryo session spans a whole chunk: Kryo is reset when a chunk starts and ends, not per
 * value, so a class name is written once per chunk (later values of that class carry a small
 * id) and objects shared between values of a chunk stay shared. Decoding reads the values of a
 * chunk in the order they were written, so both sides assign the same ids.
 *
 * <p>Threading: a Kryo instance and its buffers are not thread-safe, so each {@link Codecs}
 * owns one {@code KryoFallback} and is itself confined to one thread.
 */
final class KryoFallback {
    private final Kryo kryo = new Kryo();
    private final com.esotericsoftware.kryo.io.Output kryoOut = new com.esotericsoftware.kryo.io.Output(1024, -1);
    private final com.esotericsoftware.kryo.io.Input kryoIn = new com.esotericsoftware.kryo.io.Input();

    KryoFallback() {
        kryo.setRegistrationRequired(false);
        kryo.setAutoReset(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader != null) {
            kryo.setClassLoader(loader);
        }
    }

    /** Starts or ends the Kryo session of one chunk: forgets class ids and references. */
    void reset() {
        kryo.reset();
    }

    void write(Object value, Output out) {
        kryoOut.reset();
        try {
            kryo.writeClassAndObject(kryoOut, value);
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException("cannot encode an instance of " + value.getClass().getName()
                    + ": it has no Sluice codec and the Kryo fallback failed (" + e + "). Register a codec with"
                    + " Codecs.register(" + value.getClass().getSimpleName() + ".class, id, codec) or make the"
                    + " class encodable by Kryo (plain fields, no lambdas or open resources)", e);
        }
        int len = kryoOut.position();
        out.writeVarInt(len);
        out.writeBytes(kryoOut.getBuffer(), 0, len);
        if (kryoOut.getBuffer().length > Codecs.MAX_RETAINED_BUFFER) {
            kryoOut.setBuffer(new byte[1024], -1);
        }
    }

    Object read(Input in) {
        int len = in.readLength(1);
        int start = in.position();
        kryoIn.setBuffer(in.buffer(), start, len);
        Object value;
        try {
            value = kryo.readClassAndObject(kryoIn);
        } catch (RuntimeException e) {
            throw new CodecException("cannot decode a Kryo-encoded value of " + len + " bytes at position " + start
                    + " (" + e + "); is the class on the class path, and unchanged since it was written?", e);
        }
        if (kryoIn.position() != start + len) {
            throw new CodecException("corrupt Kryo-encoded value at position " + start + ": read "
                    + (kryoIn.position() - start) + " of " + len + " bytes");
        }
        in.skip(len);
        return value;
    }
}
