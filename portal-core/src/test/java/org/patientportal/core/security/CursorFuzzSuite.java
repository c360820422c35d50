package org.patientportal.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Role;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.testing.PortalSuiteFixture;
import org.patientportal.model.PatientId;

/**
 * IN-2 and the cursor rule of {@code PageCursors}: every list operation of the public API (every
 * operation taking a {@link PageRequest}, found by reflection) is fed crafted cursors (random bytes,
 * text that is not base64, and valid base64 of {@code p1|<list>|<fields>} for each list name of
 * its capability with 1 to 4 fields of extreme instants, numbers past {@code long}, extreme UUIDs
 * and texts with NUL) and answers with a page or an {@link InvalidRequestException}, never a JDK
 * exception or a storage failure. The list names are read from the implementation's constants, so a
 * list added later is fuzzed too.
 */
@OnEveryStorage
@DisplayName("IN-2 crafted page cursors on every list")
class CursorFuzzSuite extends PortalSuiteFixture {
    private static final Actor ALL_ROLES = Actor.staff("cursor-all", Role.FRONT_DESK, Role.values());
    private static final List<String> FIELDS = List.of(
            "-62135596800.0", "-62135596801.0", "253402300799.999999999", "253402300800.0",
            "-999999999999.999999999", "999999999999.999999999", "-2208988801.0", "0.0",
            "0", "9223372036854775807", "9223372036854775808", "9999999999999999999", "2147483648",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "-", "~", "~AA", "~" + b64("x".repeat(300)), "~" + b64("\u0000\r\n"));

    private PatientId patient;
    private Actor me;

    @BeforeEach
    void signedUpPatient() {
        Member member = signedUpMember("CF");
        patient = member.patient();
        me = member.actor();
    }

    @TestFactory
    @DisplayName("IN-2 every list answers a crafted cursor with a page or invalid_request, never anything else")
    Stream<DynamicTest> craftedCursors() {
        List<String> lists = listNames();
        assertThat(lists).contains("scheduling.slots", "audit.trail", "results.trend", "messaging.messages");
        List<Method> listOperations = CommandShapes.operations().stream()
                .filter(m -> List.of(m.getParameterTypes()).contains(PageRequest.class)).toList();
        assertThat(listOperations).extracting(Method::getName).contains("findOpenSlots", "trail", "trend", "sessions");
        return listOperations.stream().map(method -> DynamicTest.dynamicTest(AccessMatrixSuite.name(method), () -> {
            Random random = new Random(method.getName().hashCode());
            Throwable baseline = call(method, PageRequest.first(5));
            List<String> cursors = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] bytes = new byte[random.nextInt(60)];
                random.nextBytes(bytes);
                cursors.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            cursors.addAll(List.of("", "not base64!", "====", "\u0000", "A".repeat(512), b64("p1|")));
            for (String list : lists) {
                if (!sameCapability(list, method)) {
                    continue;
                }
                for (int count = 1; count <= 4; count++) {
                    for (int sample = 0; sample < 8; sample++) {
                        StringBuilder raw = new StringBuilder("p1|").append(list);
                        for (int f = 0; f < count; f++) {
                            raw.append('|').append(FIELDS.get(random.nextInt(FIELDS.size())));
                        }
                        cursors.add(b64(raw.toString()));
                    }
                }
            }
            for (String cursor : cursors) {
                Throwable thrown = call(method, new PageRequest(cursor, 5));
                String as = AccessMatrixSuite.name(method) + " with cursor " + describe(cursor);
                if (thrown == null || thrown instanceof InvalidRequestException) {
                    continue;
                }
                assertThat(baseline).as(as + ": the first page succeeded, so this must be a page or invalid_request, got " + thrown)
                        .isNotNull();
                assertThat(thrown).as(as).hasSameClassAs(baseline);
            }
        }));
    }

    /** The list names of the implementation: the constants {@code LIST*} and {@code CURSOR_*} of core's internal classes. */
    private static List<String> listNames() {
        TreeSet<String> names = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("org.patientportal.core.internal")) {
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(JavaModifier.STATIC) && field.getModifiers().contains(JavaModifier.FINAL)
                        && field.getRawType().isEquivalentTo(String.class)
                        && (field.getName().startsWith("LIST") || field.getName().startsWith("CURSOR_"))
                        && !field.getName().endsWith("_PATH")) {
                    try {
                        Field reflected = field.reflect();
                        reflected.setAccessible(true);
                        names.add((String) reflected.get(null));
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    /** Whether a list belongs to a method's capability: "records.history" to HealthRecords, "proxy.grants" to Proxies. */
    private static boolean sameCapability(String list, Method method) {
        String capability = method.getDeclaringClass().getSimpleName().toLowerCase(Locale.ROOT);
        String prefix = list.split("\\.")[0];
        return capability.contains(prefix) || capability.startsWith(prefix.substring(0, Math.min(4, prefix.length())));
    }

    private Throwable call(Method method, PageRequest page) {
        Object[] args = CommandShapes.arguments(method, null, null, ALL_ROLES, patient);
        args[List.of(method.getParameterTypes()).indexOf(PageRequest.class)] = page;
        Throwable thrown = CommandShapes.invoke(portal, method, args);
        if (thrown instanceof AccessDeniedException) {
            args = CommandShapes.arguments(method, null, null, me, patient);
            args[List.of(method.getParameterTypes()).indexOf(PageRequest.class)] = page;
            thrown = CommandShapes.invoke(portal, method, args);
        }
        return thrown;
    }

    private static String b64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(String cursor) {
        try {
            return cursor + " (" + new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8) + ")";
        } catch (IllegalArgumentException e) {
            return cursor.length() > 40 ? cursor.substring(0, 40) + "..." : cursor;
        }
    }

}
