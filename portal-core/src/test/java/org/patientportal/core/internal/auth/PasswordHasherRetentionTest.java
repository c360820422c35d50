package org.patientportal.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.Portal;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.core.testing.MutableClock;
import org.patientportal.core.testing.StorageKind;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.spi.storage.PortalStorage;

/**
 * A password hasher retains nothing per computation (AU-4 makes every failed login, even of an
 * unknown user, run one, so anything kept per run is memory an unauthenticated caller can fill).
 * Storage-independent: the hasher never touches storage, so this runs on the in-memory storage only.
 */
@DisplayName("Password hasher retention")
class PasswordHasherRetentionTest {
    private static final int LOGINS = 20_000;
    private static final int DIRECT_RUNS = 50_000;
    /** Far above the noise of a used-heap reading after full collections, far below 50,000 retained entries (about 4 MB). */
    private static final long HEAP_BOUND = 1024 * 1024;

    @Test
    @DisplayName("AU-4 PasswordHasher holds no collection, array or mutable field: nothing of a computation is kept")
    void noGrowingField() {
        List<String> offending = new ArrayList<>();
        for (Class<?> type = PasswordHasher.class; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Class<?> t = field.getType();
                if (Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t) || t.isArray()
                        || !Modifier.isFinal(field.getModifiers())) {
                    offending.add(field.getName() + ": " + t.getName());
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    @DisplayName("AU-4 20,000 failed logins leave the portal's hasher holding no more than before")
    void loginsRetainNothingInTheHasher() throws Exception {
        PortalStorage storage = StorageKind.IN_MEMORY.create();
        try {
            Portal portal = TestPortals.portal(storage, MutableClock.start());
            PasswordHasher hasher = hasherOf(portal);
            long before = retainedElements(hasher);

            for (int i = 0; i < LOGINS; i++) {
                String username = "nobody-" + i;
                assertThatThrownBy(() -> portal.auth().logIn(username, "a wrong passphrase of some length"))
                        .isInstanceOf(AuthenticationFailedException.class);
            }

            assertThat(retainedElements(hasher)).isEqualTo(before);
        } finally {
            storage.close();
        }
    }

    @Test
    @DisplayName("AU-4 50,000 dummy and wrong-password verifications leave no retained heap growth (bound 1 MiB)")
    void verificationsRetainNoHeap() {
        PasswordHasher hasher = PasswordHasher.of(PasswordHashing.insecureForTests());
        String stored = hasher.hash("the right passphrase, long enough");
        for (int i = 0; i < 1_000; i++) {
            hasher.dummyVerify("warm-up");
            hasher.verify("warm-up", stored);
        }
        long before = usedHeapAfterGc();

        for (int i = 0; i < DIRECT_RUNS / 2; i++) {
            hasher.dummyVerify("a wrong passphrase of some length");
            assertThat(hasher.verify("a wrong passphrase of some length", stored)).isFalse();
        }

        long after = usedHeapAfterGc();
        Reference.reachabilityFence(hasher);
        assertThat(after - before).as("retained bytes").isLessThan(HEAP_BOUND);
    }

    /** The hasher a portal's auth service runs (its wiring, read by reflection). */
    private static PasswordHasher hasherOf(Portal portal) throws ReflectiveOperationException {
        Field auth = Portal.class.getDeclaredField("auth");
        auth.setAccessible(true);
        AuthService service = (AuthService) auth.get(portal);
        for (Field field : AuthService.class.getDeclaredFields()) {
            if (field.getType() == PasswordHasher.class) {
                field.setAccessible(true);
                return (PasswordHasher) field.get(service);
            }
        }
        throw new AssertionError("AuthService holds no PasswordHasher");
    }

    /** Entries of every collection, map or array a hasher's fields (static ones too) and its port's fields hold. */
    private static long retainedElements(PasswordHasher hasher) throws IllegalAccessException {
        long total = 0;
        List<Object> owners = List.of(hasher, engineOf(hasher));
        for (Object owner : owners) {
            for (Field field : owner.getClass().getDeclaredFields()) {
                field.setAccessible(true);
                Object value = field.get(Modifier.isStatic(field.getModifiers()) ? null : owner);
                if (value instanceof Collection<?> c) {
                    total += c.size();
                } else if (value instanceof Map<?, ?> m) {
                    total += m.size();
                } else if (value != null && value.getClass().isArray()) {
                    total += java.lang.reflect.Array.getLength(value);
                }
            }
        }
        return total;
    }

    private static Object engineOf(PasswordHasher hasher) throws IllegalAccessException {
        for (Field field : PasswordHasher.class.getDeclaredFields()) {
            if (field.getType() == Argon2id.class && !Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                return field.get(hasher);
            }
        }
        return hasher;
    }

    private static long usedHeapAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
        }
        return least;
    }
}
