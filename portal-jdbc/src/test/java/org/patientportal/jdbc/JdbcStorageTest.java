package org.patientportal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.model.ActivationCodeRecord;
import org.patientportal.model.AuditChain;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Channel;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.CodeStatus;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyGrantId;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;

/** The adapter's own checks, run on H2 (both modes) and on PostgreSQL. */
@ParameterizedClass(name = "{displayName} on {0}")
@EnumSource(DatabaseKind.class)
@DisplayName("The JDBC adapter's own checks")
class JdbcStorageTest {
    protected TestDatabases.TestDatabase database;
    protected PortalStorage storage;

    /** The database this run is on. */
    @Parameter
    DatabaseKind databaseKind;

    /** A new, empty database. */
    protected TestDatabases.TestDatabase database() {
        return databaseKind.open(JdbcStorageTest.class);
    }

    @BeforeEach
    void open() {
        database = database();
        storage = JdbcStorage.create(database.dataSource());
    }

    @AfterEach
    void closeDatabases() {
        storage.close();
        database.close();
    }

    private <T> T tx(java.util.function.Function<StorageTransaction, T> work) {
        return storage.inTransaction(work::apply);
    }

    @Test
    @DisplayName("every record round-trips exactly, instants at microsecond precision")
    void roundTrips() {
        Patient patient = Fixtures.patient();
        Account account = Fixtures.account(patient.id());
        ActivationCodeRecord code = Fixtures.code(patient.id(), Fixtures.T0);
        SessionRecord session = Fixtures.session(account.id());
        OutboxEntry entry = OutboxEntry.pending("kind", patient.id(), account.id(),
                "{\"quote\\\"\": \"back\\\\slash\", \"nl\": \"a\nb\u2028\", \"emoji\": \"\uD83D\uDE00 é\"}",
                "appointment:1", Fixtures.T0, Fixtures.T0.plusNanos(123_456_789));
        IdempotencyRecord record = new IdempotencyRecord("scope", "k".repeat(255), "hash", "{\"x\":1}", Fixtures.T0);
        tx(t -> {
            t.patients().insert(patient);
            t.accounts().insert(account);
            t.activationCodes().insert(code);
            t.sessions().insert(session);
            t.outbox().enqueue(entry);
            t.idempotencyRecords().insert(record);
            return null;
        });
        tx(t -> {
            assertThat(t.patients().find(patient.id())).contains(patient);
            assertThat(t.patients().findByMrn(patient.mrn())).contains(patient);
            assertThat(t.accounts().find(account.id())).contains(account);
            assertThat(t.accounts().findByUsernameKey(account.usernameKey())).contains(account);
            assertThat(t.accounts().findByPatient(patient.id())).contains(account);
            assertThat(t.activationCodes().find(code.id())).contains(code);
            assertThat(t.activationCodes().findByHash(code.codeHash())).contains(code);
            assertThat(t.sessions().find(session.id())).contains(session);
            assertThat(t.sessions().findByTokenHash(session.tokenHash())).contains(session);
            OutboxEntry stored = t.outbox().find(entry.id()).orElseThrow();
            assertThat(stored.payload()).isEqualTo(entry.payload());
            assertThat(stored.nextAttemptAt()).isEqualTo(Fixtures.T0.plusNanos(123_456_000));
            assertThat(t.idempotencyRecords().find("scope", "k".repeat(255))).contains(record);
            return null;
        });
    }

    @Test
    @DisplayName("unique keys give DuplicateKeyException and leave the transaction usable")
    void duplicates() {
        Patient patient = Fixtures.patient();
        Account account = Fixtures.account(patient.id());
        tx(t -> {
            t.patients().insert(patient);
            t.accounts().insert(account);
            Patient sameMrn = new Patient(PatientId.newId(), patient.mrn(), "B", "C", patient.birthDate(), "x",
                    null, null, Fixtures.T0, 0);
            assertThatThrownBy(() -> t.patients().insert(sameMrn)).isInstanceOf(DuplicateKeyException.class);
            Account secondForPatient = Fixtures.account(patient.id());
            assertThatThrownBy(() -> t.accounts().insert(secondForPatient)).isInstanceOf(DuplicateKeyException.class);
            Patient other = Fixtures.patient();
            t.patients().insert(other);
            Patient clash = new Patient(other.id(), patient.mrn(), "B", "C", other.birthDate(), "x", null, null,
                    Fixtures.T0, 0);
            assertThatThrownBy(() -> t.patients().update(clash)).isInstanceOf(DuplicateKeyException.class);
            IdempotencyRecord record = new IdempotencyRecord("s", "k", "h", "r", Fixtures.T0);
            t.idempotencyRecords().insert(record);
            assertThatThrownBy(() -> t.idempotencyRecords().insert(record)).isInstanceOf(DuplicateKeyException.class);
            return null;
        });
        List<Patient> all = tx(t -> t.patients().page(null, 10));
        assertThat(all).hasSize(2);
    }

