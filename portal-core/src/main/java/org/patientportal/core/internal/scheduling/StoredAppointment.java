package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.Time;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentId;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.DepartmentId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.SlotId;
import org.patientportal.model.VisitTypeId;

/** An appointment as the first result of an idempotent command (IN-1): ids, times and codes only. */
final class StoredAppointment {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private StoredAppointment() {
    }

    /** The appointment as a JSON object of strings, members in a fixed order (what {@link #decode} reads). */
    static String encode(Appointment a) {
        StringBuilder out = new StringBuilder(640).append('{');
        OutboxPayloads.member(out, "id", a.id().toString());
        OutboxPayloads.member(out, "patientId", a.patientId().toString());
        OutboxPayloads.member(out, "slotId", a.slotId().toString());
        OutboxPayloads.member(out, "providerId", a.providerId().toString());
        OutboxPayloads.member(out, "departmentId", a.departmentId().toString());
        OutboxPayloads.member(out, "visitTypeId", a.visitTypeId().toString());
        OutboxPayloads.member(out, "start", Time.text(a.start()));
        OutboxPayloads.member(out, "end", Time.text(a.end()));
        OutboxPayloads.member(out, "status", a.status().name());
        OutboxPayloads.member(out, "bookedAt", Time.text(a.bookedAt()));
        OutboxPayloads.member(out, "bookedBy", a.bookedBy());
        OutboxPayloads.member(out, "closedAt", a.closedAt() == null ? null : Time.text(a.closedAt()));
        OutboxPayloads.member(out, "closedBy", a.closedBy());
        OutboxPayloads.member(out, "closeReason", a.closeReason());
        OutboxPayloads.member(out, "version", Long.toString(a.version()));
        return out.append('}').toString();
    }

    static Appointment decode(String text) {
        Map<String, String> m;
        try {
            m = JSON.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored idempotent result cannot be read", e);
        }
        return new Appointment(AppointmentId.parse(m.get("id")), PatientId.parse(m.get("patientId")),
                SlotId.parse(m.get("slotId")), ProviderId.parse(m.get("providerId")),
                DepartmentId.parse(m.get("departmentId")), VisitTypeId.parse(m.get("visitTypeId")),
                Instant.parse(m.get("start")), Instant.parse(m.get("end")), AppointmentStatus.valueOf(m.get("status")),
                Instant.parse(m.get("bookedAt")), m.get("bookedBy"),
                m.get("closedAt") == null ? null : Instant.parse(m.get("closedAt")), m.get("closedBy"),
                m.get("closeReason"), Long.parseLong(m.get("version")));
    }
}
