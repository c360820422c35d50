package org.patientportal.jdbc;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.SlotBookingRefusedException;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * Turns driver exceptions into the SPI's. The driver's message and the exception itself are
 * dropped on purpose: they carry SQL text and parameter values (PHI, hashes), and a host that logs
 * a stack trace would print them. Only the SQLState and the vendor error code are kept.
 */
final class Errors {
    /** Unique violation: the standard state, and H2 1.x's old one. */
    private static final Set<String> DUPLICATE = Set.of("23505", "23001");
    /**
     * Races the database resolved by aborting: serialization failure, deadlock (PostgreSQL 40P01),
     * lock not available (PostgreSQL 55P03), lock timeout (H2 HYT00), concurrent update (H2 90131).
     */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "HYT00", "90131");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");
    /** PostgreSQL, V19's {@code portal_refuse_booking}: the slot of a booking written behind was not open. */
    static final String SLOT_TAKEN = "PB001";
    /** PostgreSQL, V19's {@code portal_refuse_booking}: the booking written behind overlaps the patient's. */
    static final String OVERLAPPING = "PB002";

    private Errors() {
    }

    /**
     * The SPI exception for a failed {@code action} ("add patient", "claim outbox entries"). Actions
     * avoid SQL words (select, insert, update, delete, from, where) even as plain English, so that a
     * message can be checked for leaked SQL by those words alone, as the compatibility kit does.
     *
     * @param action what was being done, in plain words, without any value
     */
    static StorageException translate(String action, SQLException e) {
        String state = sqlState(e);
        String message = "Could not " + action + " (SQLState " + state
                + (e.getErrorCode() != 0 ? ", error code " + e.getErrorCode() : "") + ")";
        if (DUPLICATE.contains(state)) {
            return new DuplicateKeyException(message);
        }
        if (TRANSIENT.contains(state)) {
            return new TransientStorageException(message);
        }
        if (state.equals(SLOT_TAKEN)) {
            return new SlotBookingRefusedException(SlotBooking.SLOT_TAKEN, message);
        }
        if (state.equals(OVERLAPPING)) {
            return new SlotBookingRefusedException(SlotBooking.OVERLAPPING, message);
        }
        return new StorageException(message);
    }

    /** The first well-formed SQLState in the exception's chain, or {@code "unknown"}. */
    static String sqlState(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && SQL_STATE.matcher(state).matches()) {
                return state;
            }
        }
        return "unknown";
    }
}
