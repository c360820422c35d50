package org.patientportal.core.auth;

import org.patientportal.core.PageRequest;
import org.patientportal.core.Page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.AuthenticationFailedException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Portal;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.model.ActorKind;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.SessionId;

/** Sessions: AU-6 authenticate, timeouts, activity, cache, logout, listing and revoking; AD-1, AD-3. */
@OnEveryStorage
@DisplayName("Session")
class SessionSuite extends AuthTestBase {

    private void assertRefused(Portal through, String token) {
        assertThatThrownBy(() -> through.auth().authenticate(token))
                .isExactlyInstanceOf(AuthenticationFailedException.class)
                .hasMessage(AuthenticationFailedException.MESSAGE);
    }

    private void assertRefused(String token) {
        assertRefused(portal, token);
    }

    @Test
    @DisplayName("AU-6 authenticate gives the patient's own actor for a live token")
    void authenticates() {
        Enrolled me = enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        Actor actor = portal.auth().authenticate(session.token());

        assertThat(actor.kind()).isEqualTo(ActorKind.PATIENT);
        assertThat(actor.accountId()).contains(me.accountId());
        assertThat(actor.patientId()).contains(me.patientId());
        assertThat(actor.sessionId()).contains(session.id());
        assertThat(actor.roles()).isEmpty();
        assertThat(actor.toString()).doesNotContain(session.token());
    }

    @Test
    @DisplayName("AU-6 an unknown, malformed or forged token fails like every other authentication failure")
    void unknownTokens() {
        enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        String forged = (session.token().charAt(0) == 'A' ? "B" : "A") + session.token().substring(1);

        assertRefused(forged);
        assertRefused("too-short");
        assertRefused(session.token() + "x");
        assertRefused("!".repeat(43));
        assertThatThrownBy(() -> portal.auth().authenticate(null)).isInstanceOf(InvalidRequestException.class);
        assertThat(portal.auth().authenticate(session.token())).isNotNull();
    }

    @Test
    @DisplayName("AU-6 a session idle for 15 minutes ends")
    void idleTimeout() {
        enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);

        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(portal.auth().authenticate(session.token())).isNotNull();

