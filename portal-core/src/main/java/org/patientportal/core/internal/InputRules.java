package org.patientportal.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.TextRule;

/**
 * The rules of IN-2 that hold for every command without an annotation per field, applied by
 * {@link Validation} to everything a command holds (its components, the elements of its lists and
 * sets, the keys and values of its maps, the records nested in them):
 * <ul>
 *   <li>the text rule of {@link TextRule} on every {@code String} (single-line unless the component
 *       says otherwise), so no text that a database refuses (NUL) or that forges a log line or a
 *       screen reaches storage;</li>
 *   <li>every date, date-time and instant within {@value #FIRST_DAY_TEXT} to
 *       {@value #LAST_DAY_TEXT} (UTC for instants), and every duration within
 *       {@value #MAX_DURATION_DAYS} days either way, so that no arithmetic of a use case on them
 *       (a zone, a slot length, a release delay) overflows into a JDK exception or past the
 *       9999-12-31 that SQL timestamp columns and drivers end at (PostgreSQL refused a slot
 *       opened at 9999-12-31 23:30 in UTC-12).</li>
 * </ul>
 */
public final class InputRules {
    /** The first day any date of a command may be (text form). */
    public static final String FIRST_DAY_TEXT = "1900-01-01";
    /** The last day any date of a command may be (text form). */
    public static final String LAST_DAY_TEXT = "8999-12-31";
    /** The first day any date of a command may be. */
    public static final LocalDate FIRST_DAY = LocalDate.parse(FIRST_DAY_TEXT);
    /** The last day any date of a command may be. */
    public static final LocalDate LAST_DAY = LocalDate.parse(LAST_DAY_TEXT);
    /** The longest duration of a command, either way, in days. */
    public static final long MAX_DURATION_DAYS = 3660;

    static final String DATE_RANGE = "must be between " + FIRST_DAY_TEXT + " and " + LAST_DAY_TEXT;
    static final String DURATION_RANGE = "must be at most " + MAX_DURATION_DAYS + " days either way";

    private static final LocalDateTime FIRST = FIRST_DAY.atStartOfDay();
    private static final LocalDateTime LAST = LAST_DAY.atTime(23, 59, 59, 999_999_999);
    private static final Duration MAX_DURATION = Duration.ofDays(MAX_DURATION_DAYS);
    private static final int MAX_DEPTH = 8;

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    /** Each record type's components, with their accessors as method handles (found once per type). */
    private static final ClassValue<Part[]> PARTS = new ClassValue<>() {
        @Override
        protected Part[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Part[] parts = new Part[components == null ? 0 : components.length];
            for (int i = 0; i < parts.length; i++) {
                TextRule rule = components[i].getAnnotation(TextRule.class);
                Method accessor = components[i].getAccessor();
                try {
                    accessor.setAccessible(true);
                } catch (RuntimeException e) {
                    // a public accessor of an exported type needs no more
                }
                MethodHandle getter;
                try {
                    getter = MethodHandles.lookup().unreflect(accessor).asType(GETTER);
                } catch (IllegalAccessException e) {
                    getter = null; // read reflectively, if at all
                }
                parts[i] = new Part(components[i].getName(), accessor, getter,
                        rule == null ? TextRule.Form.SINGLE_LINE : rule.value(), inert(components[i].getType(), 0));
            }
            return parts;
        }
    };

