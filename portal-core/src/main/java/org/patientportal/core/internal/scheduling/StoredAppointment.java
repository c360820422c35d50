package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.patientportal.core.internal.OutboxPayloads;
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

    static String encode(Appointment a) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("id", a.id().toString());
        map.put("patientId", a.patientId().toString());
        map.put("slotId", a.slotId().toString());
        map.put("providerId", a.providerId().toString());
        map.put("departmentId", a.departmentId().toString());
        map.put("visitTypeId", a.visitTypeId().toString());
        map.put("start", a.start().toString());
        map.put("end", a.end().toString());
        map.put("status", a.status().name());
        map.put("bookedAt", a.bookedAt().toString());
        map.put("bookedBy", a.bookedBy());
        map.put("closedAt", a.closedAt() == null ? null : a.closedAt().toString());
        map.put("closedBy", a.closedBy());
        map.put("closeReason", a.closeReason());
        map.put("version", Long.toString(a.version()));
        return OutboxPayloads.object(map);
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
