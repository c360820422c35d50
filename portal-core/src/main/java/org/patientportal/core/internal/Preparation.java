package org.patientportal.core.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.patientportal.model.AccountId;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.PatientId;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;
import org.patientportal.spi.storage.PortalStorage;

/**
 * What a portal readies while it is built so that its first requests do not pay for it inside
 * them: the classes of the storage model (every record, id and enum the storage ports take or
 * give, loaded and initialised once per JVM; the ids' generated {@code equals} and {@code hashCode}
 * linked), and one pass through the plumbing every use case
 * runs: an audit event linked to an empty head and hashed, an idempotency fingerprint, an outbox
 * payload, a timestamp's text. Pure: it reads and writes no storage, audits, logs and sends
 * nothing, and discards what it computes; only {@code build()} takes longer.
 */
public final class Preparation {
    private Preparation() {
    }

    /** The model's classes, initialised on first use of this holder: once per JVM. */
    private static final class Model {
        static final Set<Class<?>> CLASSES = initialise(PortalStorage.class);
    }

    /**
     * Readies the plumbing of {@code context} (and, the first time in a JVM, the model's classes).
     *
     * @param context the portal's context, whose keys and clock stay as they are
     * @return how many model classes are ready
     */
    public static int prepare(PortalContext context) {
        int classes = Model.CLASSES.size();
        AuditActor actor = AuditActors.account(AccountId.newId());
        context.audit().draft(Audited.success(PatientId.newId(), actor, AuditAction.CREATE, "preparation",
                AppointmentId.newId().toString()));
        context.idempotency().fingerprint(SlotId.newId(), VisitTypeId.newId());
        AuditChain chain = AuditChain.of(PatientId.newId());   // a map key of every audited request
        chain.hashCode();
        chain.equals(chain);
        OutboxPayloads.object(Map.of("appointmentId", AppointmentId.newId().toString(), "start",
                Time.text(Instant.EPOCH)));
        return classes;
    }

    /**
     * Loads and initialises the SDK's classes reachable from {@code root}: the types in its methods'
     * signatures (type arguments included) and, for records, in their components, transitively.
     */
    static Set<Class<?>> initialise(Class<?> root) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Type> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType parameterized) {
                todo.add(parameterized.getRawType());
                todo.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (type instanceof GenericArrayType array) {
                todo.add(array.getGenericComponentType());
            } else if (type instanceof WildcardType wildcard) {
                todo.addAll(List.of(wildcard.getUpperBounds()));
            } else if (type instanceof Class<?> c) {
                Class<?> element = c.isArray() ? c.getComponentType() : c;
                if (element.getName().startsWith("org.patientportal.") && seen.add(element)) {
                    try {
                        Class.forName(element.getName(), true, element.getClassLoader());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException("a class in a signature cannot be loaded", e);
                    }
                    if (element.isInterface()) {
                        for (Method method : element.getMethods()) {
                            todo.add(method.getGenericReturnType());
                            todo.addAll(List.of(method.getGenericParameterTypes()));
                        }
                    } else if (element.isRecord()) {
                        RecordComponent[] components = element.getRecordComponents();
                        for (RecordComponent component : components) {
                            todo.add(component.getGenericType());
                        }
                        if (components.length == 1 && components[0].getType() == UUID.class) {
                            linkEquality(element);
                        }
                    }
                }
            }
        }
        return seen;
    }

    /**
     * Calls the generated {@code equals} and {@code hashCode} of an id record once, on a made-up id:
     * each links an invokedynamic bootstrap on its first call, which would otherwise be a first
     * request's (ids are compared and hashed in every one).
     */
    private static void linkEquality(Class<?> id) {
        try {
            Object sample = id.getConstructor(UUID.class).newInstance(new UUID(0, 1));
            sample.hashCode();
            sample.equals(sample);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("an id record cannot be made from a UUID: " + id.getSimpleName(), e);
        }
    }
}
