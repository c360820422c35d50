package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The notification {@code Preferences} store (NT-1). */
abstract class PreferencesContracts extends KitSupport {
    private Patient patient;

    @BeforeEach
    void createPatient() {
        patient = insertPatient();
    }

    @Test
    @DisplayName("a patient who never saved preferences has none")
    void absent() {
        check(tx -> assertThat(tx.preferences().find(patient.id())).isEmpty());
        check(tx -> assertThat(tx.preferences().find(PatientId.newId())).isEmpty());
    }

    @Test
    @DisplayName("findAll returns the stored preferences of the patients given, each once, and skips patients with none (NT-1, NT-2)")
    void findAll() {
        Patient other = insertPatient();
        Patient without = insertPatient();
        NotificationPreferences mine = write(tx -> tx.preferences().save(new NotificationPreferences(patient.id(),
                Map.of("appointment-reminder", EnumSet.of(Channel.EMAIL)), null, null, null, 0)));
        NotificationPreferences theirs = write(tx -> tx.preferences().save(new NotificationPreferences(other.id(),
                Map.of("test-result", Set.of(Channel.PUSH)), "push-device-2", T0, null, 0)));
        check(tx -> assertThat(tx.preferences().findAll(List.of(without.id(), other.id(), patient.id(), other.id())))
                .containsExactlyInAnyOrder(mine, theirs));
        check(tx -> assertThat(tx.preferences().findAll(List.of())).isEmpty());
        check(tx -> assertThat(tx.preferences().findAll(List.of(without.id(), PatientId.newId()))).isEmpty());
    }

    @Test
    @DisplayName("save with version 0 inserts at version 1; a save from the stored version replaces them whole and increases it (NT-1)")
    void insertThenUpdate() {
        NotificationPreferences first = new NotificationPreferences(patient.id(),
                Map.of("appointment-reminder", EnumSet.of(Channel.EMAIL, Channel.SMS)), null, null, null, 0);
        NotificationPreferences stored = write(tx -> tx.preferences().save(first));
        assertThat(stored).isEqualTo(withVersion(first, 1));
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(stored));

