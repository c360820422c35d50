package org.patientportal.jdbc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.spi.storage.ClinicCalendar;
import org.patientportal.spi.storage.StorageException;

/** {@link ClinicCalendar} on {@code clinic_calendar} (one row) and {@code clinic_holidays}. */
final class JdbcClinicCalendar implements ClinicCalendar {
    private final JdbcTransaction tx;

    JdbcClinicCalendar(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public Optional<ZoneId> zone() {
        Optional<String> id = tx.queryOne("read clinic zone", "SELECT zone FROM clinic_calendar WHERE id = 1",
                p -> { }, row -> row.getString("zone"));
        try {
            return id.map(ZoneId::of);
        } catch (DateTimeException e) {
            throw new StorageException("Could not read clinic zone: the stored zone is unknown to this JVM");
        }
    }

    @Override
    public void setZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String sql = tx.postgres()
                ? "INSERT INTO clinic_calendar (id, zone) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET zone = EXCLUDED.zone"
                : "MERGE INTO clinic_calendar (id, zone) KEY (id) VALUES (1, ?)";
        tx.update("set clinic zone", sql, p -> p.text(zone.getId()));
    }

    @Override
    public boolean addHoliday(LocalDate day) {
        Objects.requireNonNull(day, "day");
        String sql = tx.postgres()
                ? "INSERT INTO clinic_holidays (holiday_date) VALUES (?) ON CONFLICT DO NOTHING"
                : "INSERT INTO clinic_holidays (holiday_date) SELECT ? FROM (VALUES (1)) AS one (x)"
                + " WHERE NOT EXISTS (SELECT 1 FROM clinic_holidays WHERE holiday_date = ?)";
        return tx.update("add holiday", sql, p -> {
            p.date(day);
            if (!tx.postgres()) {
                p.date(day);
            }
        }) > 0;
    }

    @Override
    public boolean removeHoliday(LocalDate day) {
        Objects.requireNonNull(day, "day");
        return tx.update("remove holiday", "DELETE FROM clinic_holidays WHERE holiday_date = ?", p -> p.date(day)) > 0;
    }

    @Override
    public List<LocalDate> holidays(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > 400) {
            throw new IllegalArgumentException("the range must run forwards and span at most 400 days");
        }
        return tx.query("list holidays", "SELECT holiday_date FROM clinic_holidays WHERE holiday_date BETWEEN ? AND ?"
                + " ORDER BY holiday_date", p -> p.date(from).date(to), row -> Sql.date(row, "holiday_date"));
    }
}
