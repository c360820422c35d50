package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.SessionId;
import org.patientportal.model.SessionRecord;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.DuplicateKeyException;

/** The {@code Sessions} store (AU-6). */
abstract class SessionsContracts extends KitSupport {
    private Account account;

    @BeforeEach
    void createAccount() {
        account = insertAccount();
    }

    @Test
    @DisplayName("a session round-trips every field through find and findByTokenHash")
    void roundTrip() {
        SessionRecord session = session(account.id());
        run(tx -> tx.sessions().insert(session));
        check(tx -> assertThat(tx.sessions().find(session.id())).contains(session));
        check(tx -> assertThat(tx.sessions().findByTokenHash(session.tokenHash())).contains(session));
    }

    @Test
    @DisplayName("an unknown id or token hash finds nothing")
    void unknown() {
        run(tx -> tx.sessions().insert(session(account.id())));
        check(tx -> assertThat(tx.sessions().find(SessionId.newId())).isEmpty());
        check(tx -> assertThat(tx.sessions().findByTokenHash("no-such-token")).isEmpty());
    }

    @Test
    @DisplayName("a taken id or token hash is a duplicate key (AU-6)")
    void duplicates() {
        SessionRecord session = session(account.id());
        run(tx -> tx.sessions().insert(session));
        SessionRecord sameId = new SessionRecord(session.id(), account.id(), unique("token"), T0, T0, at(3600),
                null, 0);
        SessionRecord sameToken = new SessionRecord(SessionId.newId(), account.id(), session.tokenHash(), T0, T0,
                at(3600), null, 0);
        assertThatThrownBy(() -> run(tx -> tx.sessions().insert(sameId))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> run(tx -> tx.sessions().insert(sameToken)))
                .isInstanceOf(DuplicateKeyException.class);
        check(tx -> assertThat(tx.sessions().listUnrevoked(account.id(), null, 10)).containsExactly(session));
    }

    @Test
    @DisplayName("touch writes lastSeenAt only if the session is not revoked and was last seen before the threshold")
    void touch() {
        SessionRecord session = session(account.id());
        SessionRecord revoked = session(account.id());
        run(tx -> {
            tx.sessions().insert(session);
            tx.sessions().insert(revoked);
            tx.sessions().revoke(revoked.id(), at(1));
        });
        // lastSeenAt is T0: not before T0, so nothing is written
        run(tx -> assertThat(tx.sessions().touch(session.id(), at(30), T0)).isFalse());
        assertThat(read(tx -> tx.sessions().find(session.id())).orElseThrow().lastSeenAt()).isEqualTo(T0);
        run(tx -> assertThat(tx.sessions().touch(session.id(), at(90), at(30))).isTrue());
        SessionRecord touched = read(tx -> tx.sessions().find(session.id())).orElseThrow();
        assertThat(touched.lastSeenAt()).isEqualTo(at(90));
        assertThat(touched.revokedAt()).isNull();
        assertThat(touched.tokenHash()).isEqualTo(session.tokenHash());
        assertThat(touched.absoluteExpiresAt()).isEqualTo(session.absoluteExpiresAt());
        // within a minute of the last write: not again
        run(tx -> assertThat(tx.sessions().touch(session.id(), at(100), at(40))).isFalse());
        assertThat(read(tx -> tx.sessions().find(session.id())).orElseThrow().lastSeenAt()).isEqualTo(at(90));

        run(tx -> assertThat(tx.sessions().touch(revoked.id(), at(90), at(3600))).isFalse());
        assertThat(read(tx -> tx.sessions().find(revoked.id())).orElseThrow().lastSeenAt()).isEqualTo(T0);
        run(tx -> assertThat(tx.sessions().touch(SessionId.newId(), at(90), at(3600))).isFalse());
    }

