package org.patientportal.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.patientportal.spi.storage.StorageException;

/** Small JDBC helpers: positional binding, typed reads, instants at microsecond precision. */
final class Sql {
    /** Largest page a keyset query returns. */
    static final int MAX_PAGE = 1000;
    /** The days {@link #timestamptz} writes: years 1 to 9999. */
    private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int TIMESTAMPTZ_LENGTH = "2026-12-06 16:29:45.123456+00".length();

    private Sql() {
    }

    /** Binds the parameters of one statement. */
    @FunctionalInterface
    interface Binder {
        void bind(Params params) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Checks a page size: 1 to {@value #MAX_PAGE}. */
    static int pageLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return limit;
    }

    /**
     * {@code " LIMIT n"} for a page of {@code limit} rows ({@link #pageLimit} checks it), written
     * into the statement, not bound. PostgreSQL plans a bound LIMIT as a tenth of the rows the other
     * conditions leave: once a table is large, the cached generic plan of a keyset page looks
     * dearer than one planned for the values at hand, and every execution is planned again (a
     * patient's history page: 2,001 plans in 2,000 reads at 10^6 rows, 0.068 ms a read instead of
     * 0.016; portal-benchmarks PageCost). With the number in the text the generic plan's cost no
     * longer rests on that guess; where the bound values still make a custom plan look cheaper (the
     * history page's cursor), the statement hides them too ({@link JdbcHealthHistory#pageSql}).
     * The driver keeps one parsed statement per page size in use.
     */
    static String limit(int limit) {
        return " LIMIT " + pageLimit(limit);
    }

    /**
     * The instant as stored: both databases keep microseconds, so every instant is truncated to
     * microseconds before it is written and what is read back equals what was written.
     */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }

    static LocalDate date(ResultSet row, String column) throws SQLException {
        return row.getObject(column, LocalDate.class);
    }

