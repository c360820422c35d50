package org.patientportal.core.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;

/**
 * Jakarta Validation of commands at the use-case boundary (IN-2), before anything is read or
 * written: every violation at once, with its field path. Hibernate Validator with the
 * {@link ParameterMessageInterpolator} (no expression language) and the injected clock for
 * {@code @Past} and friends, then the rules every command keeps without an annotation per field
 * ({@link InputRules}: the text rule, sane dates and durations). Messages never quote the value;
 * paths quote map keys only escaped and cut ({@link #pathKey}).
 */
public final class Validation {
    /** The most characters of a map key a path shows. */
    public static final int MAX_KEY = 40;
    private static final String CUT = "\u2026";

    /** The clock of the portal validating on this thread, for {@link PortalClock}. */
    private static final ThreadLocal<Clock> VALIDATING = new ThreadLocal<>();

    private final Clock clock;

    /**
     * The one validator factory of this JVM: its constraint metadata, read from annotations only, is
     * built once and shared by every portal, and so are its constraint validators (one set, where a
     * validator per portal clock would be re-created each time another portal validates). Its
     * temporal constraints read {@link PortalClock}: the validating portal's clock.
     */
    private static final class Shared {
        static final ValidatorFactory FACTORY = jakarta.validation.Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .clockProvider(() -> PortalClock.INSTANCE)
                .buildValidatorFactory();
        static final Validator VALIDATOR = FACTORY.getValidator();
    }

    /**
     * The clock of the portal whose {@link #violations} runs on this thread (the system clock
     * outside one): {@code @Past} and friends follow each portal's injected clock.
     */
    private static final class PortalClock extends Clock {
        static final PortalClock INSTANCE = new PortalClock();

        private static Clock current() {
            Clock validating = VALIDATING.get();
            return validating == null ? Clock.systemUTC() : validating;
        }

        @Override
        public ZoneId getZone() {
            return current().getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return current().withZone(zone);
        }

        @Override
        public Instant instant() {
            return current().instant();
        }

        @Override
        public long millis() {
            return current().millis();
        }
    }