    @Test
    @DisplayName("revoke revokes a session once and records when; an unknown session is not revoked (AU-6)")
    void revoke() {
        SessionRecord session = session(account.id());
        run(tx -> tx.sessions().insert(session));
        run(tx -> assertThat(tx.sessions().revoke(session.id(), at(5))).isTrue());
        SessionRecord revoked = read(tx -> tx.sessions().find(session.id())).orElseThrow();
        assertThat(revoked.revoked()).isTrue();
        assertThat(revoked.revokedAt()).isEqualTo(at(5));
        run(tx -> assertThat(tx.sessions().revoke(session.id(), at(6))).isFalse());
        assertThat(read(tx -> tx.sessions().find(session.id())).orElseThrow().revokedAt()).isEqualTo(at(5));
        run(tx -> assertThat(tx.sessions().revoke(SessionId.newId(), at(6))).isFalse());
    }

    @Test
    @DisplayName("a session is revoked exactly once by " + THREADS + " concurrent threads (AU-6)")
    void concurrentRevoke() throws Exception {
        SessionRecord session = session(account.id());
        run(tx -> tx.sessions().insert(session));
        List<Outcome<Boolean>> outcomes = concurrently(THREADS,
                i -> writeRetrying(tx -> tx.sessions().revoke(session.id(), at(i))));
        assertThat(failures(outcomes)).isEmpty();
        assertThat(successes(outcomes)).filteredOn(Boolean::booleanValue).hasSize(1);
        assertThat(read(tx -> tx.sessions().find(session.id())).orElseThrow().revoked()).isTrue();
    }

    @Test
    @DisplayName("revokeAll revokes every unrevoked session of the account, counts them, and leaves other accounts alone (AU-6)")
    void revokeAll() {
        Account other = insertAccount();
        List<SessionRecord> mine = List.of(session(account.id()), session(account.id()), session(account.id()));
        SessionRecord theirs = session(other.id());
        run(tx -> {
            mine.forEach(tx.sessions()::insert);
            tx.sessions().insert(theirs);
            tx.sessions().revoke(mine.get(0).id(), at(1));
        });
        run(tx -> assertThat(tx.sessions().revokeAll(account.id(), at(10))).isEqualTo(2));
        assertThat(read(tx -> tx.sessions().find(mine.get(0).id())).orElseThrow().revokedAt()).isEqualTo(at(1));
        assertThat(read(tx -> tx.sessions().find(mine.get(1).id())).orElseThrow().revokedAt()).isEqualTo(at(10));
        assertThat(read(tx -> tx.sessions().find(mine.get(2).id())).orElseThrow().revokedAt()).isEqualTo(at(10));
        check(tx -> assertThat(tx.sessions().find(theirs.id())).contains(theirs));
        check(tx -> assertThat(tx.sessions().listUnrevoked(account.id(), null, 10)).isEmpty());
        run(tx -> assertThat(tx.sessions().revokeAll(account.id(), at(11))).isZero());
    }

    @Test
    @DisplayName("listUnrevoked returns every unrevoked session of the account exactly once, in id order, across pages of " + PAGE_SIZE)
    void listUnrevoked() {
        Account other = insertAccount();
        List<SessionRecord> sessions = new ArrayList<>();
        for (int i = 0; i < PAGE_ROWS + 5; i++) {
            sessions.add(session(account.id()));
        }
        List<SessionRecord> shuffled = new ArrayList<>(sessions);
        Collections.shuffle(shuffled, new Random(11));
        List<SessionRecord> revoked = sessions.subList(0, 5);
        run(tx -> {
            shuffled.forEach(tx.sessions()::insert);
            tx.sessions().insert(session(other.id()));
        });
        run(tx -> revoked.forEach(s -> tx.sessions().revoke(s.id(), at(1))));
        List<SessionRecord> expected = new ArrayList<>(sessions.subList(5, sessions.size()));
        expected.sort(Comparator.comparing(s -> s.id().value(), Uuids.UNSIGNED_ORDER));
        assertPaged(expected,
                (after, limit) -> read(tx -> tx.sessions().listUnrevoked(account.id(), after, limit)),
                SessionRecord::id);
    }
}
