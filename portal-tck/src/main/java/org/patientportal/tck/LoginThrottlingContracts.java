package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Account;
import org.patientportal.model.AccountId;
import org.patientportal.spi.storage.LoginLockout;

/**
 * Login throttling in the {@code Accounts} store (AU-5): {@code recordLoginFailure} with a
 * {@link LoginLockout} decides "locked?" and counts in one write, so a burst of concurrent wrong
 * passwords counts exactly the failures the lockout allows, and attempts refused as locked are never
 * counted.
 */
abstract class LoginThrottlingContracts extends KitSupport {
    /** Wrong passwords in one burst. */
    static final int BURST = 100;
    /** The AU-5 defaults: locked after 5 failures, for 1, 2, 4, 8 and then 15 minutes. */
    static final LoginLockout LOCKOUT = new LoginLockout(5, List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15)));

    @Test
    @DisplayName("AU-5 " + BURST + " concurrent failures on one account count exactly 5, then lock it for 1 minute")
    void burstCountsFive() throws Exception {
        Account account = insertAccount();

        List<Integer> answers = burst(account.id(), T0);

        assertThat(answers).filteredOn(n -> n > 0).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(answers).filteredOn(n -> n == 0).as("refused as locked").hasSize(BURST - 5);
        Account stored = stored(account.id());
        assertThat(stored.failedLoginCount()).isEqualTo(5);
        assertThat(stored.lastFailedLoginAt()).isEqualTo(T0);
        assertThat(stored.version()).isEqualTo(account.version());
    }

    @Test
    @DisplayName("AU-5 each lockout step holds against a concurrent burst: 1, 2, 4, 8, 15, 15 minutes, one failure counted after each")
    void lockoutSteps() throws Exception {
        Account account = insertAccount();
        burst(account.id(), T0);
        Instant last = T0;
        int count = 5;
        for (int minutes : new int[] {1, 2, 4, 8, 15, 15}) {
            Instant end = last.plus(Duration.ofMinutes(minutes));
            Instant stillLocked = end.minusSeconds(1);
            assertThat(burst(account.id(), stillLocked)).as("%d min lock, 1 s before its end", minutes)
                    .containsOnly(0);
            assertThat(stored(account.id()).failedLoginCount()).isEqualTo(count);

            List<Integer> answers = burst(account.id(), end);

            count++;
            assertThat(answers).as("at the end of the %d min lock", minutes).filteredOn(n -> n > 0)
                    .containsExactly(count);
            assertThat(answers).filteredOn(n -> n == 0).hasSize(BURST - 1);
            assertThat(stored(account.id()).lastFailedLoginAt()).isEqualTo(end);
            last = end;
        }
        assertThat(stored(account.id()).failedLoginCount()).isEqualTo(11);
    }

    @Test
    @DisplayName("AU-5 a locked account answers 0 and nothing is written; an unknown account answers -1")
    void lockedWritesNothing() {
        Account account = insertAccount();
        for (int i = 1; i <= 5; i++) {
            int expected = i;
            run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(expected), LOCKOUT))
                    .isEqualTo(expected));
        }
        Account locked = stored(account.id());

        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(64), LOCKOUT)).isZero());

        assertThat(stored(account.id())).isEqualTo(locked);
        assertThat(locked.lastFailedLoginAt()).isEqualTo(at(5));
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(65), LOCKOUT)).isEqualTo(6));
        run(tx -> assertThat(tx.accounts().recordLoginFailure(AccountId.newId(), at(66), LOCKOUT)).isEqualTo(-1));
    }

    @Test
    @DisplayName("AU-5 after a reset the count starts again and a recent failure no longer locks")
    void resetUnlocks() {
        Account account = insertAccount();
        for (int i = 1; i <= 5; i++) {
            int second = i;
            run(tx -> tx.accounts().recordLoginFailure(account.id(), at(second), LOCKOUT));
        }
        run(tx -> tx.accounts().resetLoginFailures(account.id()));

        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), at(6), LOCKOUT)).isEqualTo(1));
        assertThat(stored(account.id()).failedLoginCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("AU-5 a lockout of one step keeps it for every further failure; no steps never locks")
    void lastStepRepeats() {
        Account account = insertAccount();
        LoginLockout oneStep = new LoginLockout(2, List.of(Duration.ofMinutes(3)));
        run(tx -> tx.accounts().recordLoginFailure(account.id(), at(0), oneStep));
        run(tx -> tx.accounts().recordLoginFailure(account.id(), at(1), oneStep));
        for (int n = 3; n <= 6; n++) {
            Instant last = stored(account.id()).lastFailedLoginAt();
            Instant early = last.plus(Duration.ofMinutes(3)).minusNanos(1_000);
            run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), early, oneStep)).isZero());
            int expected = n;
            run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), last.plus(Duration.ofMinutes(3)),
                    oneStep)).isEqualTo(expected));
        }
        Instant last = stored(account.id()).lastFailedLoginAt();
        run(tx -> assertThat(tx.accounts().recordLoginFailure(account.id(), last, LoginLockout.none())).isEqualTo(7));
    }

    private Account stored(AccountId id) {
        return read(tx -> tx.accounts().find(id)).orElseThrow();
    }

    private List<Integer> burst(AccountId id, Instant at) throws InterruptedException {
        List<Outcome<Integer>> outcomes = concurrently(BURST,
                i -> writeRetrying(tx -> tx.accounts().recordLoginFailure(id, at, LOCKOUT)));
        assertThat(failures(outcomes)).isEmpty();
        List<Integer> answers = successes(outcomes);
        Collections.sort(answers);
        return answers;
    }
}
