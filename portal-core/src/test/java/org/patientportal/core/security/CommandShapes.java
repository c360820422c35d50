package org.patientportal.core.security;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Portal;
import org.patientportal.core.TextRule;
import org.patientportal.core.internal.Validation;

/**
 * The shapes of the commands of the public API, found by reflection, for the IN-2 input tests: every
 * record parameter of every public method of every capability interface (as
 * {@link AccessMatrixSuite#capabilities()} finds them) whose type lives in an API package of core,
 * and every {@code String} or date/time "leaf" inside it (components, list and set elements, map
 * keys and values, nested records). A command is built with plausible defaults everywhere but one
 * leaf, so the violations of that leaf can be looked for.
 */
final class CommandShapes {
    /** The types a temporal leaf has. */
    static final Set<Class<?>> TEMPORAL = Set.of(LocalDate.class, LocalDateTime.class, Instant.class,
            LocalTime.class, Duration.class, ZonedDateTime.class, OffsetDateTime.class);
    /** The placeholder of a map key in a leaf's path, replaced by the escaped key. */
    static final String KEY = "#";
    /** The key every built map holds when the leaf is not the key. */
    static final String PLAIN_KEY = "k";

    private CommandShapes() {
    }

    /**
     * One leaf of a command parameter of an operation.
     *
     * @param method    the operation
     * @param parameter the index of the command parameter
     * @param path      the leaf's path as the command's violations name it, {@link #KEY} for a map key
     * @param type      the leaf's class
     * @param form      the text rule form of a String leaf
     */
    record Leaf(Method method, int parameter, String path, Class<?> type, TextRule.Form form) {
        /** The path a violation of this leaf names when {@code value} is there. */
        String expectedPath(Object value) {
            String prefix = method.getParameterTypes()[parameter] == PageRequest.class ? "page." : "";
            return prefix + path.replace("<K>[" + KEY + "]", "<K>[" + Validation.pathKey(String.valueOf(value)) + "]");
        }

        @Override
        public String toString() {
            return AccessMatrixSuite.name(method) + " " + path;
        }
    }

