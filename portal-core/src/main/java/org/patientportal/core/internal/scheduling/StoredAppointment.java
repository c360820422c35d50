package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.UuidText;
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
        // ids, instants, the status and the version have nothing to escape: written as they are
        plain(out, quoted, "id").append(a.id().value(), quoted);
        plain(out, quoted, "patientId").append(a.patientId().value(), quoted);
        plain(out, quoted, "slotId").append(a.slotId().value(), quoted);
        plain(out, quoted, "providerId").append(a.providerId().value(), quoted);
        plain(out, quoted, "departmentId").append(a.departmentId().value(), quoted);
        plain(out, quoted, "visitTypeId").append(a.visitTypeId().value(), quoted);
        plain(out, quoted, "start").append(Time.text(a.start()), quoted);
        plain(out, quoted, "end").append(Time.text(a.end()), quoted);
        plain(out, quoted, "status").append(a.status().name(), quoted);
        plain(out, quoted, "bookedAt").append(Time.text(a.bookedAt()), quoted);
        member(out, quoted, "bookedBy", a.bookedBy());
        if (a.closedAt() == null) {
            member(out, quoted, "closedAt", null);
        } else {
            plain(out, quoted, "closedAt").append(Time.text(a.closedAt()), quoted);
        }
        member(out, quoted, "closedBy", a.closedBy());
        member(out, quoted, "closeReason", a.closeReason());
        plain(out, quoted, "version").append(Long.toString(a.version()), quoted);
        return out;
    }

    private static void member(StringBuilder out, boolean quoted, String key, @Nullable String value) {
        if (quoted) {
            OutboxPayloads.quotedMember(out, key, value);
        } else {
            OutboxPayloads.member(out, key, value);
        }
    }

    /**
     * Starts a member whose name and value need no escape, as {@link OutboxPayloads#member} (or
     * {@link OutboxPayloads#quotedMember}) writes it: the comma, the quoted name and colon.
     *
     * @return where the value goes
     */
    private static PlainValue plain(StringBuilder out, boolean quoted, String key) {
        if (out.charAt(out.length() - 1) != '{') {
            out.append(',');
        }
        String quote = quoted ? "\\\"" : "\"";
        out.append(quote).append(key).append(quote).append(':');
        return new PlainValue(out);
    }

    /** Appends a value with nothing to escape between its quotes. */
    private record PlainValue(StringBuilder out) {
        void append(String value, boolean quoted) {
            String quote = quoted ? "\\\"" : "\"";
            out.append(quote).append(value).append(quote);
        }

        /** {@code id.toString()}, written in place. */
        void append(UUID id, boolean quoted) {
            String quote = quoted ? "\\\"" : "\"";
            UuidText.append(out.append(quote), id).append(quote);
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
