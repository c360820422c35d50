package org.patientportal.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.patientportal.model.ProxyGrant;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ProxyScope;

/**
 * The age and expiry rules of proxy grants (PX-2), computed from the clock and the patient's birth
 * date, never from a stored flag.
 *
 * <ul>
 *   <li>"Today" is the clock's date in the clock's zone: the host's clock zone is the clinic's.</li>
 *   <li>A patient has turned {@code n} from the first instant of {@code birthDate.plusYears(n)}: a
 *       patient born on 29 February turns 18 on 28 February of a non-leap year (java.time's
 *       {@link LocalDate#plusYears} semantics; the 12th birthday of a leap-day birth always falls on
 *       29 February, until 2100).</li>
 *   <li>A parent or guardian grant gives every granted scope under 12; from the 12th birthday to the
 *       day before the 18th, {@link ProxyScope#RESULTS} and {@link ProxyScope#MESSAGING} only if the
 *       teen consented; nothing from the 18th birthday (the grant has ended by itself). Its stored
 *       {@code expiresAt} (the 18th birthday at the start of the day) is informational: the birth
 *       date decides, so a corrected birth date moves the end with it.</li>
 *   <li>A caregiver grant gives every granted scope until {@code expiresAt}, exclusive: 18 months
 *       after it was granted or last renewed, in the clock's zone.</li>
 * </ul>
 */
public final class ProxyRules {
    /** The age from which a child's results and messages need the teen's consent. */
    public static final int TEEN_AGE = 12;
    /** The age at which a parent or guardian grant ends, and from which a caregiver grant fits. */
    public static final int ADULT_AGE = 18;
    /** How long a caregiver grant lasts after it is granted or renewed. */
    public static final int CAREGIVER_MONTHS = 18;
    /** The scopes a teen's proxy keeps only with the teen's consent. */
    public static final Set<ProxyScope> TEEN_CONSENT_SCOPES =
            Collections.unmodifiableSet(EnumSet.of(ProxyScope.RESULTS, ProxyScope.MESSAGING));

    private ProxyRules() {
    }

    /** What a grant gives today. */
    public enum Standing {
        /** It gives its scopes (perhaps fewer for a teen). */
        ACTIVE,
        /** Revoked by staff or the patient. */
        REVOKED,
        /** A caregiver grant past its expiry. */
        EXPIRED,
        /** A parent or guardian grant of a patient who turned 18. */
        ENDED_AT_ADULTHOOD
    }

    /** The clock's date in the clock's zone. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), clock.getZone());
    }

    /** Whether someone born on {@code birthDate} has turned {@code years} on {@code today}. */
    public static boolean hasTurned(LocalDate birthDate, int years, LocalDate today) {
        return !today.isBefore(birthDate.plusYears(years));
    }

    /** Whether the patient is 18 or more on {@code today}. */
    public static boolean isAdult(LocalDate birthDate, LocalDate today) {
        return hasTurned(birthDate, ADULT_AGE, today);
    }

    /** Whether the patient is 12 to 17 on {@code today}. */
    public static boolean isTeen(LocalDate birthDate, LocalDate today) {
        return hasTurned(birthDate, TEEN_AGE, today) && !isAdult(birthDate, today);
    }

    /** Whether a grant of this relationship fits a patient of this age (children: parent or guardian). */
    public static boolean fits(ProxyRelationship relationship, LocalDate birthDate, LocalDate today) {
        return isChildGrant(relationship) != isAdult(birthDate, today);
    }

    /** Whether the relationship is to a child (parent or guardian). */
    public static boolean isChildGrant(ProxyRelationship relationship) {
        return relationship == ProxyRelationship.PARENT || relationship == ProxyRelationship.GUARDIAN;
    }

    /** The expiry of a caregiver grant granted or renewed at {@code from}: 18 months later in {@code zone}. */
    public static Instant caregiverExpiry(Instant from, ZoneId zone) {
        return from.atZone(zone).plusMonths(CAREGIVER_MONTHS).toInstant();
    }

    /** The informational expiry of a child grant: the start of the 18th birthday in {@code zone}. */
    public static Instant childExpiry(LocalDate birthDate, ZoneId zone) {
        return birthDate.plusYears(ADULT_AGE).atStartOfDay(zone).toInstant();
    }

    /** The grant's standing at {@code now} ({@code today} its date in the clock's zone). */
    public static Standing standing(ProxyGrant grant, LocalDate birthDate, Instant now, LocalDate today) {
        Objects.requireNonNull(grant, "grant");
        if (grant.revoked()) {
            return Standing.REVOKED;
        }
        if (isChildGrant(grant.relationship())) {
            return isAdult(birthDate, today) ? Standing.ENDED_AT_ADULTHOOD : Standing.ACTIVE;
        }
        return now.isBefore(grant.expiresAt()) ? Standing.ACTIVE : Standing.EXPIRED;
    }

    /** What the grant lets its proxy do at {@code now}: empty when it is not active. */
    public static Set<ProxyScope> effectiveScopes(ProxyGrant grant, LocalDate birthDate, Instant now, LocalDate today) {
        if (standing(grant, birthDate, now, today) != Standing.ACTIVE) {
            return Set.of();
        }
        EnumSet<ProxyScope> scopes = EnumSet.copyOf(grant.scopes());
        if (isChildGrant(grant.relationship()) && hasTurned(birthDate, TEEN_AGE, today)) {
            for (ProxyScope restricted : TEEN_CONSENT_SCOPES) {
                if (!grant.teenConsent().contains(restricted)) {
                    scopes.remove(restricted);
                }
            }
        }
        return Collections.unmodifiableSet(scopes);
    }
}
