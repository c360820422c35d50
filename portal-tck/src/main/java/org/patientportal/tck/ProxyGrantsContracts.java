package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;

/** The {@code ProxyGrants} store (PX-1, PX-2, PX-3). */
abstract class ProxyGrantsContracts extends KitSupport {
    private Account proxy;
    private Patient child;

    @BeforeEach
    void createParties() {
        proxy = insertAccount();
        child = insertPatient();
    }

    @Test
    @DisplayName("a grant round-trips every field through find, scopes and teen consent as exact sets (PX-1)")
    void roundTrip() {
        Patient adult = insertPatient();
        Patient teen = insertPatient();
        ProxyGrant full = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), child.id(), ProxyRelationship.PARENT,
                EnumSet.allOf(ProxyScope.class), EnumSet.of(ProxyScope.RESULTS, ProxyScope.MESSAGING), T0,
                "staff-admin-1", at(86_400L * 365 * 12), null, null, 0);
        ProxyGrant narrow = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), adult.id(), ProxyRelationship.CAREGIVER,
                Set.of(ProxyScope.APPOINTMENTS), Set.of(), at(1), "staff-admin-2", at(86_400L * 548), null, null, 0);
        ProxyGrant guardian = new ProxyGrant(ProxyGrantId.newId(), proxy.id(), teen.id(), ProxyRelationship.GUARDIAN,
                EnumSet.of(ProxyScope.MEDICATIONS, ProxyScope.RECORDS, ProxyScope.RESULTS), Set.of(ProxyScope.RESULTS),
                at(2), "staff-admin-3", at(86_400L * 365 * 3), null, null, 0);
        run(tx -> List.of(full, narrow, guardian).forEach(tx.proxyGrants()::insert));
        for (ProxyGrant g : List.of(full, narrow, guardian)) {
            check(tx -> assertThat(tx.proxyGrants().find(g.id())).contains(g));
        }
        check(tx -> assertThat(tx.proxyGrants().find(ProxyGrantId.newId())).isEmpty());
    }

    @Test
    @DisplayName("a taken id is a duplicate key")
    void duplicateId() {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        Patient other = insertPatient();
        ProxyGrant sameId = new ProxyGrant(grant.id(), proxy.id(), other.id(), ProxyRelationship.CAREGIVER,
                Set.of(ProxyScope.RECORDS), Set.of(), at(1), "staff-admin-2", at(100), null, null, 0);
        assertThatThrownBy(() -> run(tx -> tx.proxyGrants().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(grant));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), other.id())).isEmpty());
    }

    @Test
    @DisplayName("findUnrevoked answers the grants not revoked of exactly that proxy and patient, in id order (PX-1)")
    void findUnrevoked() {
        Account otherProxy = insertAccount();
        Patient otherChild = insertPatient();
        ProxyGrant a1 = grant(proxy.id(), child.id());
        ProxyGrant revoked = grant(proxy.id(), child.id());
        ProxyGrant a2 = grant(proxy.id(), child.id());
        ProxyGrant sameProxy = grant(proxy.id(), otherChild.id());
        ProxyGrant samePatient = grant(otherProxy.id(), child.id());
        run(tx -> List.of(samePatient, a2, sameProxy, revoked, a1).forEach(tx.proxyGrants()::insert));
        run(tx -> assertThat(tx.proxyGrants().revoke(revoked.id(), "staff-admin-1", at(5))).isTrue());

        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id()))
                .containsExactlyElementsOf(byId(List.of(a1, a2))));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), otherChild.id()))
                .containsExactly(sameProxy));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(otherProxy.id(), child.id()))
                .containsExactly(samePatient));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(otherProxy.id(), otherChild.id())).isEmpty());
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(AccountId.newId(), child.id())).isEmpty());
        run(tx -> {
            tx.proxyGrants().revoke(a1.id(), "staff-admin-1", at(6));
            tx.proxyGrants().revoke(a2.id(), "staff-admin-1", at(6));
        });
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).isEmpty());
    }

    @Test
    @DisplayName("listForProxy returns every grant not revoked of the account exactly once, in id order, across pages of "
            + PAGE_SIZE + " (PX-1)")
    void listForProxy() {
        List<Patient> children = insertPatients(PAGE_ROWS + 5);
        Account otherProxy = insertAccount();
        List<ProxyGrant> grants = new ArrayList<>();
        for (Patient c : children) {
            grants.add(grant(proxy.id(), c.id()));
        }
        List<ProxyGrant> shuffled = new ArrayList<>(grants);
        Collections.shuffle(shuffled, new Random(13));
        run(tx -> {
            shuffled.forEach(tx.proxyGrants()::insert);
            tx.proxyGrants().insert(grant(otherProxy.id(), children.get(0).id()));
        });
        List<ProxyGrant> revoked = grants.subList(0, 5);
        run(tx -> revoked.forEach(g -> assertThat(tx.proxyGrants().revoke(g.id(), "staff-admin-1", at(1))).isTrue()));
        List<ProxyGrant> paged = collectPages(
                (after, limit) -> read(tx -> tx.proxyGrants().listForProxy(proxy.id(), after, limit)),
                ProxyGrant::id);
        assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(byId(grants.subList(5, grants.size())));
        check(tx -> assertThat(tx.proxyGrants().listForProxy(AccountId.newId(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("listForPatient returns every grant not revoked on the record exactly once, in id order, across pages of "
            + PAGE_SIZE + " (PX-3)")
    void listForPatient() {
        List<Account> proxies = insertAccounts(PAGE_ROWS + 5);
        Patient otherChild = insertPatient();
        List<ProxyGrant> grants = new ArrayList<>();
        for (Account p : proxies) {
            grants.add(grant(p.id(), child.id()));
        }
        List<ProxyGrant> shuffled = new ArrayList<>(grants);
        Collections.shuffle(shuffled, new Random(17));
        run(tx -> {
            shuffled.forEach(tx.proxyGrants()::insert);
            tx.proxyGrants().insert(grant(proxies.get(0).id(), otherChild.id()));
        });
        List<ProxyGrant> revoked = grants.subList(grants.size() - 5, grants.size());
        run(tx -> revoked.forEach(g -> assertThat(tx.proxyGrants().revoke(g.id(), proxy.id().toString(), at(1))).isTrue()));
        List<ProxyGrant> paged = collectPages(
                (after, limit) -> read(tx -> tx.proxyGrants().listForPatient(child.id(), after, limit)),
                ProxyGrant::id);
        assertThat(paged).hasSize(PAGE_ROWS).containsExactlyElementsOf(byId(grants.subList(0, PAGE_ROWS)));
        check(tx -> assertThat(tx.proxyGrants().listForPatient(PatientId.newId(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("update writes only scopes, teen consent and expiry, increases the version by one and returns the grant as stored (PX-2)")
    void update() {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        ProxyGrant changed = new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                ProxyRelationship.CAREGIVER, EnumSet.of(ProxyScope.APPOINTMENTS, ProxyScope.RECORDS),
                Set.of(ProxyScope.RESULTS), at(-3600), "someone-else", at(999), null, null, 0);
        ProxyGrant expected = new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                grant.relationship(), changed.scopes(), changed.teenConsent(), grant.grantedAt(), grant.grantedBy(),
                at(999), null, null, 1);
        ProxyGrant stored = write(tx -> tx.proxyGrants().update(changed));
        assertThat(stored).isEqualTo(expected);
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(expected));

        ProxyGrant noConsent = expected.with(Set.of(ProxyScope.MEDICATIONS), Set.of(), at(1999));
        ProxyGrant again = write(tx -> tx.proxyGrants().update(noConsent));
        assertThat(again).isEqualTo(new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                grant.relationship(), Set.of(ProxyScope.MEDICATIONS), Set.of(), grant.grantedAt(), grant.grantedBy(),
                at(1999), null, null, 2));
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(again));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).containsExactly(again));
    }

    @Test
    @DisplayName("an update from a stale version, of a revoked grant or of a missing grant fails with an optimistic-lock exception and changes nothing")
    void staleUpdate() {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        ProxyGrant stored = write(tx -> tx.proxyGrants().update(
                grant.with(Set.of(ProxyScope.APPOINTMENTS), Set.of(), at(100))));
        assertThatThrownBy(() -> write(tx -> tx.proxyGrants().update(
                grant.with(Set.of(ProxyScope.RECORDS), Set.of(), at(200))))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(stored));

        run(tx -> assertThat(tx.proxyGrants().revoke(grant.id(), "staff-admin-1", at(300))).isTrue());
        ProxyGrant revoked = read(tx -> tx.proxyGrants().find(grant.id())).orElseThrow();
        assertThatThrownBy(() -> write(tx -> tx.proxyGrants().update(
                revoked.with(EnumSet.allOf(ProxyScope.class), Set.of(), at(400))))).isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(revoked));
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).isEmpty());

        ProxyGrant ghost = grant(proxy.id(), child.id());
        assertThatThrownBy(() -> write(tx -> tx.proxyGrants().update(ghost)))
                .isInstanceOf(OptimisticLockException.class);
        check(tx -> assertThat(tx.proxyGrants().find(ghost.id())).isEmpty());
    }

    @Test
    @DisplayName("revoke revokes a grant once and records who and when; a revoked or unknown grant is not revoked again (PX-3)")
    void revoke() {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        run(tx -> assertThat(tx.proxyGrants().revoke(grant.id(), "staff-admin-9", at(5))).isTrue());
        ProxyGrant revoked = read(tx -> tx.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked).isEqualTo(new ProxyGrant(grant.id(), grant.proxyAccountId(), grant.patientId(),
                grant.relationship(), grant.scopes(), grant.teenConsent(), grant.grantedAt(), grant.grantedBy(),
                grant.expiresAt(), at(5), "staff-admin-9", revoked.version()));
        String patientActor = child.id().toString();
        run(tx -> assertThat(tx.proxyGrants().revoke(grant.id(), patientActor, at(6))).isFalse());
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(revoked));
        run(tx -> assertThat(tx.proxyGrants().revoke(ProxyGrantId.newId(), patientActor, at(6))).isFalse());
    }

    @Test
    @DisplayName("a grant is revoked exactly once by " + THREADS + " concurrent revokers, and the winner's name and time are recorded (PX-3)")
    void concurrentRevoke() throws Exception {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        List<Outcome<Integer>> outcomes = concurrently(THREADS, i -> writeRetrying(
                tx -> tx.proxyGrants().revoke(grant.id(), "revoker-" + i, at(i)) ? i : -1));
        assertThat(failures(outcomes)).isEmpty();
        List<Integer> winners = successes(outcomes).stream().filter(i -> i >= 0).toList();
        assertThat(winners).hasSize(1);
        ProxyGrant revoked = read(tx -> tx.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(revoked.revokedBy()).isEqualTo("revoker-" + winners.get(0));
        assertThat(revoked.revokedAt()).isEqualTo(at(winners.get(0)));
        check(tx -> assertThat(tx.proxyGrants().listForPatient(child.id(), null, 10)).isEmpty());
    }

    @Test
    @DisplayName("of " + THREADS + " concurrent updates from one version exactly one succeeds, the others fail as stale (PX-2)")
    void concurrentUpdates() throws Exception {
        ProxyGrant grant = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(grant));
        List<Outcome<ProxyGrant>> outcomes = concurrently(THREADS, i -> writeRetrying(tx ->
                tx.proxyGrants().update(grant.with(grant.scopes(), Set.of(), at(1000 + i)))));
        assertThat(successes(outcomes)).hasSize(1);
        assertThat(failures(outcomes)).hasSize(THREADS - 1).allMatch(OptimisticLockException.class::isInstance);
        ProxyGrant winner = successes(outcomes).get(0);
        assertThat(winner.version()).isEqualTo(1);
        check(tx -> assertThat(tx.proxyGrants().find(grant.id())).contains(winner));
    }

    @Test
    @DisplayName("a rolled-back work leaves grants as they were: no insert, update or revocation survives; its own reads saw them (PX-3)")
    void rollback() {
        ProxyGrant kept = grant(proxy.id(), child.id());
        run(tx -> tx.proxyGrants().insert(kept));
        ProxyGrant added = grant(proxy.id(), child.id());
        assertThatThrownBy(() -> run(tx -> {
            tx.proxyGrants().insert(added);
            tx.proxyGrants().update(kept.with(Set.of(ProxyScope.RECORDS), Set.of(), at(50)));
            assertThat(tx.proxyGrants().revoke(kept.id(), "staff-admin-1", at(60))).isTrue();
            assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).containsExactly(added);
            assertThat(tx.proxyGrants().listForProxy(proxy.id(), null, 10)).containsExactly(added);
            assertThat(tx.proxyGrants().listForPatient(child.id(), null, 10)).containsExactly(added);
            throw new KitFailure();
        })).isInstanceOf(KitFailure.class);
        check(tx -> assertThat(tx.proxyGrants().find(kept.id())).contains(kept));
        check(tx -> assertThat(tx.proxyGrants().find(added.id())).isEmpty());
        check(tx -> assertThat(tx.proxyGrants().findUnrevoked(proxy.id(), child.id())).containsExactly(kept));
        check(tx -> assertThat(tx.proxyGrants().listForProxy(proxy.id(), null, 10)).containsExactly(kept));
        check(tx -> assertThat(tx.proxyGrants().listForPatient(child.id(), null, 10)).containsExactly(kept));
        run(tx -> assertThat(tx.proxyGrants().revoke(kept.id(), "staff-admin-1", at(70))).isTrue());
    }
}