        NotificationPreferences second = new NotificationPreferences(patient.id(),
                Map.of("test-result", Set.of(Channel.PUSH), "message-reply", Set.of()), "push-device-1", T0, null, 1);
        NotificationPreferences replaced = write(tx -> tx.preferences().save(second));
        assertThat(replaced).isEqualTo(withVersion(second, 2));
        check(tx -> assertThat(tx.preferences().find(patient.id()))
                .as("replaced whole: the kind not listed any more is gone").contains(replaced));
    }

    @Test
    @DisplayName("a second insert (version 0) for the patient is a duplicate key and changes nothing (NT-1)")
    void duplicateInsert() {
        NotificationPreferences stored = write(tx -> tx.preferences().save(
                NotificationPreferences.none(patient.id())));
        NotificationPreferences again = new NotificationPreferences(patient.id(),
                Map.of("password-changed", Set.of(Channel.SMS)), null, T0, null, 0);
        assertThatThrownBy(() -> write(tx -> tx.preferences().save(again)))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(stored));
    }

    @Test
    @DisplayName("a save from a stale version, or of preferences never inserted, fails with an optimistic-lock exception and changes nothing (NT-1)")
    void stale() {
        NotificationPreferences v1 = write(tx -> tx.preferences().save(
                NotificationPreferences.none(patient.id())));
        NotificationPreferences v2 = write(tx -> tx.preferences().save(new NotificationPreferences(
                patient.id(), Map.of("test-result", Set.of(Channel.EMAIL)), null, null, null, v1.version())));
        NotificationPreferences stale = new NotificationPreferences(patient.id(),
                Map.of("test-result", Set.of(Channel.SMS)), null, T0, null, v1.version());
        assertThatThrownBy(() -> write(tx -> tx.preferences().save(stale)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(v2));

        Patient other = insertPatient();
        NotificationPreferences neverInserted = new NotificationPreferences(other.id(), Map.of(), null, null, null, 3);
        assertThatThrownBy(() -> write(tx -> tx.preferences().save(neverInserted)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.preferences().find(other.id())).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent saves from one version exactly one wins, the others fail as stale (NT-1)")
    void concurrentSaves() throws Exception {
        NotificationPreferences v1 = write(tx -> tx.preferences().save(
                NotificationPreferences.none(patient.id())));
        List<Outcome<NotificationPreferences>> outcomes = concurrently(THREADS, i -> writeRetrying(
                tx -> tx.preferences().save(new NotificationPreferences(patient.id(),
                        Map.of("kind-" + i, Set.of(Channel.EMAIL)), null, at(i), null, v1.version()))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        NotificationPreferences winner = successes(outcomes).get(0);
        assertThat(winner.version()).isEqualTo(v1.version() + 1);
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(winner));
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent first saves (version 0) exactly one inserts, the others are duplicate keys (NT-1)")
    void concurrentFirstSaves() throws Exception {
        List<Outcome<NotificationPreferences>> outcomes = concurrently(THREADS, i -> writeRetrying(
                tx -> tx.preferences().save(new NotificationPreferences(patient.id(),
                        Map.of("kind-" + i, Set.of(Channel.SMS)), null, at(i), null, 0))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(DuplicateKeyException.class::isInstance);
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(successes(outcomes).get(0)));
    }

    @Test
    @DisplayName("the channel map round-trips exactly: every kind, empty channel sets, case-distinct kinds, an empty map (NT-1)")
    void mapRoundTrip() {
        Map<String, Set<Channel>> channels = new LinkedHashMap<>();
        channels.put("appointment-reminder", EnumSet.of(Channel.EMAIL, Channel.SMS));
        channels.put("appointment-cancelled", Set.of());
        channels.put("test-result", EnumSet.allOf(Channel.class));
        channels.put("Test-Result", Set.of(Channel.PUSH));
        channels.put("refill-decided", Set.of(Channel.SMS));
        channels.put("message-reply", Set.of());
        channels.put("password-changed", Set.of(Channel.EMAIL));
        channels.put("activation-code", EnumSet.of(Channel.EMAIL, Channel.PUSH));
        channels.put("appointment.reminder:7d", EnumSet.of(Channel.SMS, Channel.PUSH));
        channels.put("proxy-granted", Set.of());
        NotificationPreferences full = new NotificationPreferences(patient.id(), channels, null, null, null, 0);
        NotificationPreferences stored = write(tx -> tx.preferences().save(full));
        NotificationPreferences found = read(tx -> tx.preferences().find(patient.id())).orElseThrow();
        assertThat(found).isEqualTo(stored);
        assertThat(found.channelsByKind()).containsExactlyInAnyOrderEntriesOf(channels);
        assertThat(found.channelsByKind().get("appointment-cancelled")).isEmpty();

        NotificationPreferences emptied = write(tx -> tx.preferences().save(
                new NotificationPreferences(patient.id(), Map.of(), null, null, null, stored.version())));
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(emptied));
        assertThat(emptied.channelsByKind()).isEmpty();
    }

    @Test
    @DisplayName("smsConsentAt, smsStoppedAt and the push address round-trip, and clear back to null (NT-1)")
    void smsConsent() {
        NotificationPreferences stopped = new NotificationPreferences(patient.id(),
                Map.of("appointment-reminder", Set.of(Channel.SMS)), "push-device-" + UUID.randomUUID(),
                at(-86_400), at(60), 0);
        NotificationPreferences v1 = write(tx -> tx.preferences().save(stopped));
        NotificationPreferences found = read(tx -> tx.preferences().find(patient.id())).orElseThrow();
        assertThat(found).isEqualTo(v1);
        assertThat(found.smsConsentAt()).isEqualTo(at(-86_400));
        assertThat(found.smsStoppedAt()).isEqualTo(at(60));
        assertThat(found.smsConsented()).isFalse();

        NotificationPreferences consentedAgain = new NotificationPreferences(patient.id(), found.channelsByKind(),
                found.pushAddress(), at(120), at(60), v1.version());
        NotificationPreferences v2 = write(tx -> tx.preferences().save(consentedAgain));
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(v2));
        assertThat(v2.smsConsented()).isTrue();

        NotificationPreferences cleared = new NotificationPreferences(patient.id(), found.channelsByKind(), null,
                null, null, v2.version());
        NotificationPreferences v3 = write(tx -> tx.preferences().save(cleared));
        NotificationPreferences reread = read(tx -> tx.preferences().find(patient.id())).orElseThrow();
        assertThat(reread).isEqualTo(v3);
        assertThat(reread.pushAddress()).isNull();
        assertThat(reread.smsConsentAt()).isNull();
        assertThat(reread.smsStoppedAt()).isNull();
    }

    @Test
    @DisplayName("whether the patient set the push address round-trips, and defaults to false (NT-4)")
    void pushAddressSelfSet() {
        NotificationPreferences own = new NotificationPreferences(patient.id(), Map.of(), "push-own", true, null,
                null, 0);
        NotificationPreferences v1 = write(tx -> tx.preferences().save(own));
        assertThat(v1.pushAddressSelfSet()).isTrue();
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(v1));
        NotificationPreferences other = new NotificationPreferences(patient.id(), Map.of(), "push-other", null, null,
                v1.version());
        NotificationPreferences v2 = write(tx -> tx.preferences().save(other));
        assertThat(v2.pushAddressSelfSet()).isFalse();
        check(tx -> assertThat(tx.preferences().find(patient.id())).hasValueSatisfying(p -> {
            assertThat(p).isEqualTo(v2);
            assertThat(p.pushAddressSelfSet()).isFalse();
        }));
    }

    @Test
    @DisplayName("a rolled-back work leaves the preferences as they were; its own reads saw its saves (NT-1)")
    void rollback() {
        NotificationPreferences v1 = write(tx -> tx.preferences().save(
                NotificationPreferences.none(patient.id())));
        Patient other = insertPatient();
        assertThatThrownBy(() -> run(tx -> {
            NotificationPreferences changed = tx.preferences().save(new NotificationPreferences(patient.id(),
                    Map.of("test-result", Set.of(Channel.SMS)), null, T0, null, v1.version()));
            tx.preferences().save(NotificationPreferences.none(other.id()));
            assertThat(tx.preferences().find(patient.id())).contains(changed);
            assertThat(tx.preferences().find(other.id())).isPresent();
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.preferences().find(patient.id())).contains(v1));
        check(tx -> assertThat(tx.preferences().find(other.id())).isEmpty());
        assertThat(write(tx -> tx.preferences().save(NotificationPreferences.none(other.id())))
                .version()).isEqualTo(1);
    }
}