        Session other = portal.auth().logIn(USERNAME, PASSWORD);
        clock.advance(Duration.ofMinutes(15));
        assertRefused(other.token());
    }

    @Test
    @DisplayName("AU-6 activity keeps a session alive, but never past 12 hours after login")
    void absoluteTimeout() {
        enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        Instant end = session.absoluteExpiresAt();

        while (clock.instant().plus(Duration.ofMinutes(10)).isBefore(end)) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(portal.auth().authenticate(session.token())).isNotNull();
        }
        clock.set(end.minusMillis(1));
        assertThat(portal.auth().authenticate(session.token())).isNotNull();
        clock.set(end);
        assertRefused(session.token());
        assertThat(end).isEqualTo(MutableClockStart.START.plus(Duration.ofHours(12)));
    }

    @Test
    @DisplayName("AU-6 activity is written at most once a minute, not on every request")
    void touchAtMostOncePerMinute() {
        enroll();
        Portal noCache = node(AuthPolicy.defaults().withCacheTtl(Duration.ZERO));
        Session session = noCache.auth().logIn(USERNAME, PASSWORD);
        Instant login = clock.instant();

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(10));
            noCache.auth().authenticate(session.token());
            assertThat(sessionRecord(session.id()).lastSeenAt()).as("after %ds", (i + 1) * 10).isEqualTo(login);
        }
        clock.advance(Duration.ofSeconds(1));
        noCache.auth().authenticate(session.token());
        assertThat(sessionRecord(session.id()).lastSeenAt()).isEqualTo(login.plusSeconds(61));
        assertThat(sessionRecord(session.id()).version()).as("touch is not an optimistic write").isLessThanOrEqualTo(1);
    }

    @Test
    @DisplayName("AU-6 a cache hit is served for at most 5 seconds: a logout on another node is seen after that")
    void cacheLivesAtMostFiveSeconds() {
        enroll();
        Portal otherNode = node(AuthPolicy.defaults());
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        portal.auth().authenticate(session.token()); // cached on this node

        otherNode.auth().logOut(session.token());

        clock.advance(Duration.ofSeconds(5));
        assertRefused(session.token());
        assertRefused(otherNode, session.token());
    }

    @Test
    @DisplayName("AU-6 the cache never extends a session past its idle end")
    void cacheNeverPassesIdleEnd() {
        enroll();
        Portal shortIdle = node(AuthPolicy.defaults().withIdleTimeout(Duration.ofMinutes(1)));
        Session session = shortIdle.auth().logIn(USERNAME, PASSWORD);

        clock.advance(Duration.ofSeconds(58));
        assertThat(shortIdle.auth().authenticate(session.token())).isNotNull(); // cached, no touch due yet
        clock.advance(Duration.ofSeconds(2));
        assertRefused(shortIdle, session.token());
    }

    @Test
    @DisplayName("AU-6 the cache never extends a session past its absolute end")
    void cacheNeverPassesAbsoluteEnd() {
        enroll();
        Portal shortLife = node(AuthPolicy.defaults().withAbsoluteTimeout(Duration.ofMinutes(16)));
        Session session = shortLife.auth().logIn(USERNAME, PASSWORD);

        clock.advance(Duration.ofMinutes(10));
        shortLife.auth().authenticate(session.token());
        clock.advance(Duration.ofMinutes(5).plusSeconds(58));
        assertThat(shortLife.auth().authenticate(session.token())).isNotNull(); // cached
        clock.advance(Duration.ofSeconds(2));
        assertRefused(shortLife, session.token());
    }

    @Test
    @DisplayName("AU-6 logout revokes at once on this node, even with a cached token, and is idempotent")
    void logOut() {
        Enrolled me = enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        portal.auth().authenticate(session.token());

        portal.auth().logOut(session.token());

        assertRefused(session.token());
        assertThat(sessionRecord(session.id()).revoked()).isTrue();
        portal.auth().logOut(session.token());
        portal.auth().logOut("not-a-token");
        portal.auth().logOut("A".repeat(43));
        assertThatThrownBy(() -> portal.auth().logOut(null)).isInstanceOf(InvalidRequestException.class);
        assertThat(events(me.patientId())).filteredOn(e -> e.action() == AuditAction.DELETE)
                .as("one audited logout").hasSize(1);
    }

    @Test
    @DisplayName("AU-6 sessions lists the patient's own open sessions and marks the current one")
    void listsSessions() {
        enroll();
        enroll("someone-else", PASSWORD + " too");
        Session first = portal.auth().logIn(USERNAME, PASSWORD);
        Session second = portal.auth().logIn(USERNAME, PASSWORD);
        Session revoked = portal.auth().logIn(USERNAME, PASSWORD);
        portal.auth().logIn("someone-else", PASSWORD + " too");
        portal.auth().logOut(revoked.token());

        Actor me = portal.auth().authenticate(second.token());
        List<SessionInfo> sessions = portal.auth().sessions(me, PageRequest.first(10)).items();

        assertThat(sessions).extracting(SessionInfo::id).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(sessions).filteredOn(SessionInfo::current).extracting(SessionInfo::id).containsExactly(second.id());
    }

    @Test
    @DisplayName("AU-6 sessions leaves out expired sessions")
    void listLeavesOutExpired() {
        enroll();
        Session old = portal.auth().logIn(USERNAME, PASSWORD);
        clock.advance(Duration.ofMinutes(20));
        Session fresh = portal.auth().logIn(USERNAME, PASSWORD);

        List<SessionInfo> sessions = portal.auth().sessions(portal.auth().authenticate(fresh.token()),
                PageRequest.first(10)).items();

        assertThat(sessions).extracting(SessionInfo::id).containsExactly(fresh.id()).doesNotContain(old.id());
    }

    @Test
    @DisplayName("AU-6 revokeSession ends one of my sessions at once, on this node too")
    void revokesOwnSession() {
        enroll();
        Session phone = portal.auth().logIn(USERNAME, PASSWORD);
        Session laptop = portal.auth().logIn(USERNAME, PASSWORD);
        portal.auth().authenticate(phone.token()); // cached

        portal.auth().revokeSession(portal.auth().authenticate(laptop.token()), phone.id());

        assertRefused(phone.token());
        assertThat(portal.auth().authenticate(laptop.token())).isNotNull();
        portal.auth().revokeSession(portal.auth().authenticate(laptop.token()), phone.id()); // again: no error
    }

    @Test
    @DisplayName("AU-6 revoking another account's session answers not found, changes nothing and is audited as denied")
    void cannotRevokeOthersSession() {
        Enrolled me = enroll();
        enroll("someone-else", PASSWORD + " too");
        Session mine = portal.auth().logIn(USERNAME, PASSWORD);
        Session theirs = portal.auth().logIn("someone-else", PASSWORD + " too");
        Actor actor = portal.auth().authenticate(mine.token());

        assertThatThrownBy(() -> portal.auth().revokeSession(actor, theirs.id()))
                .isExactlyInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> portal.auth().revokeSession(actor, SessionId.newId()))
                .isExactlyInstanceOf(NotFoundException.class)
                .hasMessage(catchMessage(() -> portal.auth().revokeSession(actor, theirs.id())));

        assertThat(portal.auth().authenticate(theirs.token())).isNotNull();
        assertThat(events(me.patientId())).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(e.category()).isEqualTo("session");
        });
    }

    private static String catchMessage(Runnable run) {
        try {
            run.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    @DisplayName("AU-6 a staff actor has no sessions to list or revoke: denied and audited (AD-3)")
    void staffIsDenied() {
        assertThatThrownBy(() -> portal.auth().sessions(DESK, PageRequest.first(10))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portal.auth().revokeSession(DESK, SessionId.newId())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> portal.auth().sessions(null, PageRequest.first(10))).isInstanceOf(InvalidRequestException.class);
        assertThat(patientlessEvents()).filteredOn(e -> e.outcome() == AuditOutcome.DENIED).hasSize(2);
    }

    @Test
    @DisplayName("AU-6 an actor whose session was revoked can no longer list sessions")
    void staleActor() {
        enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        Actor me = portal.auth().authenticate(session.token());
        portal.auth().logOut(session.token());

        assertThatThrownBy(() -> portal.auth().sessions(me, PageRequest.first(10))).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    @DisplayName("AD-1 listing sessions is audited as a read; authenticate writes no audit event per request")
    void auditOfReads() {
        Enrolled me = enroll();
        Session session = portal.auth().logIn(USERNAME, PASSWORD);
        int before = events(me.patientId()).size();

        for (int i = 0; i < 5; i++) {
            portal.auth().authenticate(session.token());
        }
        assertThat(events(me.patientId())).hasSize(before);

        portal.auth().sessions(portal.auth().authenticate(session.token()), PageRequest.first(10));
        assertThat(events(me.patientId())).hasSize(before + 1);
        assertThat(events(me.patientId()).get(before).action()).isEqualTo(AuditAction.READ);
        assertAuditIntact();
    }

    /** The start of {@link org.patientportal.core.testing.MutableClock#start()}. */
    private static final class MutableClockStart {
        static final Instant START = org.patientportal.core.testing.MutableClock.DEFAULT_START;
    }
}
