package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.Slot;
import org.patientportal.model.SlotStatus;
import org.patientportal.spi.storage.CommandSnapshot;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.Slots;

@DisplayName("Preparation")
class PreparationTest {

    @Test
    @DisplayName("readies the storage model: the stores, the records they take and give, their ids and enums,"
            + " through type arguments and record components")
    void modelClasses() {
        assertThat(Preparation.initialise(PortalStorage.class))
                .contains(Slots.class, Slot.class, SlotStatus.class, Appointment.class, PatientId.class,
                        AuditEvent.class, OutboxEntry.class, CommandSnapshot.class)
                .allMatch(type -> type.getName().startsWith("org.patientportal."));
    }
}
