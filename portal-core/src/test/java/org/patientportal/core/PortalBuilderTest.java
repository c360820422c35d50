package org.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.auth.AuthPolicy;
import org.patientportal.core.auth.PasswordHashing;
import org.patientportal.core.enrollment.EnrollmentPolicy;
import org.patientportal.core.messaging.MessagingPolicy;
import org.patientportal.core.messaging.UrgencyScreeners;
import org.patientportal.core.notifications.DispatchReport;
import org.patientportal.core.notifications.NotificationPolicy;
import org.patientportal.core.testing.InspectableStorage;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.core.testing.TestStorages;
import org.patientportal.tck.RecordingNotificationSender;

@DisplayName("PortalBuilder")
class PortalBuilderTest {

    private static PortalBuilder complete() {
        return Portal.builder().storage(TestStorages.inMemory()).secretKey(TestPortals.testKey())
                .notificationSender(new RecordingNotificationSender());
    }

    @Test
    @DisplayName("builds with storage, key and notification sender only, with every default, and wires every capability")
    void minimal() {
        Portal portal = complete().build();
        assertThat(portal.enrollment()).isNotNull();
        assertThat(portal.auth()).isNotNull();
        assertThat(portal.audit()).isNotNull();
        assertThat(portal.notifications()).isNotNull();
        assertThat(portal.messaging()).isNotNull();
        assertThat(portal.notifications().dispatchDue()).isEqualTo(DispatchReport.EMPTY);
        assertThat(portal.audit().verify().intact()).isTrue();
    }

    @Test
    @DisplayName("build() readies the first requests without a visible effect: no storage transaction, nothing"
            + " audited, queued or sent")
    void preparationLeavesNoTrace() {
        InspectableStorage storage = InspectableStorage.wrap(TestStorages.inMemory());
        RecordingNotificationSender sender = new RecordingNotificationSender();
        Portal portal = Portal.builder().storage(storage).secretKey(TestPortals.testKey()).notificationSender(sender)
                .build();
        Portal second = Portal.builder().storage(storage).secretKey(TestPortals.testKey()).notificationSender(sender)
                .build();
        assertThat(second).isNotSameAs(portal);
        assertThat(storage.transactions()).isZero();
        assertThat(storage.touched()).isEmpty();

        assertThat(portal.notifications().dispatchDue()).isEqualTo(DispatchReport.EMPTY);
        assertThat(portal.audit().verify().eventsChecked()).isZero();
        assertThat(sender.delivered()).isEmpty();
    }

    @Test
    @DisplayName("refuses a missing storage, secret key or notification sender with a clear message")
    void missingParts() {
        RecordingNotificationSender sender = new RecordingNotificationSender();
        assertThatThrownBy(() -> Portal.builder().secretKey(TestPortals.testKey()).notificationSender(sender).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("storage is required");
        assertThatThrownBy(() -> Portal.builder().storage(TestStorages.inMemory()).notificationSender(sender).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("secretKey is required");
        assertThatThrownBy(() -> Portal.builder().storage(TestStorages.inMemory()).secretKey(TestPortals.testKey())
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("notificationSender is required: call notificationSender(...)");
        assertThatThrownBy(() -> Portal.builder().notificationSender(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Portal.builder().notificationPolicy(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("refuses every part set twice, naming the part")
    void setTwice() {
        assertTwice("storage", b -> b.storage(TestStorages.inMemory()));
        assertTwice("secretKey", b -> b.secretKey(TestPortals.testKey()));
        assertTwice("clock", b -> b.clock(Clock.systemUTC()));
        assertTwice("passwordHashing", b -> b.passwordHashing(PasswordHashing.argon2id()));
        assertTwice("enrollmentPolicy", b -> b.enrollmentPolicy(EnrollmentPolicy.defaults()));
        assertTwice("authPolicy", b -> b.authPolicy(AuthPolicy.defaults()));
        assertTwice("notificationSender", b -> b.notificationSender(new RecordingNotificationSender()));
        assertTwice("notificationPolicy", b -> b.notificationPolicy(NotificationPolicy.defaults()));
        assertTwice("messagingPolicy", b -> b.messagingPolicy(MessagingPolicy.defaults()));
        assertTwice("urgencyScreener", b -> b.urgencyScreener(UrgencyScreeners.standard()));
        assertTwice("allowInsecureForTests", PortalBuilder::allowInsecureForTests);
    }

    private static void assertTwice(String part, Consumer<PortalBuilder> set) {
        PortalBuilder builder = Portal.builder();
        set.accept(builder);
        assertThatThrownBy(() -> set.accept(builder)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(part + " was already ");
    }

    @Test
    @DisplayName("refuses a key shorter than 32 bytes, and copies the key it keeps")
    void shortKey() {
        assertThatThrownBy(() -> Portal.builder().secretKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Portal.builder().secretKey(null)).isInstanceOf(NullPointerException.class);
        byte[] key = TestPortals.testKey();
        PortalBuilder builder = Portal.builder().storage(TestStorages.inMemory()).secretKey(key)
                .notificationSender(new RecordingNotificationSender());
        java.util.Arrays.fill(key, (byte) 0);
        assertThat(builder.build()).isNotNull();
    }

    @Test
    @DisplayName("AU-3 production configuration refuses the fast test hasher and weak Argon2 parameters")
    void insecureHasherRefused() {
        assertThatThrownBy(() -> complete().passwordHashing(PasswordHashing.insecureForTests()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("production configuration refuses the fast test hasher");
        assertThatThrownBy(() -> complete().passwordHashing(PasswordHashing.argon2id(8192, 2, 1)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("AU-3");
        assertThat(complete().passwordHashing(PasswordHashing.insecureForTests()).allowInsecureForTests().build())
                .isNotNull();
        assertThat(complete().passwordHashing(PasswordHashing.argon2id(65536, 3, 1)).build()).isNotNull();
    }
}
