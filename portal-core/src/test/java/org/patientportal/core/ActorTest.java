package org.patientportal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActorKind;
import org.patientportal.model.PatientId;
import org.patientportal.model.SessionId;

@DisplayName("Actor")
class ActorTest {

    @Test
    @DisplayName("ST-1 a staff actor carries the host's staff id and its roles")
    void staff() {
        Actor actor = Actor.staff("desk-17", Role.FRONT_DESK, Role.ADMIN);
        assertThat(actor.kind()).isEqualTo(ActorKind.STAFF);
        assertThat(actor.staffId()).contains("desk-17");
        assertThat(actor.roles()).containsExactlyInAnyOrder(Role.FRONT_DESK, Role.ADMIN);
        assertThat(actor.hasRole(Role.CLINICIAN)).isFalse();
        assertThat(actor.accountId()).isEmpty();
        assertThat(actor.patientId()).isEmpty();
        assertThat(actor.sessionId()).isEmpty();
        assertThatThrownBy(() -> actor.roles().add(Role.CLINICIAN)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(actor).hasToString("Actor[STAFF desk-17 [FRONT_DESK, ADMIN]]");
    }

    @Test
    @DisplayName("a staff id must be 1 to 64 printable characters")
    void staffIdChecked() {
        for (String bad : new String[] {"", "  ", "a".repeat(65), "desk\n17", "desk\u000017"}) {
            assertThatThrownBy(() -> Actor.staff(bad, Role.ADMIN)).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> Actor.staff(null, Role.ADMIN)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Actor.staff("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Actor.staff("x", Role.ADMIN, (Role) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("patient actors hold account, patient and session ids; toString shows ids only")
    void patient() {
        AccountId account = AccountId.newId();
        PatientId patient = PatientId.newId();
        SessionId session = SessionId.newId();
        Actor actor = Actor.patient(account, patient, session);
        assertThat(actor.kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(actor.roles()).isEmpty();
        assertThat(actor.staffId()).isEmpty();
        assertThat(actor.accountId()).contains(account);
        assertThat(actor.patientId()).contains(patient);
        assertThat(actor.sessionId()).contains(session);
        assertThat(actor.toString()).contains(account.toString(), patient.toString(), session.toString());
    }

    @Test
    @DisplayName("equality over every part")
    void equality() {
        AccountId account = AccountId.newId();
        PatientId patient = PatientId.newId();
        SessionId session = SessionId.newId();
        new EqualsTester()
                .addEqualityGroup(Actor.staff("a", Role.ADMIN), Actor.staff("a", Role.ADMIN, Role.ADMIN))
                .addEqualityGroup(Actor.staff("a", Role.ADMIN, Role.CLINICIAN), Actor.staff("a", Role.CLINICIAN, Role.ADMIN))
                .addEqualityGroup(Actor.staff("b", Role.ADMIN))
                .addEqualityGroup(Actor.patient(account, patient, session), Actor.patient(account, patient, session))
                .addEqualityGroup(Actor.patient(account, patient, SessionId.newId()))
                .testEquals();
        assertThat(Set.of(Actor.staff("a", Role.ADMIN))).contains(Actor.staff("a", Role.ADMIN));
    }
}
