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
            throw new CodecException(cannotEncode(value, e), e);
        }
        int len = kryoOut.position();
        out.writeVarInt(len);
        out.writeBytes(kryoOut.getBuffer(), 0, len);
        if (kryoOut.getBuffer().length > Codecs.MAX_RETAINED_BUFFER) {
            kryoOut.setBuffer(new byte[1024], -1);
        }
    }

    /**
     * The message for a value Kryo could not write. When the failure is inside a nested object (a
     * user's state held by an engine wrapper, a thread held by the user's state), Kryo's
     * serialization trace names the fields on the way: the message names the innermost field of a
     * class outside the JDK, the one the user can fix.
     */
    static String cannotEncode(Object value, Throwable e) {
        String top = value.getClass().getName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String field = null;
        String holder = null;
        String text = String.valueOf(e.getMessage());
        int trace = text.indexOf("Serialization trace:\n");
        if (trace >= 0) {
            // innermost first: "field (declaring class)"; the first class outside the JDK is the user's
            for (String line : text.substring(trace + "Serialization trace:\n".length()).lines().toList()) {
                int open = line.indexOf(" (");
                if (open > 0 && line.endsWith(")")) {
                    String cls = line.substring(open + 2, line.length() - 1);
                    if (!cls.startsWith("java.") && !cls.startsWith("javax.") && !cls.startsWith("jdk.")
                            && !cls.startsWith("sun.")) {
                        field = line.substring(0, open).trim();
                        holder = cls;
                        break;
                    }
                }
            }
        }
        String fix = holder == null ? top : holder;
        String simple = fix.substring(fix.lastIndexOf('.') + 1).replace('$', '.');
        return "cannot encode an instance of " + top
                + (holder == null ? "" : ": field '" + field + "' of " + holder + " cannot be written")
                + ": it has no Sluice codec and the Kryo fallback failed (" + root + "). Register a codec with"
                + " Codecs.register(" + simple + ".class, id, codec) or make " + fix + " encodable by Kryo (plain"
                + " fields, no threads, lambdas or open resources; Kryo skips transient fields)";
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
