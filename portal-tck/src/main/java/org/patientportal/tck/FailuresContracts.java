package org.patientportal.tck;

import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.Patient;
import org.patientportal.model.SlotId;
import org.patientportal.spi.storage.SlotQuery;

/** Driver failures surface as storage exceptions without SQL text. */
abstract class FailuresContracts extends KitSupport {
    /** Makes the storage fail as if its database were lost, or aborts the test where the adapter cannot. */
    protected abstract void breakStorage();

    @Test
    @DisplayName("a lost database surfaces as a StorageException with no SQL text in its message or any cause")
    void driverFailure() {
        Patient patient = patient();
        breakStorage();
        Throwable onRead = catchThrowable(() -> read(tx -> tx.patients().find(patient.id())));
        Throwable onWrite = catchThrowable(() -> run(tx -> tx.patients().insert(patient)));
        Throwable onGrants = catchThrowable(() -> read(tx ->
                tx.proxyGrants().listForPatient(patient.id(), null, 10)));
        Throwable onPreferences = catchThrowable(() -> read(tx ->
                tx.preferences().save(NotificationPreferences.none(patient.id()))));
        Throwable onSlots = catchThrowable(() -> read(tx ->
                tx.slots().findOpen(new SlotQuery(minutes(0), minutes(60), null, null, null), null, 10)));
        Throwable onBooking = catchThrowable(() -> read(tx ->
                tx.slots().book(SlotId.newId(), AppointmentId.newId())));
        for (Throwable thrown : List.of(onRead, onWrite, onGrants, onPreferences, onSlots, onBooking)) {
            PortalAssertions.assertThatStorageFailure(thrown).isStorageException().hasNoSqlText();
        }
    }
}
