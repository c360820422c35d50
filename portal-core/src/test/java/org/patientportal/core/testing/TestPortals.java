package org.patientportal.core.testing;

import java.time.Clock;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * Portals for tests: a fixed 32-byte key, the fast test hasher, the given storage and clock, and a
 * {@link RecordingNotificationSender} unless the test gives its own sender.
 */
public final class TestPortals {
    private static final byte[] TEST_KEY = new byte[32];

    static {
        for (int i = 0; i < TEST_KEY.length; i++) {
            TEST_KEY[i] = (byte) (i * 7 + 3);
        }
    }

    private TestPortals() {
    }

    /** The fixed test key (a copy). */
    public static byte[] testKey() {
        return TEST_KEY.clone();
    }

    /**
     * A builder with {@code storage}, {@code clock}, the fixed test key,
     * {@link PasswordHashing#insecureForTests()}, {@code allowInsecureForTests()} and a new
     * {@link RecordingNotificationSender}; the caller may still set the policies.
     */
    public static PortalBuilder builder(PortalStorage storage, Clock clock) {
        return builder(storage, clock, new RecordingNotificationSender());
    }

    /** As {@link #builder(PortalStorage, Clock)}, with the test's own notification sender. */
    public static PortalBuilder builder(PortalStorage storage, Clock clock, NotificationSender sender) {
        return Portal.builder()
                .storage(storage)
                .clock(clock)
                .secretKey(testKey())
                .passwordHashing(PasswordHashing.insecureForTests())
                .notificationSender(sender)
                .allowInsecureForTests();
    }

    /** A built test portal. */
    public static Portal portal(PortalStorage storage, Clock clock) {
        return builder(storage, clock).build();
    }
}
