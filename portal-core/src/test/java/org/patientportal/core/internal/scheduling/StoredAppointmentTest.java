package org.patientportal.core.internal.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;

@DisplayName("StoredAppointment")
class StoredAppointmentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Appointment appointment(String bookedBy, String closedBy, String reason) {
        Instant start = Instant.parse("2030-03-04T09:30:00.123456Z");
        return new Appointment(AppointmentId.newId(), PatientId.newId(), SlotId.newId(), ProviderId.newId(),
                DepartmentId.newId(), VisitTypeId.newId(), start, start.plusSeconds(1800), AppointmentStatus.CANCELLED,
                start.minusSeconds(86_400), bookedBy, reason == null ? null : start.minusSeconds(60), closedBy, reason, 3);
    }

    /** Ids with the top bits set and zero digits (written in place as {@code UUID.toString} would). */
    private static Appointment edgeIds() {
        Instant start = Instant.parse("+12030-03-04T09:30:00Z");
        return new Appointment(new AppointmentId(new java.util.UUID(-1L, Long.MIN_VALUE)),
                new PatientId(new java.util.UUID(0, 0)), new SlotId(new java.util.UUID(0x0123456789ABCDEFL, 0xFEDCBA9876543210L)),
                new ProviderId(new java.util.UUID(0x00000000FFFF0000L, 0x000F00000000000FL)),
                new DepartmentId(new java.util.UUID(Long.MIN_VALUE, -1L)), new VisitTypeId(new java.util.UUID(1, 1)),
                start, start.plusNanos(1), AppointmentStatus.BOOKED, Instant.parse("2030-01-01T00:00:00.000001Z"),
                "patient:2", null, null, null, Long.MAX_VALUE);
    }

    @Test
    @DisplayName("IN-1 the stored result written in one pass is the JSON string literal of the appointment's JSON, as Jackson writes it, and decodes back")
    void literalInOnePass() throws Exception {
        for (Appointment a : new Appointment[] {
                appointment("patient:1", null, null),
                appointment("staff \"quoted\" back\\slash", "a\nb\rc\td\be\ff\u0000g\u001fh", "Zoë ✓ \uD83D\uDE00 \\u0041"),
                edgeIds(),
        }) {
            String text = StoredAppointment.encode(a);
            String literal = StoredAppointment.encodeAsJsonString(a);
            assertThat(literal).isEqualTo(JSON.writeValueAsString(text));
            assertThat(JSON.readValue(literal, String.class)).isEqualTo(text);
            assertThat(StoredAppointment.decode(JSON.readValue(literal, String.class))).isEqualTo(a);
        }
    }
}
