package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.TestPortals;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditEventId;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.PatientId;

@DisplayName("AuditHashes")
class AuditHashesTest {

    @Test
    @DisplayName("AD-2 the hash covers each field as <length>:<text>; (ids as their toString, null as -;), as events already stored were hashed")
    void canonicalForm() {
        Keys keys = new Keys(TestPortals.testKey());
        PatientId patient = new PatientId(new UUID(-1L, 0x0123456789ABCDEFL));
        AuditEvent withPatient = new AuditEvent(new AuditEventId(new UUID(Long.MIN_VALUE, 15)), AuditChain.of(patient),
                12, Instant.parse("2030-01-02T03:04:05.000006Z"), patient,
                new AuditActor(ActorKind.PATIENT, "0000abcd-0000-7000-8000-00000000ffff", null), AuditAction.CREATE,
                "scheduling.book", "an id", AuditOutcome.values()[0], null, "-", "ignored");
        AuditEvent withoutPatient = new AuditEvent(new AuditEventId(new UUID(0, 0)), AuditChain.staff("desk"), 1,
                Instant.parse("2030-01-02T03:04:05Z"), null, new AuditActor(ActorKind.STAFF, "desk", "FRONT_DESK"),
                AuditAction.READ, "caf\u00e9", null, AuditOutcome.values()[0], "why", "ab", "ignored");
        for (AuditEvent event : new AuditEvent[] {withPatient, withoutPatient}) {
            StringBuilder expected = new StringBuilder("audit-v1;");
            for (Object value : new Object[] {event.id(), event.chain(), event.sequence(), Time.text(event.occurredAt()),
                    event.patientId(), event.actor().kind(), event.actor().id(), event.actor().role(), event.action(),
                    event.category(), event.recordId(), event.outcome(), event.reason(), event.previousHash()}) {
                expected.append(value == null ? "-" : value.toString().length() + ":" + value).append(';');
            }
            assertThat(AuditHashes.hash(keys, event)).isEqualTo(keys.hmac(KeyPurpose.AUDIT_CHAIN, expected.toString()));
        }
    }
}
