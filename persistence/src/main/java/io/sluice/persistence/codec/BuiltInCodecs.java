package io.sluice.persistence.codec;

import io.sluice.engine.accumulator.DoubleAccumulator;
import io.sluice.engine.accumulator.LinTrendAccumulator;
import io.sluice.engine.accumulator.LongAccumulator;
import io.sluice.engine.accumulator.LongDoubleAccumulator;
import io.sluice.engine.accumulator.LongLongAccumulator;
import io.sluice.engine.accumulator.MutableReference;
import io.sluice.engine.accumulator.PickAnyAccumulator;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.TimestampedItem;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.Tuple4;
import io.sluice.engine.datamodel.Tuple5;
import io.sluice.engine.datamodel.WindowResult;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The hand-written codecs of the built-in type ids. The ids are part of the stored format:
 * never change or reuse one, only add new ones below {@link Codecs#FIRST_USER_TYPE_ID}.
 */
final class BuiltInCodecs {
    static final int NULL_ID = 0;

    private BuiltInCodecs() {
    }

    static void registerAll(Codecs c) {
        // 0: null (no codec, handled by Codecs)
        c.registerInternal(Boolean.class, 1, codec((v, out) -> out.writeBoolean(v), Input::readBoolean));
        c.registerInternal(Byte.class, 2, codec((v, out) -> out.writeByte(v), Input::readByte));
        c.registerInternal(Short.class, 3, codec((v, out) -> out.writeShort(v), Input::readShort));
        c.registerInternal(Character.class, 4, codec((v, out) -> out.writeShort(v), in -> (char) in.readShort()));
        c.registerInternal(Integer.class, 5, codec((v, out) -> out.writeVarLong(v), in -> (int) in.readVarLong()));
        c.registerInternal(Long.class, 6, codec((v, out) -> out.writeVarLong(v), Input::readVarLong));
        c.registerInternal(Float.class, 7, codec((v, out) -> out.writeFloat(v), Input::readFloat));
        c.registerInternal(Double.class, 8, codec((v, out) -> out.writeDouble(v), Input::readDouble));
        c.registerInternal(String.class, 9, codec((v, out) -> out.writeString(v), Input::readString));
        c.registerInternal(byte[].class, 10, codec((v, out) -> {
            out.writeVarInt(v.length);
            out.writeBytes(v, 0, v.length);
        }, in -> in.readBytes(in.readLength(1))));
        c.registerInternal(long[].class, 11, codec((v, out) -> {
            out.writeVarInt(v.length);
            for (long x : v) {
                out.writeVarLong(x);
            }
        }, in -> {
            long[] a = new long[in.readLength(1)];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readVarLong();
            }
            return a;
        }));
        c.registerInternal(int[].class, 12, codec((v, out) -> {
            out.writeVarInt(v.length);
            for (int x : v) {
                out.writeVarLong(x);
            }
        }, in -> {
            int[] a = new int[in.readLength(1)];
            for (int i = 0; i < a.length; i++) {
                a[i] = (int) in.readVarLong();
            }
            return a;
        }));
        c.registerInternal(double[].class, 13, codec((v, out) -> {
            out.writeVarInt(v.length);
            for (double x : v) {
                out.writeDouble(x);
            }
        }, in -> {
            double[] a = new double[in.readLength(8)];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readDouble();
            }
            return a;
        }));
        c.registerInternal(BigInteger.class, 14, codec(BuiltInCodecs::writeBigInteger, BuiltInCodecs::readBigInteger));
        registerDataModel(c);
        registerAccumulators(c);
        registerCollections(c);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerDataModel(Codecs c) {
        c.registerInternal((Class) Tuple2.class, 16, codec((Tuple2<?, ?> t, Output out) -> {
            out.writeObject(t.f0());
            out.writeObject(t.f1());
        }, in -> new Tuple2<>(in.readObject(), in.readObject())));
        c.registerInternal((Class) Tuple3.class, 17, codec((Tuple3<?, ?, ?> t, Output out) -> {
            out.writeObject(t.f0());
            out.writeObject(t.f1());
            out.writeObject(t.f2());
        }, in -> new Tuple3<>(in.readObject(), in.readObject(), in.readObject())));
        c.registerInternal((Class) Tuple4.class, 18, codec((Tuple4<?, ?, ?, ?> t, Output out) -> {
            out.writeObject(t.f0());
            out.writeObject(t.f1());
            out.writeObject(t.f2());
            out.writeObject(t.f3());
        }, in -> new Tuple4<>(in.readObject(), in.readObject(), in.readObject(), in.readObject())));
        c.registerInternal((Class) Tuple5.class, 19, codec((Tuple5<?, ?, ?, ?, ?> t, Output out) -> {
            out.writeObject(t.f0());
            out.writeObject(t.f1());
            out.writeObject(t.f2());
            out.writeObject(t.f3());
            out.writeObject(t.f4());
        }, in -> new Tuple5<>(in.readObject(), in.readObject(), in.readObject(), in.readObject(), in.readObject())));
        c.registerInternal((Class) KeyedResult.class, 20, codec((KeyedResult<?, ?> r, Output out) -> {
            out.writeObject(r.key());
            out.writeObject(r.value());
        }, in -> KeyedResult.of(in.readObject(), in.readObject())));
        c.registerInternal((Class) WindowResult.class, 21, codec((WindowResult<?> r, Output out) -> {
            out.writeVarLong(r.start());
            out.writeVarLong(r.end() - r.start());
            out.writeBoolean(r.isEarly());
            out.writeObject(r.result());
        }, in -> {
            long start = in.readVarLong();
            long end = start + in.readVarLong();
            boolean early = in.readBoolean();
            return new WindowResult<>(start, end, in.readObject(), early);
        }));
        c.registerInternal((Class) KeyedWindowResult.class, 22, codec((KeyedWindowResult<?, ?> r, Output out) -> {
            out.writeVarLong(r.start());
            out.writeVarLong(r.end() - r.start());
            out.writeBoolean(r.isEarly());
            out.writeObject(r.key());
            out.writeObject(r.result());
        }, in -> {
            long start = in.readVarLong();
            long end = start + in.readVarLong();
            boolean early = in.readBoolean();
            Object key = in.readObject();
            return new KeyedWindowResult<>(start, end, key, in.readObject(), early);
        }));
        c.registerInternal((Class) TimestampedItem.class, 23, codec((TimestampedItem<?> t, Output out) -> {
            out.writeVarLong(t.timestamp());
            out.writeObject(t.item());
        }, in -> new TimestampedItem<>(in.readVarLong(), in.readObject())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerAccumulators(Codecs c) {
        c.registerInternal(LongAccumulator.class, 24,
                codec((a, out) -> out.writeVarLong(a.get()), in -> new LongAccumulator(in.readVarLong())));
        c.registerInternal(DoubleAccumulator.class, 25,
                codec((a, out) -> out.writeDouble(a.get()), in -> new DoubleAccumulator(in.readDouble())));
        c.registerInternal(LongLongAccumulator.class, 26, codec((a, out) -> {
            out.writeVarLong(a.get1());
            out.writeVarLong(a.get2());
        }, in -> new LongLongAccumulator(in.readVarLong(), in.readVarLong())));
        c.registerInternal(LongDoubleAccumulator.class, 27, codec((a, out) -> {
            out.writeVarLong(a.getLong());
            out.writeDouble(a.getDouble());
        }, in -> new LongDoubleAccumulator(in.readVarLong(), in.readDouble())));
        c.registerInternal((Class) MutableReference.class, 28,
                codec((MutableReference<?> r, Output out) -> out.writeObject(r.get()),
                        in -> new MutableReference<>(in.readObject())));
        c.registerInternal((Class) PickAnyAccumulator.class, 29, codec((PickAnyAccumulator<?> a, Output out) -> {
            out.writeVarLong(a.count());
            out.writeObject(a.get());
        }, in -> {
            long count = in.readVarLong();
            if (count < 0) {
                throw new CodecException("corrupt PickAnyAccumulator: negative count " + count);
            }
            return new PickAnyAccumulator<>(in.readObject(), count);
        }));
        c.registerInternal(LinTrendAccumulator.class, 30, codec((a, out) -> {
            out.writeVarLong(a.count());
            writeBigInteger(a.sumX(), out);
            writeBigInteger(a.sumY(), out);
            writeBigInteger(a.sumXY(), out);
            writeBigInteger(a.sumX2(), out);
        }, in -> new LinTrendAccumulator(in.readVarLong(), readBigInteger(in), readBigInteger(in),
                readBigInteger(in), readBigInteger(in))));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerCollections(Codecs c) {
        c.registerInternal((Class) ArrayList.class, 32,
                collection(n -> new ArrayList<>(n)));
        c.registerInternal((Class) HashMap.class, 33, map(n -> new HashMap<>(capacity(n))));
        c.registerInternal((Class) HashSet.class, 34, collection(n -> new HashSet<>(capacity(n))));
        c.registerInternal((Class) TreeMap.class, 35, codec((SortedMap<Object, Object> m, Output out) -> {
            out.writeObject(m.comparator());
            writeEntries(m, out);
        }, in -> {
            TreeMap<Object, Object> m = new TreeMap<>((Comparator<Object>) in.readObject());
            readEntries(m, in.readLength(2), in);
            return m;
        }));
        c.registerInternal((Class) ArrayDeque.class, 36, collection(n -> new ArrayDeque<>(n)));
        c.registerInternal((Class) LinkedHashMap.class, 37, map(n -> new LinkedHashMap<>(capacity(n))));
        c.registerInternal((Class) LinkedHashSet.class, 38, collection(n -> new LinkedHashSet<>(capacity(n))));
    }

    private static int capacity(int n) {
        return (int) (n / 0.75f) + 1;
    }

    private static <C extends Collection<Object>> Codec<C> collection(IntFunction<C> factory) {
        return codec((C coll, Output out) -> {
            out.writeVarInt(coll.size());
            for (Object o : coll) {
                out.writeObject(o);
            }
        }, in -> {
            int n = in.readLength(1);
            C coll = factory.apply(n);
            for (int i = 0; i < n; i++) {
                coll.add(in.readObject());
            }
            return coll;
        });
    }

    private static <M extends Map<Object, Object>> Codec<M> map(IntFunction<M> factory) {
        return codec((M m, Output out) -> writeEntries(m, out), in -> {
            int n = in.readLength(2);
            M m = factory.apply(n);
            readEntries(m, n, in);
            return m;
        });
    }

    private static void writeEntries(Map<Object, Object> m, Output out) {
        out.writeVarInt(m.size());
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            out.writeObject(e.getKey());
            out.writeObject(e.getValue());
        }
    }

    private static void readEntries(Map<Object, Object> m, int n, Input in) {
        for (int i = 0; i < n; i++) {
            Object k = in.readObject();
            m.put(k, in.readObject());
        }
    }

    private static void writeBigInteger(BigInteger v, Output out) {
        if (v.bitLength() < 64) {
            out.writeByte(0);
            out.writeVarLong(v.longValue());
        } else {
            byte[] b = v.toByteArray();
            out.writeByte(1);
            out.writeVarInt(b.length);
            out.writeBytes(b, 0, b.length);
        }
    }

    private static BigInteger readBigInteger(Input in) {
        byte kind = in.readByte();
        if (kind == 0) {
            return BigInteger.valueOf(in.readVarLong());
        }
        if (kind != 1) {
            throw new CodecException("corrupt BigInteger: unknown kind " + kind + " at position " + (in.position() - 1));
        }
        int n = in.readLength(1);
        if (n == 0) {
            throw new CodecException("corrupt BigInteger: zero length at position " + in.position());
        }
        return new BigInteger(in.readBytes(n));
    }

    interface Writer<T> {
        void write(T value, Output out);
    }

    interface Reader<T> {
        T read(Input in);
    }

    static <T> Codec<T> codec(Writer<T> writer, Reader<T> reader) {
        return new Codec<>() {
            @Override
            public void write(T value, Output out) {
                writer.write(value, out);
            }

            @Override
            public T read(Input in) {
                return reader.read(in);
            }
        };
    }
}
