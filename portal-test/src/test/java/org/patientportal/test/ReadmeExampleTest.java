package org.patientportal.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.notifications.NotificationKinds;

/** The README's "Testing your app" example, as written there. */
class ReadmeExampleTest {
    @Test
    @DisplayName("README: a password-change notice whose first delivery fails is delivered after the backoff")
    void passwordChangeNoticeIsRetried() {
        TestPortal clinic = TestPortal.inMemory();          // or TestPortal.on(JdbcStorage.create(testDataSource))
        SignedInPatient dana = clinic.signedInPatient();     // or signedInPatient(p -> p.withBirthDate(...))
        clinic.portal().auth().changePassword(dana.actor(),
                new ChangePassword(dana.password(), "a-brand-new-pass-phrase"));

        clinic.sender().failNext(1);                         // the email provider is down once
        assertThat(clinic.dispatch().retried()).isEqualTo(1);
        clinic.clock().advance(Duration.ofMinutes(2));       // past the retry backoff
        clinic.dispatch();

        NotificationAssert.assertThat(clinic.sender())
                .hasExactlyOne(NotificationKinds.PASSWORD_CHANGED, dana)
                .noneContains(dana.details().familyName());    // no PHI in a notification
    }
}