    /**
     * Whether no value of {@code type} can break a rule: a primitive or its box, a UUID, an enum, or a
     * record of such components only (an id), walked past without reading it.
     */
    private static boolean inert(Class<?> type, int depth) {
        if (type.isPrimitive() || type.isEnum() || type == UUID.class || type == Boolean.class
                || type == Character.class || type == Byte.class || type == Short.class || type == Integer.class
                || type == Long.class || type == Float.class || type == Double.class) {
            return true;
        }
        if (!type.isRecord() || depth > MAX_DEPTH) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (!inert(component.getType(), depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A record component: its name, its accessor (also as a method handle where core may have one),
     * its text form, and whether its values are {@linkplain #inert inert}.
     */
    private record Part(String name, Method accessor, @Nullable MethodHandle getter, TextRule.Form form,
                        boolean inert) {
        /** The component's value; throws if it cannot be read. */
        @Nullable
        Object read(Object record) throws Throwable {
            return getter != null ? (Object) getter.invokeExact(record) : accessor.invoke(record);
        }
    }

    private InputRules() {
    }

    /**
     * Whether a violation's message is one of these rules' (then a more specific violation on the
     * same path replaces it).
     *
     * @param message a violation's message
     * @return true if it is the text rule's or a range's message
     */
    public static boolean generic(String message) {
        return TextRule.MESSAGE.equals(message) || DATE_RANGE.equals(message) || DURATION_RANGE.equals(message);
    }

    /**
     * The violations of the rules above in {@code command}, each on its field's path
     * ({@code "name"}, {@code "diagnoses[0].code"}, {@code "channelsByKind<K>[key]"}).
     *
     * @param command a command (a record); other values give no violation
     * @param out     where the violations go
     */
    public static void check(@Nullable Object command, List<Violation> out) {
        if (command != null && command.getClass().isRecord()) {
            walkRecord(command, "", 0, out);
        }
    }

    /**
     * Whether {@code text} keeps the text rule in this form.
     *
     * @param text the text
     * @param form its form ({@link TextRule.Form#SECRET} keeps it always)
     * @return true if it does
     */
    public static boolean plain(String text, TextRule.Form form) {
        if (form == TextRule.Form.SECRET) {
            return true;
        }
        boolean lines = form == TextRule.Form.MULTI_LINE;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                return false;
            }
            if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
                if (!lines) {
                    return false;
                }
            } else if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return false;
            }
        }
        return true;
    }

    private static void walkRecord(Object record, String path, int depth, List<Violation> out) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (Part part : PARTS.get(record.getClass())) {
            if (part.inert()) {
                continue;
            }
            Object value;
            try {
                value = part.read(record);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                continue; // not readable: a type of the host's, outside the command records
            }
            walk(value, path.isEmpty() ? part.name() : path + "." + part.name(), part.form(), depth, out);
        }
    }

    private static void walk(@Nullable Object value, String path, TextRule.Form form, int depth,
                             List<Violation> out) {
        if (value == null) {
            return;
        }
        if (value instanceof String text) {
            if (!plain(text, form)) {
                out.add(new Violation(path, TextRule.MESSAGE));
            }
        } else if (value instanceof LocalDate date) {
            if (date.isBefore(FIRST_DAY) || date.isAfter(LAST_DAY)) {
                out.add(new Violation(path, DATE_RANGE));
            }
        } else if (value instanceof LocalDateTime dateTime) {
            dateTime(dateTime, path, out);
        } else if (value instanceof Instant instant) {
            if (instant.isBefore(FIRST.toInstant(ZoneOffset.UTC)) || instant.isAfter(LAST.toInstant(ZoneOffset.UTC))) {
                out.add(new Violation(path, DATE_RANGE));
            }
        } else if (value instanceof ZonedDateTime zoned) {
            dateTime(zoned.toLocalDateTime(), path, out);
        } else if (value instanceof OffsetDateTime offset) {
            dateTime(offset.toLocalDateTime(), path, out);
        } else if (value instanceof Duration duration) {
            if (duration.compareTo(MAX_DURATION) > 0 || duration.compareTo(MAX_DURATION.negated()) < 0) {
                out.add(new Violation(path, DURATION_RANGE));
            }
        } else if (value instanceof Optional<?> optional) {
            walk(optional.orElse(null), path, form, depth, out);
        } else if (value instanceof List<?> list) {
            int i = 0;
            for (Object element : list) {
                walk(element, path + "[" + i++ + "]", form, depth + 1, out);
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                walk(element, path + "[]", form, depth + 1, out);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = Validation.pathKey(String.valueOf(entry.getKey()));
                walk(entry.getKey(), path + "<K>[" + key + "]", TextRule.Form.SINGLE_LINE, depth + 1, out);
                walk(entry.getValue(), path + "[" + key + "]", form, depth + 1, out);
            }
        } else if (value.getClass().isRecord()) {
            walkRecord(value, path, depth + 1, out);
        }
    }

    private static void dateTime(LocalDateTime dateTime, String path, List<Violation> out) {
        if (dateTime.isBefore(FIRST) || dateTime.isAfter(LAST)) {
            out.add(new Violation(path, DATE_RANGE));
        }
    }
}
