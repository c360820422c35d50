package org.patientportal.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (RFC 9562 version 7) for index locality, and strict parsing.
 *
 * <p>The 48-bit millisecond prefix comes from the system clock (ids are not business time and
 * never drive a rule); the 62 random bits from {@link SecureRandom}, drawn by each thread in blocks
 * of 256 bytes (one call of the shared generator, and its lock, per 32 ids instead of
 * one per id). Ids made by one JVM are strictly increasing, even within one millisecond.
 */
public final class Uuids {
    /**
     * The one order of ids in every paged list: UUIDs compared as 16 unsigned bytes, which is how
     * PostgreSQL and H2 order a {@code uuid} column and how the canonical lower-case strings sort.
     * ({@link UUID#compareTo} compares signed halves and disagrees for ids with a top bit set.)
     */
    public static final Comparator<UUID> UNSIGNED_ORDER = Uuids::compareUnsigned;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes of {@link #RANDOM} each thread draws at once. */
    private static final int RANDOM_BLOCK = 256;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final ThreadLocal<RandomBlock> BLOCKS = ThreadLocal.withInitial(RandomBlock::new);
    private static final AtomicLong LAST = new AtomicLong();

    private Uuids() {
    }

    /** A new version 7 UUID, greater than every one this JVM made before. */
    public static UUID timeOrdered() {
        // 48 bits of milliseconds followed by a 12-bit counter-ish sub-millisecond part, kept monotonic.
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(last + 1, now));
        long msb = (stamp << 4 & 0xFFFF_FFFF_FFFF_0000L) | 0x7000L | (stamp & 0x0FFFL);
        long lsb = (BLOCKS.get().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** A thread's block of bytes from {@link #RANDOM}, handed out eight at a time, each once. */
    private static final class RandomBlock {
        private final byte[] bytes = new byte[RANDOM_BLOCK];
        private int next = RANDOM_BLOCK;

        long nextLong() {
            if (next == RANDOM_BLOCK) {
                RANDOM.nextBytes(bytes);
                next = 0;
            }
            long value = (long) LONGS.get(bytes, next);
            next += Long.BYTES;
            return value;
        }
    }

    /**
     * Compares two UUIDs in {@link #UNSIGNED_ORDER}.
     *
     * @param a one id
     * @param b another id
     * @return negative, zero or positive as {@code a} is before, equal to or after {@code b}
     */
    public static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /**
     * Parses a canonical UUID string (36 characters, hex and dashes).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static UUID parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() != 36) {
            throw new IllegalArgumentException("not a UUID");
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!valid) {
                throw new IllegalArgumentException("not a UUID");
            }
        }
        return UUID.fromString(text);
    }
}