    /** Every public operation of every capability. */
    static List<Method> operations() {
        List<Method> out = new ArrayList<>();
        for (Class<?> capability : AccessMatrixSuite.capabilities()) {
            Arrays.stream(capability.getMethods())
                    .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isDefault())
                    .sorted(Comparator.comparing(AccessMatrixSuite::name))
                    .forEach(out::add);
        }
        return out;
    }

    /** Whether a parameter type is a command (or query, or page request) record of the API. */
    static boolean isCommand(Class<?> type) {
        String name = type.getPackageName();
        return type.isRecord() && (name.equals("org.patientportal.core") || name.startsWith("org.patientportal.core."))
                && !name.startsWith("org.patientportal.core.internal");
    }

    /** Every leaf of every command parameter of every operation. */
    static List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        for (Method method : operations()) {
            Type[] types = method.getGenericParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (isCommand(method.getParameterTypes()[i])) {
                    leaves(method, i, types[i], "", TextRule.Form.SINGLE_LINE, out, 0);
                }
            }
        }
        return out;
    }

    private static void leaves(Method method, int parameter, Type type, String path, TextRule.Form form,
                               List<Leaf> out, int depth) {
        Class<?> raw = raw(type);
        if (depth > 8) {
            throw new AssertionError("command nested too deeply at " + path);
        }
        if (raw == String.class || TEMPORAL.contains(raw)) {
            out.add(new Leaf(method, parameter, path, raw, form));
        } else if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                TextRule rule = c.getAnnotation(TextRule.class);
                leaves(method, parameter, c.getGenericType(), path.isEmpty() ? c.getName() : path + "." + c.getName(),
                        rule == null ? TextRule.Form.SINGLE_LINE : rule.value(), out, depth + 1);
            }
        } else if (List.class.isAssignableFrom(raw) || Optional.class == raw) {
            leaves(method, parameter, argument(type, 0), path + (raw == Optional.class ? "" : "[0]"), form, out, depth + 1);
        } else if (Collection.class.isAssignableFrom(raw)) {
            leaves(method, parameter, argument(type, 0), path + "[]", form, out, depth + 1);
        } else if (Map.class.isAssignableFrom(raw)) {
            leaves(method, parameter, argument(type, 0), path + "<K>[" + KEY + "]", TextRule.Form.SINGLE_LINE, out, depth + 1);
            leaves(method, parameter, argument(type, 1), path + "[" + PLAIN_KEY + "]", form, out, depth + 1);
        }
    }

    /** The arguments of {@code method}: {@code value} at the leaf, defaults elsewhere, the actor and patient given. */
    static Object[] arguments(Method method, Leaf leaf, Object value, Actor actor, Object patient) {
        Type[] types = method.getGenericParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> raw = method.getParameterTypes()[i];
            if (raw == Actor.class) {
                args[i] = actor;
            } else if (raw == patient.getClass()) {
                args[i] = patient;
            } else if (leaf != null && leaf.parameter() == i) {
                args[i] = build(types[i], "", leaf.path(), value);
            } else {
                args[i] = build(types[i], "", null, null);
            }
        }
        return args;
    }

    /** A value of {@code type} at {@code path}: {@code value} if the path is the target, else a default. */
    static Object build(Type type, String path, String target, Object value) {
        if (path.equals(target)) {
            return value;
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return "x";
        } else if (raw == int.class || raw == Integer.class) {
            return 1;
        } else if (raw == long.class || raw == Long.class) {
            return 1L;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return false;
        } else if (raw == double.class || raw == Double.class) {
            return 1.0;
        } else if (raw == BigDecimal.class) {
            return BigDecimal.ONE;
        } else if (raw == UUID.class) {
            return UUID.randomUUID();
        } else if (raw.isEnum()) {
            return raw.getEnumConstants()[0];
        } else if (raw == LocalDate.class) {
            return LocalDate.of(2026, 3, 10);
        } else if (raw == LocalDateTime.class) {
            return LocalDateTime.of(2026, 3, 10, 9, 0);
        } else if (raw == Instant.class) {
            return Instant.parse("2026-03-01T09:00:00Z");
        } else if (raw == LocalTime.class) {
            return LocalTime.of(9, 0);
        } else if (raw == Duration.class) {
            return Duration.ofMinutes(30);
        } else if (raw == Period.class) {
            return Period.ofDays(1);
        } else if (raw == ZoneOffset.class) {
            return ZoneOffset.UTC;
        } else if (raw == ZoneId.class) {
            return ZoneOffset.UTC;
        } else if (raw == ZonedDateTime.class) {
            return ZonedDateTime.of(2026, 3, 10, 9, 0, 0, 0, ZoneOffset.UTC);
        } else if (raw == OffsetDateTime.class) {
            return OffsetDateTime.of(2026, 3, 10, 9, 0, 0, 0, ZoneOffset.UTC);
        } else if (raw == Optional.class) {
            return Optional.of(build(argument(type, 0), path, target, value));
        } else if (List.class.isAssignableFrom(raw)) {
            return List.of(build(argument(type, 0), path + "[0]", target, value));
        } else if (Collection.class.isAssignableFrom(raw)) {
            return Set.of(build(argument(type, 0), path + "[]", target, value));
        } else if (Map.class.isAssignableFrom(raw)) {
            return Map.of(build(argument(type, 0), path + "<K>[" + KEY + "]", target, value),
                    build(argument(type, 1), path + "[" + PLAIN_KEY + "]", target, value));
        } else if (raw.isRecord()) {
            RecordComponent[] components = raw.getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = build(components[i].getGenericType(),
                        path.isEmpty() ? components[i].getName() : path + "." + components[i].getName(), target, value);
            }
            try {
                Constructor<?> canonical = raw.getDeclaredConstructor(Arrays.stream(components)
                        .map(RecordComponent::getType).toArray(Class<?>[]::new));
                canonical.setAccessible(true);
                return canonical.newInstance(values);
            } catch (InvocationTargetException e) {
                throw new AssertionError("cannot build " + raw.getName() + " at " + path + ": " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot build " + raw.getName(), e);
            }
        }
        throw new AssertionError("add a default for " + type.getTypeName() + " to CommandShapes.build (at "
                + (path.isEmpty() ? "a parameter" : path) + ")");
    }

    /** The readable list of leaves, for a non-vacuity assertion. */
    static Set<String> names(List<Leaf> leaves) {
        return leaves.stream().map(l -> l.method().getDeclaringClass().getSimpleName() + "." + l.method().getName()
                + " " + l.path()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new AssertionError("unsupported type " + type);
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            if (arg instanceof java.lang.reflect.WildcardType w) {
                return w.getUpperBounds()[0];
            }
            return arg;
        }
        throw new AssertionError("raw container type " + type);
    }

    /** Calls {@code method} of its capability of {@code portal}: what it threw, or null if it returned. */
    static Throwable invoke(Portal portal, Method method, Object[] args) {
        Object capability = null;
        for (Method accessor : Portal.class.getMethods()) {
            if (accessor.getParameterCount() == 0 && accessor.getReturnType() == method.getDeclaringClass()) {
                try {
                    capability = accessor.invoke(portal);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        if (capability == null) {
            throw new AssertionError("no accessor of Portal for " + method.getDeclaringClass());
        }
        try {
            method.invoke(capability, args);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