    @Test
    @DisplayName("versioned updates: stale version is an OptimisticLockException")
    void optimistic() {
        Patient patient = Fixtures.patient();
        tx(t -> {
            t.patients().insert(patient);
            return null;
        });
        Patient updated = tx(t -> t.patients().update(patient));
        assertThat(updated.version()).isEqualTo(1);
        assertThatThrownBy(() -> tx(t -> t.patients().update(patient))).isInstanceOf(OptimisticLockException.class);
    }

    @Test
    @DisplayName("counters and conditional writes")
    void conditionalWrites() {
        Patient patient = Fixtures.patient();
        Account account = Fixtures.account(patient.id());
        ActivationCodeRecord code = Fixtures.code(patient.id(), Fixtures.T0);
        ActivationCodeRecord newer = Fixtures.code(patient.id(), Fixtures.T0.plusSeconds(1));
        SessionRecord session = Fixtures.session(account.id());
        tx(t -> {
            t.patients().insert(patient);
            t.accounts().insert(account);
            t.activationCodes().insert(code);
            t.activationCodes().insert(newer);
            t.sessions().insert(session);
            return null;
        });
        tx(t -> {
            assertThat(t.accounts().recordLoginFailure(account.id(), Fixtures.T0, org.patientportal.spi.storage.LoginLockout.none())).isEqualTo(1);
            assertThat(t.accounts().recordLoginFailure(account.id(), Fixtures.T0, org.patientportal.spi.storage.LoginLockout.none())).isEqualTo(2);
            assertThat(t.accounts().recordLoginFailure(org.patientportal.model.AccountId.newId(), Fixtures.T0, org.patientportal.spi.storage.LoginLockout.none()))
                    .isEqualTo(-1);
            assertThat(t.activationCodes().recordFailedAttempt(code.id())).isEqualTo(1);
            assertThat(t.activationCodes().findByPatient(patient.id())).extracting(ActivationCodeRecord::id)
                    .containsExactly(newer.id(), code.id());
            assertThat(t.activationCodes().consume(code.id(), Fixtures.T0)).isTrue();
            assertThat(t.activationCodes().consume(code.id(), Fixtures.T0)).isFalse();
            assertThat(t.activationCodes().revokeActive(patient.id(), CodePurpose.SIGN_UP, Fixtures.T0)).isEqualTo(1);
            assertThat(t.activationCodes().find(newer.id()).orElseThrow().status()).isEqualTo(CodeStatus.REVOKED);
            assertThat(t.sessions().touch(session.id(), Fixtures.T0.plusSeconds(61), Fixtures.T0.plusSeconds(1)))
                    .isTrue();
            assertThat(t.sessions().touch(session.id(), Fixtures.T0.plusSeconds(62), Fixtures.T0.plusSeconds(1)))
                    .isFalse();
            assertThat(t.sessions().revoke(session.id(), Fixtures.T0)).isTrue();
            assertThat(t.sessions().revoke(session.id(), Fixtures.T0)).isFalse();
            return null;
        });
        Account stored = tx(t -> t.accounts().find(account.id())).orElseThrow();
        assertThat(stored.failedLoginCount()).isEqualTo(2);
        assertThat(stored.version()).isZero();
        Account updated = tx(t -> t.accounts().update(stored.withPasswordHash("new", Fixtures.T0)));
        assertThat(updated.failedLoginCount()).isEqualTo(2);
        assertThat(updated.version()).isEqualTo(1);
    }

