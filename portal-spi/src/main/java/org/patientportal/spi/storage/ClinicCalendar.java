package org.patientportal.spi.storage;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** The clinic's calendar for business days (MS-6): its time zone and its holidays. */
public interface ClinicCalendar {
    /** The clinic's zone, once set. */
    Optional<ZoneId> zone();

    /** Sets (or replaces) the clinic's zone. */
    void setZone(ZoneId zone);

    /**
     * Adds a holiday; adding a day twice is no change.
     *
     * @return whether it was added
     */
    boolean addHoliday(LocalDate day);

    /**
     * Removes a holiday.
     *
     * @return whether it was removed
     */
    boolean removeHoliday(LocalDate day);

    /**
     * The holidays from {@code from} to {@code to}, both included, in date order.
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from} or the range spans more than 400 days
     */
    List<LocalDate> holidays(LocalDate from, LocalDate to);
}