    /**
     * The elements of an array column of UUIDs. PostgreSQL's driver gives {@code UUID[]}, H2's an
     * {@code Object[]} of {@link UUID}s; both are read as objects.
     */
    static List<UUID> uuids(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return null;
        }
        try {
            Object[] values = (Object[]) array.getArray();
            List<UUID> result = new ArrayList<>(values.length);
            for (Object value : values) {
                result.add(value instanceof UUID uuid ? uuid : UUID.fromString(String.valueOf(value)));
            }
            return result;
        } finally {
            array.free();
        }
    }

    static <E extends Enum<E>> E enumValue(ResultSet row, String column, Class<E> type) throws SQLException {
        String value = row.getString(column);
        return value == null ? null : Enum.valueOf(type, value);
    }

    /**
     * A set of constants as stored: their names, comma separated, in declaration order (each once),
     * so that one set has one text and the schema's CHECKs can accept that canonical form only.
     * The empty set is the empty string.
     */
    static <E extends Enum<E>> String names(Set<E> values) {
        return values.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    /** Reads what {@link #names} wrote. */
    static <E extends Enum<E>> Set<E> enumSet(String names, Class<E> type, String what) {
        EnumSet<E> result = EnumSet.noneOf(type);
        if (names == null || names.isEmpty()) {
            return result;
        }
        for (String name : names.split(",", -1)) {
            try {
                result.add(Enum.valueOf(type, name));
            } catch (IllegalArgumentException e) {
                throw new StorageException("Could not read " + what + ": a stored value is not a known constant");
            }
        }
        return result;
    }

    /**
     * A test that {@code column} (a uuid) is one of {@code count} ids, bound by {@link Params#uuids}:
     * on PostgreSQL {@code column = ANY (CAST(? AS uuid[]))} (one statement text whatever the count),
     * elsewhere {@code column IN (?, ...)}.
     */
    static String anyId(String column, boolean postgres, int count) {
        return postgres ? column + " = ANY (CAST(? AS uuid[]))" : column + " IN (" + placeholders(count) + ")";
    }

    /** {@code count} parameter markers, comma separated: {@code ?, ?, ?}. */
    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * The text PostgreSQL reads as {@code instant} (already at microseconds) in a {@code timestamptz}:
     * {@code 2026-12-06 16:29:45.123456+00}; null for a year outside 1 to 9999 (bound as an
     * {@link OffsetDateTime} then).
     */
    static String timestamptz(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        int second = (int) Math.floorMod(seconds, 86_400L);
        if (day < MIN_DAY || day > MAX_DAY) {
            return null;
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        byte[] out = new byte[TIMESTAMPTZ_LENGTH];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = ' ';
        digits(out, 11, second / 3600, 2);
        out[13] = ':';
        digits(out, 14, second / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, second % 60, 2);
        out[19] = '.';
        digits(out, 20, instant.getNano() / 1000, 6);
        out[26] = '+';
        out[27] = '0';
        out[28] = '0';
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} as {@code width} decimal digits at {@code at}. */
    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Positional parameters of one prepared statement, bound in order. */
    static final class Params {
        private final PreparedStatement statement;
        private final boolean postgres;
        private int index;

        Params(PreparedStatement statement, boolean postgres) {
            this.statement = statement;
            this.postgres = postgres;
        }

        Params uuid(UUID value) throws SQLException {
            if (value == null) {
                statement.setNull(++index, Types.OTHER);
            } else {
                statement.setObject(++index, value);
            }
            return this;
        }

        /** The ids of an {@link Sql#anyId} test, in this statement's dialect. */
        Params uuids(List<UUID> values) throws SQLException {
            if (postgres) {
                return array("text", values.stream().map(UUID::toString).toArray(String[]::new));
            }
            for (UUID value : values) {
                uuid(value);
            }
            return this;
        }

        Params text(String value) throws SQLException {
            if (value == null) {
                statement.setNull(++index, Types.VARCHAR);
            } else {
                statement.setString(++index, value);
            }
            return this;
        }

        Params text(Enum<?> value) throws SQLException {
            return text(value == null ? null : value.name());
        }

        Params instant(Instant value) throws SQLException {
            if (value == null) {
                statement.setNull(++index, Types.TIMESTAMP_WITH_TIMEZONE);
                return this;
            }
            Instant stored = micros(value);
            String text = postgres ? timestamptz(stored) : null;
            if (text != null) {
                // untyped text, as pgJDBC binds a null timestamp (and a java.sql.Timestamp): the
                // server takes the type from where it stands; the driver's own OffsetDateTime
                // formatting costs several times as much
                statement.setObject(++index, text, Types.OTHER);
            } else {
                // as OffsetDateTime.ofInstant(.., UTC) answers, without the ZoneRules that JDK 17 makes per call
                statement.setObject(++index, OffsetDateTime.of(
                        LocalDateTime.ofEpochSecond(stored.getEpochSecond(), stored.getNano(), ZoneOffset.UTC), ZoneOffset.UTC));
            }
            return this;
        }

        Params date(LocalDate value) throws SQLException {
            if (value == null) {
                statement.setNull(++index, Types.DATE);
            } else {
                statement.setObject(++index, value);
            }
            return this;
        }

        Params bool(boolean value) throws SQLException {
            statement.setBoolean(++index, value);
            return this;
        }

        /**
         * An SQL array of {@code elementType} ("uuid", "text", "bigint"). PostgreSQL's driver builds
         * its literal from the elements; H2 ignores the type name and converts on assignment.
         */
        Params array(String elementType, Object[] values) throws SQLException {
            Array array = statement.getConnection().createArrayOf(elementType, values);
            statement.setArray(++index, array);
            return this;
        }

        Params integer(int value) throws SQLException {
            statement.setInt(++index, value);
            return this;
        }

        Params bigint(long value) throws SQLException {
            statement.setLong(++index, value);
            return this;
        }
    }
}
