package org.patientportal.inmemory;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.spi.storage.ClinicCalendar;

/** One transaction's {@link ClinicCalendar}: one zone row and holiday rows with a present flag. */
final class InMemoryClinicCalendar implements ClinicCalendar {
    private static final String CLINIC = "clinic";

    /**
     * The zone row.
     *
     * @param key  always "clinic"
     * @param zone the zone
     */
    record ZoneRow(String key, ZoneId zone) {
    }

    /**
     * A holiday row.
     *
     * @param day     the day
     * @param present whether it is a holiday
     */
    record HolidayRow(LocalDate day, boolean present) {
    }

    /** Committed calendar rows. */
    static final class Data {
        final Table<String, ZoneRow> zone = new Table<>("clinic_calendar", ZoneRow::key, Comparator.naturalOrder());
        final Table<LocalDate, HolidayRow> holidays = new Table<>("clinic_holiday", HolidayRow::day,
                Comparator.naturalOrder());
    }

    private final Data data;
    private final TableTx<String, ZoneRow> zone;
    private final TableTx<LocalDate, HolidayRow> holidays;

    InMemoryClinicCalendar(Data data, Transaction tx) {
        this.data = data;
        this.zone = TableTx.open(data.zone, tx);
        this.holidays = TableTx.open(data.holidays, tx);
    }

    @Override
    public Optional<ZoneId> zone() {
        return zone.find(CLINIC).map(ZoneRow::zone);
    }

    @Override
    public void setZone(ZoneId value) {
        Objects.requireNonNull(value, "zone");
        ZoneRow current = zone.lockAndRead(CLINIC);
        if (current == null) {
            zone.insert(new ZoneRow(CLINIC, value));
        } else {
            zone.replace(current, new ZoneRow(CLINIC, value));
        }
    }

    @Override
    public boolean addHoliday(LocalDate day) {
        return set(day, true);
    }

    @Override
    public boolean removeHoliday(LocalDate day) {
        return set(day, false);
    }

    private boolean set(LocalDate day, boolean present) {
        Objects.requireNonNull(day, "day");
        HolidayRow current = holidays.lockAndRead(day);
        if (current == null) {
            if (!present) {
                return false;
            }
            holidays.insert(new HolidayRow(day, true));
            return true;
        }
        if (current.present() == present) {
            return false;
        }
        holidays.replace(current, new HolidayRow(day, present));
        return true;
    }

    @Override
    public List<LocalDate> holidays(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 400) {
            throw new IllegalArgumentException("the range must run forwards and span at most 400 days");
        }
        List<LocalDate> days = new ArrayList<>();
        for (HolidayRow row : holidays.select(data.holidays.ids.subSet(from, true, to, true),
                r -> r.present() && !r.day().isBefore(from) && !r.day().isAfter(to))) {
            days.add(row.day());
        }
        return days;
    }
}
