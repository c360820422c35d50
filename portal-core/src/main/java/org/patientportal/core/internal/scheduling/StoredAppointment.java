package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

    /** Each thread's builder of {@link #encodeAsJsonString} (reused: it calls nothing that encodes). */
    private static final ThreadLocal<StringBuilder> LITERAL = ThreadLocal.withInitial(() -> new StringBuilder(720));

    private StoredAppointment() {
    }

    /** The appointment as a JSON object of strings, members in a fixed order (what {@link #decode} reads). */
    static String encode(Appointment a) {
        return write(a, new StringBuilder(640).append('{'), false).append('}').toString();
    }

    /**
     * The JSON string literal of {@link #encode}'s text (what an idempotency record keeps of a
     * text result), written in one pass.
     */
    static String encodeAsJsonString(Appointment a) {
        StringBuilder out = LITERAL.get();
        out.setLength(0);
        return write(a, out.append("\"{"), true).append("}\"").toString();
    }

    private static StringBuilder write(Appointment a, StringBuilder out, boolean quoted) {
        member(out, quoted, "id", a.id().toString());
        member(out, quoted, "patientId", a.patientId().toString());
        member(out, quoted, "slotId", a.slotId().toString());
        member(out, quoted, "providerId", a.providerId().toString());
        member(out, quoted, "departmentId", a.departmentId().toString());
        member(out, quoted, "visitTypeId", a.visitTypeId().toString());
        member(out, quoted, "start", Time.text(a.start()));
        member(out, quoted, "end", Time.text(a.end()));
        member(out, quoted, "status", a.status().name());
        member(out, quoted, "bookedAt", Time.text(a.bookedAt()));
        member(out, quoted, "bookedBy", a.bookedBy());
        member(out, quoted, "closedAt", a.closedAt() == null ? null : Time.text(a.closedAt()));
        member(out, quoted, "closedBy", a.closedBy());
        member(out, quoted, "closeReason", a.closeReason());
        member(out, quoted, "version", Long.toString(a.version()));
        return out;
    }

    private static void member(StringBuilder out, boolean quoted, String key, @Nullable String value) {
        if (quoted) {
            OutboxPayloads.quotedMember(out, key, value);
        } else {
            OutboxPayloads.member(out, key, value);
        }
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
