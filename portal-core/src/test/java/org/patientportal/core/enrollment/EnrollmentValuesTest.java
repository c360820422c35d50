package org.patientportal.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActivationCodeId;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

@DisplayName("Enrollment values: policy, records, toString without secrets")
class EnrollmentValuesTest {

    @Test
    @DisplayName("EN-3 and EN-6 defaults")
    void defaults() {
        EnrollmentPolicy policy = EnrollmentPolicy.defaults();
        assertThat(policy.validityOf(Delivery.LETTER)).isEqualTo(Duration.ofDays(30));
        assertThat(policy.validityOf(Delivery.AFTER_VISIT_SUMMARY)).isEqualTo(Duration.ofDays(30));
        assertThat(policy.validityOf(Delivery.EMAIL)).isEqualTo(Duration.ofHours(24));
        assertThat(policy.validityOf(Delivery.SMS)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.validityOf(Delivery.IN_PERSON)).isEqualTo(Duration.ofHours(24));
        assertThat(policy.maxFailedAttempts()).isEqualTo(5);
    }

    @Test
    @DisplayName("EN-3 and EN-6 are floors of strictness: shorter validities and fewer attempts only")
    void floors() {
        assertThat(EnrollmentPolicy.defaults().withValidity(Delivery.SMS, Duration.ofMinutes(5))
                .validityOf(Delivery.SMS)).isEqualTo(Duration.ofMinutes(5));
        assertThat(EnrollmentPolicy.defaults().withMaxFailedAttempts(3).maxFailedAttempts()).isEqualTo(3);
        assertThatThrownBy(() -> EnrollmentPolicy.defaults().withValidity(Delivery.SMS, Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnrollmentPolicy.defaults().withValidity(Delivery.SMS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnrollmentPolicy.defaults().withMaxFailedAttempts(6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnrollmentPolicy.defaults().withMaxFailedAttempts(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnrollmentPolicy(Map.of(Delivery.SMS, Duration.ofMinutes(1)), 5))
                .isInstanceOf(IllegalArgumentException.class);
        new NullPointerTester().testAllPublicInstanceMethods(EnrollmentPolicy.defaults());
    }

    @Test
    @DisplayName("LG-1 toString never shows a code, a password, an SSN4, a birth date or a name")
    void toStrings() {
        SignUp signUp = new SignUp("ABCDE-FGHJK-MNPQR", "1234", LocalDate.of(1984, 2, 29), "drivers", "secret passphrase", "k");
        assertThat(signUp.toString()).doesNotContain("ABCDE", "1234", "1984", "drivers", "secret pass");
        RegisterPatient register = new RegisterPatient("MRN-1", "Dana", "Rivers", LocalDate.of(1984, 2, 29), "1234",
                "dana@example.org", "+15555550123");
        assertThat(register.toString()).doesNotContain("MRN-1", "Dana", "Rivers", "1984", "1234", "dana@", "5555");
        ActivationCode code = new ActivationCode(ActivationCodeId.newId(), PatientId.newId(), "ABCDE-FGHJK-MNPQR",
                Delivery.LETTER, Instant.EPOCH);
        assertThat(code.toString()).doesNotContain("ABCDE").contains(code.id().toString());
    }

    @Test
    @DisplayName("results are values")
    void values() {
        AccountId account = AccountId.newId();
        PatientId patient = PatientId.newId();
        new EqualsTester()
                .addEqualityGroup(new SignedUp(account, patient), new SignedUp(account, patient))
                .addEqualityGroup(new SignedUp(AccountId.newId(), patient))
                .testEquals();
        assertThatThrownBy(() -> new SignedUp(null, patient)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ActivationCode(null, patient, "x", Delivery.LETTER, Instant.EPOCH))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("EN-1 an activation code's value is there for printed deliveries and null for email and SMS")
    void activationCodeValue() {
        ActivationCodeId id = ActivationCodeId.newId();
        PatientId patient = PatientId.newId();
        for (Delivery printed : new Delivery[] {Delivery.LETTER, Delivery.AFTER_VISIT_SUMMARY, Delivery.IN_PERSON}) {
            assertThat(new ActivationCode(id, patient, "ABCDE-FGHJK-MNPQR", printed, Instant.EPOCH).value())
                    .isEqualTo("ABCDE-FGHJK-MNPQR");
            assertThatThrownBy(() -> new ActivationCode(id, patient, null, printed, Instant.EPOCH))
                    .isInstanceOf(NullPointerException.class);
        }
        for (Delivery sent : new Delivery[] {Delivery.EMAIL, Delivery.SMS}) {
            ActivationCode code = new ActivationCode(id, patient, null, sent, Instant.EPOCH);
            assertThat(code.value()).isNull();
            assertThat(code.toString()).contains("value=null", sent.name());
            assertThatThrownBy(() -> new ActivationCode(id, patient, "ABCDE-FGHJK-MNPQR", sent, Instant.EPOCH))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("ABCDE");
        }
        new EqualsTester()
                .addEqualityGroup(new ActivationCode(id, patient, null, Delivery.EMAIL, Instant.EPOCH),
                        new ActivationCode(id, patient, null, Delivery.EMAIL, Instant.EPOCH))
                .addEqualityGroup(new ActivationCode(id, patient, null, Delivery.SMS, Instant.EPOCH))
                .testEquals();
    }
}
