package org.patientportal.core.internal.messaging;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.patientportal.spi.storage.ClinicCalendar;

/**
 * Reply-by instants (MS-6): the end of the N-th business day after the day a message was sent, in
 * the clinic's zone. Business days are Monday to Friday, except the clinic's holidays. A message
 * sent on a Friday evening with 3 business days is due at the end of Wednesday (midnight starting
 * Thursday); one sent on a Saturday likewise.
 */
final class BusinessDays {
    /** How far ahead holidays are read at once; never reached by 30 business days and sane calendars. */
    private static final int LOOKAHEAD_DAYS = 366;

    private BusinessDays() {
    }

    /**
     * The reply-by instant.
     *
     * @param calendar the clinic's holidays
     * @param zone     the clinic's zone
     * @param sentAt   when the message was sent
     * @param days     business days, at least 1
     * @return the start of the day after the N-th business day, in the zone
     */
    static Instant replyBy(ClinicCalendar calendar, ZoneId zone, Instant sentAt, int days) {
        LocalDate day = LocalDate.ofInstant(sentAt, zone);
        Set<LocalDate> holidays = new HashSet<>(calendar.holidays(day.plusDays(1), day.plusDays(LOOKAHEAD_DAYS)));
        int counted = 0;
        for (int step = 0; counted < days; step++) {
            if (step >= LOOKAHEAD_DAYS) {
                throw new IllegalStateException("no business day in a year: check the clinic's holidays");
            }
            day = day.plusDays(1);
            if (isBusinessDay(day, holidays)) {
                counted++;
            }
        }
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    static boolean isBusinessDay(LocalDate day, Set<LocalDate> holidays) {
        DayOfWeek dow = day.getDayOfWeek();
        return dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(day);
    }
}