    /**
     * Builds the validator.
     *
     * @param clock the injected clock, used by temporal constraints
     */
    public Validation(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Builds now what Hibernate Validator would otherwise build on the first validation of each kind
     * of command, inside that first request: the constraint metadata of every record a method of
     * {@code apis} takes, and of the records those hold (cascaded lists and maps), plus the
     * validation engine's own first use (one validation of a small record of this class). Reads
     * annotations only: no storage, no side effect; the cost moves to the first portal's build in
     * the JVM (the metadata is shared: later builds find it ready).
     *
     * @param apis the capability interfaces whose methods take the commands
     * @return the record types prepared
     */
    public Set<Class<?>> prepare(Collection<Class<?>> apis) {
        Set<Class<?>> records = new LinkedHashSet<>();
        for (Class<?> api : apis) {
            for (Method method : api.getMethods()) {
                for (Type parameter : method.getGenericParameterTypes()) {
                    collectRecords(parameter, records);
                }
            }
        }
        for (Class<?> type : records) {
            Shared.VALIDATOR.getConstraintsForClass(type);
        }
        violations(new EngineProbe("probe"));
        return records;
    }

    /**
     * Adds the records of this module in {@code type} (itself, its type arguments, array elements)
     * and in their components.
     */
    private static void collectRecords(Type type, Set<Class<?>> out) {
        if (type instanceof ParameterizedType parameterized) {
            collectRecords(parameterized.getRawType(), out);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collectRecords(argument, out);
            }
        } else if (type instanceof GenericArrayType array) {
            collectRecords(array.getGenericComponentType(), out);
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                collectRecords(c.getComponentType(), out);
            } else if (c.isRecord() && c.getName().startsWith("org.patientportal.core.") && out.add(c)) {
                for (RecordComponent component : c.getRecordComponents()) {
                    collectRecords(component.getGenericType(), out);
                }
            }
        }
    }

    /**
     * For each command type, its constraints as plain checks when they are all simple ones, else null
     * (see {@link PlainConstraints#of}).
     */
    private static final ClassValue<PlainConstraints> PLAIN = new ClassValue<>() {
        @Override
        protected PlainConstraints computeValue(Class<?> type) {
            return PlainConstraints.of(type);
        }
    };

    /** Whether commands of {@code type} that keep their constraints skip the engine (for tests). */
    static boolean checksPlainly(Class<?> type) {
        return PLAIN.get(type) != null;
    }

    /**
     * The constraints of a record whose every constraint is a {@code @NotNull}, or a {@code @Size} or
     * {@code @Pattern} (without flags) on a {@code String} component, in the default group, with no
     * class-level, cascaded or container-element constraint: checked here as Hibernate Validator's
     * own validators check them, so that a command that keeps them all skips the engine (whose
     * per-call set-up costs more than the checks). A command that breaks one goes through the engine,
     * which reports the violations with their messages and paths as ever.
     *
     * @param components each constrained component's accessor
     * @param checks     each component's checks
     */
    private record PlainConstraints(MethodHandle[] components, Check[][] checks) {
        /** One constraint. */
        private record Check(boolean notNull, int min, int max, java.util.regex.@Nullable Pattern pattern) {
            boolean holds(@Nullable Object value) {
                if (value == null) {
                    return !notNull;
                }
                if (notNull) {
                    return true;
                }
                String text = (String) value;
                return pattern != null ? pattern.matcher(text).matches()
                        : text.length() >= min && text.length() <= max;
            }
        }

        /** The plain constraints of {@code type}, or null if it has another kind (or is no record). */
        static @Nullable PlainConstraints of(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            BeanDescriptor bean = Shared.VALIDATOR.getConstraintsForClass(type);
            if (!bean.getConstraintDescriptors().isEmpty()) {
                return null;
            }
            Set<PropertyDescriptor> properties = bean.getConstrainedProperties();
            MethodHandle[] components = new MethodHandle[properties.size()];
            Check[][] checks = new Check[properties.size()][];
            int i = 0;
            for (PropertyDescriptor property : properties) {
                if (property.isCascaded() || !property.getConstrainedContainerElementTypes().isEmpty()) {
                    return null;
                }
                RecordComponent component = componentNamed(type, property.getPropertyName());
                if (component == null) {
                    return null;
                }
                List<Check> own = new ArrayList<>();
                for (ConstraintDescriptor<?> constraint : property.getConstraintDescriptors()) {
                    Check check = check(constraint, property.getElementClass());
                    if (check == null) {
                        return null;
                    }
                    own.add(check);
                }
                try {
                    components[i] = MethodHandles.publicLookup().unreflect(component.getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                } catch (IllegalAccessException e) {
                    return null;
                }
                checks[i++] = own.toArray(new Check[0]);
            }
            return new PlainConstraints(components, checks);
        }

        private static @Nullable RecordComponent componentNamed(Class<?> type, String name) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    return component;
                }
            }
            return null;
        }

        private static @Nullable Check check(ConstraintDescriptor<?> constraint, Class<?> valueType) {
            if (!constraint.getComposingConstraints().isEmpty()
                    || !constraint.getGroups().equals(Set.of(jakarta.validation.groups.Default.class))) {
                return null;
            }
            Annotation annotation = constraint.getAnnotation();
            if (annotation instanceof NotNull) {
                return new Check(true, 0, 0, null);
            }
            if (valueType != String.class) {
                return null;
            }
            if (annotation instanceof Size size) {
                return new Check(false, size.min(), size.max(), null);
            }
            if (annotation instanceof Pattern pattern && pattern.flags().length == 0) {
                return new Check(false, 0, 0, java.util.regex.Pattern.compile(pattern.regexp()));
            }
            return null;
        }

        /** Whether {@code command} keeps every constraint. */
        boolean hold(Object command) {
            for (int i = 0; i < components.length; i++) {
                Object value;
                try {
                    value = (Object) components[i].invokeExact(command);
                } catch (Throwable e) {
                    return false; // let the engine read it and report
                }
                for (Check check : checks[i]) {
                    if (!check.holds(value)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * A record with the commonest constraints, validated once by {@link #prepare} so that the
     * engine's first use is not a request's.
     */
    private record EngineProbe(@NotNull @Size(max = 8) @Pattern(regexp = "[a-z]+") String text) {
    }

    /**
     * The violations of {@code command}'s constraints, with field paths; a null command gives one
     * violation on {@code "command"}.
     */
    public List<Violation> violations(Object command) {
        if (command == null) {
            return List.of(new Violation("command", "must not be null"));
        }
        List<Violation> out = new ArrayList<>(2);
        Set<ConstraintViolation<Object>> found;
        PlainConstraints plain = PLAIN.get(command.getClass());
        if (plain != null && plain.hold(command)) {
            // every constraint holds: Hibernate Validator would find nothing
            InputRules.check(command, out);
            return out.isEmpty() ? List.of() : out.stream().distinct().toList();
        }
        Clock outer = VALIDATING.get();
        VALIDATING.set(clock);
        try {
            found = Shared.VALIDATOR.validate(command);
        } finally {
            if (outer == null) {
                VALIDATING.remove();
            } else {
                VALIDATING.set(outer);
            }
        }
        for (ConstraintViolation<Object> violation : found) {
            String path = path(violation.getPropertyPath());
            out.add(new Violation(path.isEmpty() ? "command" : path, violation.getMessage()));
        }
        InputRules.check(command, out);
        return out.isEmpty() ? List.of() : out.stream().distinct().toList();
    }

    /**
     * A map key or other user-supplied text as it may appear inside a violation's path: at most
     * {@value #MAX_KEY} characters (then cut, with {@code "…"}), every control character, line or
     * paragraph separator, unpaired surrogate, backslash and square bracket escaped as
     * <code>&#92;uXXXX</code>, so a path is one short line whatever the key (LG-2).
     *
     * @param key the key as given
     * @return the key as shown in paths
     */
    public static String pathKey(String key) {
        int end = key.length() <= MAX_KEY ? key.length() : key.offsetByCodePoints(0,
                Math.min(MAX_KEY, key.codePointCount(0, key.length())));
        StringBuilder out = new StringBuilder(end + 8);
        for (int i = 0; i < end; i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(key.charAt(i + 1));
            if (pair) {
                out.append(c).append(key.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\\' || c == '[' || c == ']'
                    || c == '\u2028' || c == '\u2029' || c == '\uFFFE' || c == '\uFFFF') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (end < key.length()) {
            out.append(CUT);
        }
        return out.toString();
    }

    /**
     * The text of a Hibernate Validator path: {@code name}, {@code diagnoses[0].code},
     * {@code channelsByKind<K>[key]} for a map key and {@code channelsByKind[key]} for its value,
     * keys through {@link #pathKey}.
     */
    private static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            String name = node.getName();
            boolean element = name != null && name.startsWith("<");
            if (node.isInIterable()) {
                if (node.getKind() == ElementKind.CONTAINER_ELEMENT && "<map key>".equals(name)) {
                    out.append("<K>");
                }
                Object key = node.getKey();
                out.append('[').append(node.getIndex() != null ? node.getIndex().toString()
                        : key != null ? pathKey(String.valueOf(key)) : "").append(']');
            }
            if (name != null && !element) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(name);
            }
        }
        return out.toString();
    }

    /**
     * Validates {@code command}.
     *
     * @throws InvalidRequestException with every violation if there is one
     */
    public void validate(Object command) {
        validate(command, List.of());
    }

    /**
     * Validates {@code command} and reports its violations together with {@code extra} ones found by
     * the caller (code format, password rules, ...).
     *
     * @throws InvalidRequestException with every violation if there is one
     */
    public void validate(Object command, List<Violation> extra) {
        List<Violation> all = new ArrayList<>(violations(command));
        all.addAll(extra);
        require(all);
    }

    /**
     * Throws if there is any violation.
     *
     * @throws InvalidRequestException with every violation, deduplicated (see {@link #concise}), sorted by path
     */
    public static void require(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(concise(violations));
        }
    }

    /**
     * The violations without duplicates, and without a violation of the rules every command keeps
     * ({@link InputRules}: text, date range) on a path that has a more specific one already (a code
     * format, a birth-date rule): one message per path says enough.
     */
    static List<Violation> concise(List<Violation> violations) {
        Set<String> specific = new HashSet<>();
        for (Violation v : violations) {
            if (!InputRules.generic(v.message())) {
                specific.add(v.path());
            }
        }
        return violations.stream().distinct()
                .filter(v -> !InputRules.generic(v.message()) || !specific.contains(v.path()))
                .toList();
    }
}