    @Test
    @DisplayName("a work that throws leaves nothing behind; nested transactions and bad limits are refused")
    void rollbackAndMisuse() {
        Patient patient = Fixtures.patient();
        assertThatThrownBy(() -> tx(t -> {
            t.patients().insert(patient);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        java.util.Optional<Patient> none = tx(t -> t.patients().find(patient.id()));
        assertThat(none).isEmpty();
        assertThatThrownBy(() -> tx(t -> tx(u -> null))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tx(t -> t.patients().page(null, 0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx(t -> t.outbox().dead(null, 1001))).isInstanceOf(IllegalArgumentException.class);
        StorageTransaction leaked = tx(t -> t);
        assertThatThrownBy(() -> leaked.patients()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("keyset pages follow unsigned UUID order")
    void pages() {
        List<Patient> patients = new ArrayList<>();
        for (long high : new long[] {0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL, 1L, -1L}) {
            for (long low : new long[] {1L, 0x8000_0000_0000_0001L}) {
                Patient p = Fixtures.patient();
                patients.add(new Patient(new PatientId(new UUID(high, low)), p.mrn(), p.givenName(), p.familyName(),
                        p.birthDate(), p.ssn4Hash(), null, null, p.registeredAt(), 0));
            }
        }
        tx(t -> {
            patients.forEach(t.patients()::insert);
            return null;
        });
        List<UUID> expected = patients.stream().map(p -> p.id().value()).sorted(Uuids.UNSIGNED_ORDER).toList();
        List<UUID> seen = new ArrayList<>();
        PatientId after = null;
        while (true) {
            PatientId from = after;
            List<Patient> page = tx(t -> t.patients().page(from, 3));
            if (page.isEmpty()) {
                break;
            }
            page.forEach(p -> seen.add(p.id().value()));
            after = page.get(page.size() - 1).id();
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("audit chains: lock, append, order, misuse")
    void audit() {
        AuditChain chain = AuditChain.of(PatientId.newId());
        assertThatThrownBy(() -> tx(t -> {
            t.auditTrail().append(Fixtures.event(chain, 1, ""));
            return null;
        })).isInstanceOf(IllegalStateException.class);
        tx(t -> {
            ChainHead head = t.auditTrail().lockHead(chain);
            assertThat(head).isEqualTo(ChainHead.empty(chain));
            assertThat(t.auditTrail().head(chain)).isEmpty();
            t.auditTrail().append(Fixtures.event(chain, 1, ""));
            assertThatThrownBy(() -> t.auditTrail().append(Fixtures.event(chain, 3, "hash-" + chain + "-1")))
                    .isInstanceOf(OptimisticLockException.class);
            t.auditTrail().append(Fixtures.event(chain, 2, "hash-" + chain + "-1"));
            return null;
        });
        tx(t -> {
            t.auditTrail().lockHead(AuditChain.SYSTEM);
            t.auditTrail().append(Fixtures.event(AuditChain.SYSTEM, 1, ""));
            t.auditTrail().lockHead(new AuditChain("empty-chain"));
            return null;
        });
        java.util.Optional<ChainHead> head = tx(t -> t.auditTrail().head(chain));
        assertThat(head).contains(new ChainHead(chain, 2, "hash-" + chain + "-2"));
        List<org.patientportal.model.AuditEvent> events = tx(t -> t.auditTrail().events(chain, 1, 10));
        assertThat(events).extracting(e -> e.sequence()).containsExactly(2L);
        List<ChainHead> chains = tx(t -> t.auditTrail().chains(null, 10));
        assertThat(chains).extracting(ChainHead::chain)
                .containsExactly(chain, AuditChain.SYSTEM);
        List<ChainHead> rest = tx(t -> t.auditTrail().chains(chain, 10));
        assertThat(rest).extracting(ChainHead::chain)
                .containsExactly(AuditChain.SYSTEM);
    }

    @Test
    @DisplayName("concurrent appenders on one chain never fork it")
    void auditConcurrency() throws Exception {
        AuditChain chain = AuditChain.of(PatientId.newId());
        int threads = 8;
        int perThread = 10;
        runConcurrently(threads, i -> {
            for (int n = 0; n < perThread; n++) {
                tx(t -> {
                    ChainHead head = t.auditTrail().lockHead(chain);
                    t.auditTrail().append(Fixtures.event(chain, head.sequence() + 1, head.hash()));
                    return null;
                });
            }
            return null;
        });
        List<org.patientportal.model.AuditEvent> all = tx(t -> t.auditTrail().events(chain, 0, 1000));
        assertThat(all).extracting(e -> e.sequence())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, threads * perThread).boxed()
                        .toList());
    }

    @Test
    @DisplayName("outbox: claim order, lapsed claims, outcomes, dead letters")
    void outbox() {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(Fixtures.outbox(Fixtures.T0.plusSeconds(10 - i)));
        }
        OutboxEntry future = Fixtures.outbox(Fixtures.T0.plusSeconds(3600));
        tx(t -> {
            entries.forEach(t.outbox()::enqueue);
            t.outbox().enqueue(future);
            return null;
        });
        Instant now = Fixtures.T0.plusSeconds(60);
        List<OutboxEntry> first = tx(t -> t.outbox().claimDue(now, 3, "a", now.plusSeconds(30)));
        assertThat(first).extracting(OutboxEntry::id).containsExactly(entries.get(4).id(), entries.get(3).id(),
                entries.get(2).id());
        assertThat(first).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(OutboxStatus.CLAIMED);
            assertThat(e.claimedBy()).isEqualTo("a");
        });
        List<OutboxEntry> second = tx(t -> t.outbox().claimDue(now, 10, "b", now.plusSeconds(30)));
        assertThat(second).extracting(OutboxEntry::id).containsExactly(entries.get(1).id(), entries.get(0).id());
        List<OutboxEntry> lapsed = tx(t -> t.outbox().claimDue(now.plusSeconds(30), 1, "c", now.plusSeconds(60)));
        assertThat(lapsed).extracting(OutboxEntry::id).containsExactly(entries.get(4).id());
        tx(t -> {
            assertThat(t.outbox().markDelivered(entries.get(4).id(), "a", now)).isFalse();
            assertThat(t.outbox().markDelivered(entries.get(4).id(), "c", now)).isTrue();
            assertThat(t.outbox().markFailed(entries.get(3).id(), "a", "E1", now.plusSeconds(5))).isTrue();
            assertThat(t.outbox().markDead(entries.get(2).id(), "a", "E2", now)).isTrue();
            assertThat(t.outbox().dead(null, 10)).extracting(OutboxEntry::id).containsExactly(entries.get(2).id());
            assertThat(t.outbox().requeue(entries.get(2).id(), now)).isTrue();
            assertThat(t.outbox().requeue(entries.get(2).id(), now)).isFalse();
            return null;
        });
        OutboxEntry failed = tx(t -> t.outbox().find(entries.get(3).id())).orElseThrow();
        assertThat(failed.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("E1");
    }

    @Test
    @DisplayName("concurrent claimers get disjoint sets and together every due entry")
    void outboxConcurrency() throws Exception {
        int total = 120;
        tx(t -> {
            for (int i = 0; i < total; i++) {
                t.outbox().enqueue(Fixtures.outbox(Fixtures.T0.plusMillis(i)));
            }
            return null;
        });
        Instant now = Fixtures.T0.plusSeconds(60);
        List<List<OutboxEntry>> claims = runConcurrently(6, i -> {
            List<OutboxEntry> mine = new ArrayList<>();
            while (true) {
                List<OutboxEntry> got = tx(t -> t.outbox().claimDue(now, 7, "claimer-" + i, now.plusSeconds(300)));
                if (got.isEmpty()) {
                    return mine;
                }
                mine.addAll(got);
            }
        });
        Set<UUID> ids = new HashSet<>();
        int count = 0;
        for (List<OutboxEntry> claim : claims) {
            for (OutboxEntry e : claim) {
                ids.add(e.id().value());
                count++;
            }
        }
        assertThat(count).isEqualTo(total);
        assertThat(ids).hasSize(total);
    }

    @Test
    @DisplayName("sessions page by id and skip revoked ones")
    void sessions() {
        Patient patient = Fixtures.patient();
        Account owner = Fixtures.account(patient.id());
        org.patientportal.model.AccountId account = owner.id();
        List<SessionRecord> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(Fixtures.session(account));
        }
        tx(t -> {
            t.patients().insert(patient);
            t.accounts().insert(owner);
            sessions.forEach(t.sessions()::insert);
            t.sessions().revoke(sessions.get(1).id(), Fixtures.T0);
            return null;
        });
        List<SessionId> expected = sessions.stream().filter(s -> !s.id().equals(sessions.get(1).id()))
                .map(SessionRecord::id).sorted(Comparator.comparing(SessionId::value, Uuids.UNSIGNED_ORDER)).toList();
        List<SessionRecord> page1 = tx(t -> t.sessions().listUnrevoked(account, null, 2));
        List<SessionRecord> page2 = tx(t -> t.sessions().listUnrevoked(account, page1.get(1).id(), 10));
        List<SessionId> seen = new ArrayList<>();
        page1.forEach(s -> seen.add(s.id()));
        page2.forEach(s -> seen.add(s.id()));
        assertThat(seen).containsExactlyElementsOf(expected);
        int revoked = tx(t -> t.sessions().revokeAll(account, Fixtures.T0));
        assertThat(revoked).isEqualTo(4);
    }

    /** A patient with an account (the proxy) and {@code children} patients it may act for, stored. */
    private record Family(Account proxy, List<Patient> children) {
    }

    private Family family(int children) {
        Patient parent = Fixtures.patient();
        Account proxy = Fixtures.account(parent.id());
        List<Patient> kids = new ArrayList<>();
        for (int i = 0; i < children; i++) {
            kids.add(Fixtures.patient());
        }
        tx(t -> {
            t.patients().insert(parent);
            t.accounts().insert(proxy);
            kids.forEach(t.patients()::insert);
            return null;
        });
        return new Family(proxy, kids);
    }

    private static ProxyGrant withId(ProxyGrant grant, UUID id) {
        return new ProxyGrant(new ProxyGrantId(id), grant.proxyAccountId(), grant.patientId(), grant.relationship(),
                grant.scopes(), grant.teenConsent(), grant.grantedAt(), grant.grantedBy(), grant.expiresAt(),
                grant.revokedAt(), grant.revokedBy(), grant.version());
    }

    @Test
    @DisplayName("proxy grants: round trip, duplicate id, foreign keys, no revoked or versioned insert")
    void proxyGrantInsert() {
        Family family = family(1);
        PatientId child = family.children().get(0).id();
        ProxyGrant all = new ProxyGrant(ProxyGrantId.newId(), family.proxy().id(), child, ProxyRelationship.GUARDIAN,
                EnumSet.allOf(ProxyScope.class), EnumSet.allOf(ProxyScope.class), Fixtures.T0.plusNanos(999),
                "staff-\"7\"", Fixtures.T0.plusNanos(1_000_001), null, null, 0);
        ProxyGrant one = Fixtures.grant(family.proxy().id(), child);
        ProxyGrant noConsent = one.with(Set.of(ProxyScope.RECORDS), Set.of(), Fixtures.T0);
        ProxyGrant other = withId(noConsent, UUID.randomUUID());
        tx(t -> {
            t.proxyGrants().insert(all);
            t.proxyGrants().insert(one);
            assertThatThrownBy(() -> t.proxyGrants().insert(noConsent)).isInstanceOf(DuplicateKeyException.class);
            t.proxyGrants().insert(other); // the transaction goes on after a duplicate
            return null;
        });
        tx(t -> {
            ProxyGrant stored = t.proxyGrants().find(all.id()).orElseThrow();
            assertThat(stored.grantedAt()).isEqualTo(Fixtures.T0);
            assertThat(stored.expiresAt()).isEqualTo(Fixtures.T0.plusNanos(1_000_000));
            assertThat(stored).isEqualTo(new ProxyGrant(all.id(), all.proxyAccountId(), child, all.relationship(),
                    all.scopes(), all.teenConsent(), Fixtures.T0, all.grantedBy(), stored.expiresAt(), null, null, 0));
            assertThat(t.proxyGrants().find(one.id())).contains(one);
            assertThat(t.proxyGrants().find(other.id())).contains(other);
            assertThat(t.proxyGrants().find(ProxyGrantId.newId())).isEmpty();
            return null;
        });
        ProxyGrant revoked = new ProxyGrant(ProxyGrantId.newId(), one.proxyAccountId(), child, one.relationship(),
                one.scopes(), one.teenConsent(), one.grantedAt(), one.grantedBy(), one.expiresAt(), Fixtures.T0,
                "staff-1", 0);
        assertThatThrownBy(() -> tx(t -> {
            t.proxyGrants().insert(revoked);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        ProxyGrant versioned = new ProxyGrant(ProxyGrantId.newId(), one.proxyAccountId(), child, one.relationship(),
                one.scopes(), one.teenConsent(), one.grantedAt(), one.grantedBy(), one.expiresAt(), null, null, 3);
        assertThatThrownBy(() -> tx(t -> {
            t.proxyGrants().insert(versioned);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        ProxyGrant unknownPatient = Fixtures.grant(family.proxy().id(), PatientId.newId());
        assertThatThrownBy(() -> tx(t -> {
            t.proxyGrants().insert(unknownPatient);
            return null;
        })).isInstanceOf(StorageException.class).isNotInstanceOf(DuplicateKeyException.class)
                .hasMessageStartingWith("Could not add proxy grant (SQLState 23").hasNoCause();
        ProxyGrant unknownAccount = Fixtures.grant(AccountId.newId(), child);
        assertThatThrownBy(() -> tx(t -> {
            t.proxyGrants().insert(unknownAccount);
            return null;
        })).isInstanceOf(StorageException.class).hasNoCause();
    }

    @Test
    @DisplayName("proxy grants: unrevoked lookups and keyset pages by account and by patient, unsigned id order")
    void proxyGrantPages() {
        Family family = family(2);
        Family stranger = family(1);
        PatientId first = family.children().get(0).id();
        PatientId second = family.children().get(1).id();
        List<ProxyGrant> grants = new ArrayList<>();
        long[] highs = {0x8000_0000_0000_0000L, 0x7FFF_FFFF_FFFF_FFFFL, 1L, -1L};
        for (int i = 0; i < highs.length; i++) {
            grants.add(withId(Fixtures.grant(family.proxy().id(), first), new UUID(highs[i], 17L)));
            grants.add(withId(Fixtures.grant(family.proxy().id(), second), new UUID(highs[i], -17L)));
        }
        ProxyGrant strangers = Fixtures.grant(stranger.proxy().id(), first); // another proxy of the same child
        ProxyGrant revoked = grants.get(2);
        tx(t -> {
            grants.forEach(t.proxyGrants()::insert);
            t.proxyGrants().insert(strangers);
            assertThat(t.proxyGrants().revoke(revoked.id(), "staff-2", Fixtures.T0)).isTrue();
            return null;
        });
        List<ProxyGrant> live = grants.stream().filter(g -> !g.id().equals(revoked.id()))
                .sorted(Comparator.comparing(g -> g.id().value(), Uuids.UNSIGNED_ORDER)).toList();

        List<ProxyGrant> forFirst = tx(t -> t.proxyGrants().findUnrevoked(family.proxy().id(), first));
        assertThat(forFirst).containsExactlyElementsOf(live.stream().filter(g -> g.patientId().equals(first)).toList());
        List<ProxyGrant> none = tx(t -> t.proxyGrants().findUnrevoked(family.proxy().id(), PatientId.newId()));
        assertThat(none).isEmpty();

        assertThat(pages((after, limit) -> tx(t -> t.proxyGrants().listForProxy(family.proxy().id(), after, limit))))
                .containsExactlyElementsOf(live);
        List<ProxyGrant> ofFirst = new ArrayList<>(live.stream().filter(g -> g.patientId().equals(first)).toList());
        ofFirst.add(strangers);
        ofFirst.sort(Comparator.comparing(g -> g.id().value(), Uuids.UNSIGNED_ORDER));
        assertThat(pages((after, limit) -> tx(t -> t.proxyGrants().listForPatient(first, after, limit))))
                .containsExactlyElementsOf(ofFirst);
        assertThatThrownBy(() -> tx(t -> t.proxyGrants().listForProxy(family.proxy().id(), null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx(t -> t.proxyGrants().listForPatient(first, null, 1001)))
                .isInstanceOf(IllegalArgumentException.class);
        List<ProxyGrant> thousand = tx(t -> t.proxyGrants().listForPatient(second, null, 1000));
        assertThat(thousand).hasSize(4);
    }

    private static List<ProxyGrant> pages(java.util.function.BiFunction<ProxyGrantId, Integer, List<ProxyGrant>> page) {
        List<ProxyGrant> seen = new ArrayList<>();
        ProxyGrantId after = null;
        while (true) {
            List<ProxyGrant> next = page.apply(after, 2);
            assertThat(next).hasSizeLessThanOrEqualTo(2);
            if (next.isEmpty()) {
                return seen;
            }
            seen.addAll(next);
            after = next.get(next.size() - 1).id();
        }
    }

    @Test
    @DisplayName("proxy grants: versioned update writes scopes, consent and expiry only; revoked grants are final")
    void proxyGrantUpdateAndRevoke() {
        Family family = family(1);
        ProxyGrant grant = Fixtures.grant(family.proxy().id(), family.children().get(0).id());
        tx(t -> {
            t.proxyGrants().insert(grant);
            return null;
        });
        // Fields other than scopes, consent and expiry are ignored, even if the caller changed them.
        ProxyGrant tampered = new ProxyGrant(grant.id(), AccountId.newId(), PatientId.newId(),
                ProxyRelationship.CAREGIVER, Set.of(ProxyScope.RECORDS), Set.of(), Fixtures.T0.minusSeconds(5), "other",
                Fixtures.T0.plusSeconds(7).plusNanos(1), null, null, 0);
        ProxyGrant updated = tx(t -> t.proxyGrants().update(tampered));
        ProxyGrant expected = grant.with(Set.of(ProxyScope.RECORDS), Set.of(), Fixtures.T0.plusSeconds(7));
        expected = new ProxyGrant(expected.id(), expected.proxyAccountId(), expected.patientId(),
                expected.relationship(), expected.scopes(), expected.teenConsent(), expected.grantedAt(),
                expected.grantedBy(), expected.expiresAt(), null, null, 1);
        assertThat(updated).isEqualTo(expected);
        assertThat(grantOf(grant.id())).contains(expected);
        assertThatThrownBy(() -> tx(t -> t.proxyGrants().update(grant))).isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> tx(t -> t.proxyGrants().update(Fixtures.grant(family.proxy().id(),
                family.children().get(0).id())))).isInstanceOf(OptimisticLockException.class);

        tx(t -> {
            assertThat(t.proxyGrants().revoke(grant.id(), "account-9", Fixtures.T0.plusNanos(1500))).isTrue();
            assertThat(t.proxyGrants().revoke(grant.id(), "staff-1", Fixtures.T0.plusSeconds(1))).isFalse();
            assertThat(t.proxyGrants().revoke(ProxyGrantId.newId(), "staff-1", Fixtures.T0)).isFalse();
            return null;
        });
        ProxyGrant revoked = tx(t -> t.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(Fixtures.T0.plusNanos(1000));
        assertThat(revoked.revokedBy()).isEqualTo("account-9");
        assertThat(revoked.version()).isEqualTo(2);
        assertThat(revoked.scopes()).containsExactly(ProxyScope.RECORDS);
        assertThatThrownBy(() -> tx(t -> t.proxyGrants().update(revoked.with(EnumSet.allOf(ProxyScope.class), Set.of(),
                Fixtures.T0.plusSeconds(3600))))).isInstanceOf(OptimisticLockException.class);
        assertThat(grantOf(grant.id())).contains(revoked);
        List<ProxyGrant> unrevoked = tx(t -> t.proxyGrants().findUnrevoked(family.proxy().id(),
                family.children().get(0).id()));
        assertThat(unrevoked).isEmpty();
    }

    @Test
    @DisplayName("a grant revoked by 8 threads at once is revoked by exactly one")
    void proxyGrantRevokedOnce() throws Exception {
        Family family = family(1);
        ProxyGrant grant = Fixtures.grant(family.proxy().id(), family.children().get(0).id());
        tx(t -> {
            t.proxyGrants().insert(grant);
            return null;
        });
        List<Boolean> revoked = runConcurrently(8, i -> tx(t -> t.proxyGrants().revoke(grant.id(), "staff-" + i,
                Fixtures.T0.plusSeconds(i))));
        assertThat(revoked).containsOnlyOnce(true).hasSize(8);
        ProxyGrant stored = tx(t -> t.proxyGrants().find(grant.id())).orElseThrow();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.revokedBy()).isEqualTo("staff-" + revoked.indexOf(true));
    }

    @Test
    @DisplayName("preferences: first save stores version 1, then versioned saves; stale and duplicate are refused")
    void preferences() {
        Patient patient = Fixtures.patient();
        tx(t -> {
            t.patients().insert(patient);
            return null;
        });
        Map<String, Set<Channel>> channels = new java.util.HashMap<>();
        channels.put("result-released", EnumSet.of(Channel.SMS, Channel.EMAIL));
        channels.put("quote\" back\\slash, comma:colon", EnumSet.allOf(Channel.class));
        channels.put("nothing", Set.of());
        channels.put("\uD83D\uDE00 é\u0001", Set.of(Channel.PUSH));
        NotificationPreferences first = new NotificationPreferences(patient.id(), channels, "device-token-1",
                Fixtures.T0.plusNanos(1999), null, 0);
        assertThat(preferencesOf(patient.id())).isEmpty();
        NotificationPreferences saved = tx(t -> t.preferences().save(first));
        NotificationPreferences expected = new NotificationPreferences(patient.id(), channels, "device-token-1",
                Fixtures.T0.plusNanos(1000), null, 1);
        assertThat(saved).isEqualTo(expected);
        assertThat(preferencesOf(patient.id())).contains(expected);
        tx(t -> {
            assertThatThrownBy(() -> t.preferences().save(first)).isInstanceOf(DuplicateKeyException.class);
            assertThat(t.preferences().find(patient.id())).contains(expected); // still usable
            return null;
        });

        NotificationPreferences stopped = new NotificationPreferences(patient.id(), Map.of(), null,
                saved.smsConsentAt(), Fixtures.T0.plusSeconds(60), saved.version());
        NotificationPreferences second = tx(t -> t.preferences().save(stopped));
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.smsConsented()).isFalse();
        assertThat(preferencesOf(patient.id())).contains(second);
        assertThatThrownBy(() -> tx(t -> t.preferences().save(stopped))).isInstanceOf(OptimisticLockException.class);
        NotificationPreferences ahead = new NotificationPreferences(patient.id(), Map.of(), null, null, null, 9);
        assertThatThrownBy(() -> tx(t -> t.preferences().save(ahead))).isInstanceOf(OptimisticLockException.class);
        NotificationPreferences nobody = new NotificationPreferences(PatientId.newId(), Map.of(), null, null, null, 1);
        assertThatThrownBy(() -> tx(t -> t.preferences().save(nobody))).isInstanceOf(OptimisticLockException.class);
        assertThat(preferencesOf(patient.id())).contains(second);
    }

    @Test
    @DisplayName("preferences saved from one version by 8 threads at once: exactly one save wins")
    void preferencesOneWins() throws Exception {
        Patient patient = Fixtures.patient();
        tx(t -> {
            t.patients().insert(patient);
            return null;
        });
        List<Object> inserts = runConcurrently(8, i -> saveOrConflict(
                new NotificationPreferences(patient.id(), Map.of("k" + i, Set.of(Channel.EMAIL)), null, null, null, 0)));
        assertThat(inserts).filteredOn(NotificationPreferences.class::isInstance).hasSize(1);
        assertThat(inserts).filteredOn(DuplicateKeyException.class::isInstance).hasSize(7);
        NotificationPreferences current = tx(t -> t.preferences().find(patient.id())).orElseThrow();
        assertThat(inserts).contains(current);
        List<Object> updates = runConcurrently(8, i -> saveOrConflict(
                new NotificationPreferences(patient.id(), Map.of("u" + i, Set.of(Channel.SMS)), null, null, null, 1)));
        assertThat(updates).filteredOn(NotificationPreferences.class::isInstance).hasSize(1);
        assertThat(updates).filteredOn(OptimisticLockException.class::isInstance).hasSize(7);
        NotificationPreferences winner = tx(t -> t.preferences().find(patient.id())).orElseThrow();
        assertThat(winner.version()).isEqualTo(2);
        assertThat(updates).contains(winner);
    }

    private java.util.Optional<ProxyGrant> grantOf(ProxyGrantId id) {
        return tx(t -> t.proxyGrants().find(id));
    }

    private java.util.Optional<NotificationPreferences> preferencesOf(PatientId id) {
        return tx(t -> t.preferences().find(id));
    }

    private List<Patient> byMobile(String mobile) {
        return tx(t -> t.patients().findByMobile(mobile));
    }

    private Object saveOrConflict(NotificationPreferences preferences) {
        try {
            return tx(t -> t.preferences().save(preferences));
        } catch (DuplicateKeyException | OptimisticLockException e) {
            return e;
        }
    }

    @Test
    @DisplayName("patients by mobile: exact match, every sharer, unsigned id order")
    void patientsByMobile() {
        List<Patient> family = new ArrayList<>();
        for (long high : new long[] {-1L, 1L, 0x8000_0000_0000_0000L}) {
            Patient p = Fixtures.patient();
            family.add(new Patient(new PatientId(new UUID(high, 5L)), p.mrn(), p.givenName(), p.familyName(),
                    p.birthDate(), p.ssn4Hash(), null, "+15550001111", p.registeredAt(), 0));
        }
        Patient other = Fixtures.patient();
        Patient noMobile = new Patient(PatientId.newId(), Fixtures.unique("MRN"), "A", "B", other.birthDate(), "x",
                null, null, Fixtures.T0, 0);
        tx(t -> {
            family.forEach(t.patients()::insert);
            t.patients().insert(other);
            t.patients().insert(noMobile);
            return null;
        });
        List<Patient> found = tx(t -> t.patients().findByMobile("+15550001111"));
        assertThat(found).containsExactlyElementsOf(family.stream()
                .sorted(Comparator.comparing(p -> p.id().value(), Uuids.UNSIGNED_ORDER)).toList());
        assertThat(byMobile(other.mobile())).containsExactly(other);
        assertThat(byMobile("+1555000111")).isEmpty();
        assertThat(byMobile("")).isEmpty();
    }

    @Test
    @DisplayName("outbox counts: every status present, zero where none, in one statement")
    void outboxCounts() {
        Map<OutboxStatus, Long> empty = tx(t -> t.outbox().countByStatus());
        assertThat(empty).containsOnlyKeys(OutboxStatus.values()).allSatisfy((status, count) -> assertThat(count).isZero());
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(Fixtures.outbox(Fixtures.T0.plusSeconds(i)));
        }
        OutboxEntry correlated = OutboxEntry.pending("kind", null, null, "", "appointment:9", Fixtures.T0,
                Fixtures.T0.plusSeconds(3600));
        tx(t -> {
            entries.forEach(t.outbox()::enqueue);
            t.outbox().enqueue(correlated);
            return null;
        });
        Instant now = Fixtures.T0.plusSeconds(60);
        tx(t -> {
            t.outbox().claimDue(now, 4, "c", now.plusSeconds(30));
            t.outbox().markDelivered(entries.get(0).id(), "c", now);
            t.outbox().markDead(entries.get(1).id(), "c", "E", now);
            t.outbox().cancelPending("appointment:9", now);
            return null;
        });
        Map<OutboxStatus, Long> counts = tx(t -> t.outbox().countByStatus());
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(OutboxStatus.PENDING, 2L,
                OutboxStatus.CLAIMED, 2L, OutboxStatus.DELIVERED, 1L, OutboxStatus.DEAD, 1L,
                OutboxStatus.CANCELLED, 1L));
        assertThatThrownBy(() -> counts.put(OutboxStatus.DEAD, 0L)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results. */
    static <T> List<T> runConcurrently(int threads, ThrowingTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task of one of several threads. */
    @FunctionalInterface
    interface ThrowingTask<T> {
        T run(int index) throws Exception;
    }
}
