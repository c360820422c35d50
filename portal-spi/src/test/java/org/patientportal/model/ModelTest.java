package org.patientportal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("time-ordered ids are version 7, RFC 4122 variant, and strictly increasing in unsigned byte order")
    void timeOrderedIds() {
        long before = System.currentTimeMillis();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Uuids.timeOrdered());
        }
        for (int i = 1; i < ids.size(); i++) {
            UUID previous = ids.get(i - 1);
            UUID current = ids.get(i);
            assertThat(current.version()).isEqualTo(7);
            assertThat(current.variant()).isEqualTo(2);
            // canonical text compares like the unsigned bytes
            assertThat(current.toString()).isGreaterThan(previous.toString());
        }
        long stampOfFirst = ids.get(0).getMostSignificantBits() >>> 16;
        assertThat(stampOfFirst).isBetween(before, System.currentTimeMillis() + 5); // the sub-millisecond counter may run a little ahead
    }

    @Test
    @DisplayName("ids parse only the canonical UUID form")
    void parsing() {
        PatientId id = PatientId.newId();
        assertThat(PatientId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> PatientId.parse("not-a-uuid")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatientId.parse("1-1-1-1-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatientId.parse(id + " ")).isInstanceOf(IllegalArgumentException.class);
        String text = id.toString();
        assertThat(PatientId.parse(text.toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
        assertThatThrownBy(() -> PatientId.parse("+" + text.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatientId.parse(text.substring(0, 8) + "g" + text.substring(9)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatientId.parse(text.substring(0, 7) + "-" + text.charAt(7) + text.substring(9)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the random bits of ids differ, within a thread's block of randomness and across threads")
    void randomBitsDiffer() throws Exception {
        java.util.Set<Long> bits = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Runnable draw = () -> {
            for (int i = 0; i < 1000; i++) {
                bits.add(Uuids.timeOrdered().getLeastSignificantBits());
            }
        };
        Thread other = new Thread(draw);
        other.start();
        draw.run();
        other.join();
        assertThat(bits).hasSize(2000);
    }

    @Test
    @DisplayName("ids are values")
    void idsAreValues() {
        UUID uuid = Uuids.timeOrdered();
        new EqualsTester()
                .addEqualityGroup(new PatientId(uuid), new PatientId(uuid))
                .addEqualityGroup(PatientId.newId())
                .testEquals();
        new NullPointerTester().testAllPublicConstructors(PatientId.class);
        new NullPointerTester().testAllPublicStaticMethods(PatientId.class);
    }

    @Test
    @DisplayName("records holding PHI or secrets print ids only (LG-1)")
    void toStringHidesPhi() {
        // a fixed id: a random one holds "1984" or "5555" now and then
        PatientId fixed = new PatientId(UUID.fromString("0190a000-0000-7000-8000-000000000001"));
        Patient patient = new Patient(fixed, "MRN-1", "Dana", "Rivers", LocalDate.of(1984, 2, 29), "ssnhash",
                "dana@example.org", "+15555550123", T0, 0);
        Account account = new Account(AccountId.newId(), patient.id(), "drivers", "drivers", "$argon2id$secret",
                AccountStatus.ACTIVE, 0, null, T0, T0, 0);
        ActivationCodeRecord code = new ActivationCodeRecord(ActivationCodeId.newId(), patient.id(), CodePurpose.SIGN_UP,
                "codehash", Delivery.LETTER, T0, T0.plusSeconds(60), "desk", CodeStatus.ACTIVE, 0, null, 0);
        SessionRecord session = new SessionRecord(SessionId.newId(), account.id(), "tokenhash", T0, T0, T0.plusSeconds(60), null, 0);

        assertThat(patient.toString()).doesNotContain("Dana", "Rivers", "1984", "MRN-1", "ssnhash", "dana@", "5555");
        assertThat(account.toString()).doesNotContain("drivers", "argon2id");
        assertThat(code.toString()).doesNotContain("codehash");
        assertThat(session.toString()).doesNotContain("tokenhash");
    }

    @Test
    @DisplayName("compact constructors refuse blank and negative values")
    void invariants() {
        assertThatThrownBy(() -> new AuditChain(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainHead(AuditChain.SYSTEM, -1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdempotencyRecord("scope", "k".repeat(256), "h", "{}", T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdempotencyRecord("scope", "", "h", "{}", T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ActivationCodeRecord(ActivationCodeId.newId(), PatientId.newId(), CodePurpose.SIGN_UP,
                "h", Delivery.SMS, T0, T0.minusSeconds(1), "desk", CodeStatus.ACTIVE, 0, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditChain.forPatient(null)).isEqualTo(AuditChain.SYSTEM);
    }

    @Test
    @DisplayName("an outbox entry keeps its payload text as given and refuses U+0000, which a PostgreSQL text cannot hold")
    void outboxPayloadIsText() {
        OutboxEntry entry = OutboxEntry.pending("kind", null, null, "{\"a\":\"1\"}", null, T0, T0);
        assertThat(entry.payload()).isEqualTo("{\"a\":\"1\"}");
        assertThat(entry.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(entry.nextAttemptAt()).isEqualTo(T0);
        assertThatThrownBy(() -> OutboxEntry.pending("kind", null, null, "a\u0000b", null, T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
