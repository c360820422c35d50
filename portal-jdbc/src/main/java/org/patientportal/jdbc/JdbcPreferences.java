package org.patientportal.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.patientportal.model.Channel;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.OptimisticLockException;
import org.patientportal.spi.storage.Preferences;
import org.patientportal.spi.storage.StorageException;

/**
 * {@link Preferences} on the {@code notification_preferences} table, one row per patient. The
 * channels by event kind are one JSON object of strings ({@link JsonColumns}), each value the
 * channel names in the form of {@link Sql#names} ({@code {"result-released":"EMAIL,SMS"}}), so a
 * save is one statement.
 *
 * <p>The first save (version 0) stores version 1; each later save moves it by one. A save writes
 * every column, so what it returns is computed, not read back: the preferences given, instants
 * truncated to microseconds, with the new version.
 */
final class JdbcPreferences implements Preferences {
    private static final String COLUMNS =
            "patient_id, channels_by_kind, push_address, push_address_self_set, sms_consent_at, sms_stopped_at, version";
    private static final String INSERT = "INSERT INTO notification_preferences (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE notification_preferences SET channels_by_kind = ?, push_address = ?,"
            + " push_address_self_set = ?, sms_consent_at = ?, sms_stopped_at = ?, version = version + 1 WHERE patient_id = ? AND version = ?";

    private final JdbcTransaction tx;

    JdbcPreferences(JdbcTransaction tx) {
        this.tx = tx;
    }

    @Override
    public Optional<NotificationPreferences> find(PatientId patientId) {
        Objects.requireNonNull(patientId, "patientId");
        return tx.queryOne("find notification preferences", "SELECT " + COLUMNS
                + " FROM notification_preferences WHERE patient_id = ?", p -> p.uuid(patientId.value()),
                JdbcPreferences::map);
    }

    @Override
    public List<NotificationPreferences> findAll(Collection<PatientId> patientIds) {
        List<UUID> distinct = patientIds.stream().map(id -> Objects.requireNonNull(id, "patientId").value())
                .distinct().toList();
        return tx.queryAnyId("find notification preferences", "SELECT " + COLUMNS + " FROM notification_preferences",
                "patient_id", distinct, JdbcPreferences::map);
    }

    @Override
    public NotificationPreferences save(NotificationPreferences preferences) {
        Objects.requireNonNull(preferences, "preferences");
        String channels = JsonColumns.writeObject(channelNames(preferences.channelsByKind()));
        long version = preferences.version();
        if (version == 0) {
            String sql = tx.postgres() ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
            int rows = tx.update("add notification preferences", sql, p -> p.uuid(preferences.patientId().value())
                    .text(channels).text(preferences.pushAddress()).bool(preferences.pushAddressSelfSet())
                    .instant(preferences.smsConsentAt())
                    .instant(preferences.smsStoppedAt()).bigint(1));
            if (rows == 0) {
                throw new DuplicateKeyException("Could not add notification preferences: the patient has some");
            }
        } else {
            int rows = tx.update("change notification preferences", UPDATE, p -> p.text(channels)
                    .text(preferences.pushAddress()).bool(preferences.pushAddressSelfSet())
                    .instant(preferences.smsConsentAt())
                    .instant(preferences.smsStoppedAt()).uuid(preferences.patientId().value()).bigint(version));
            if (rows == 0) {
                throw new OptimisticLockException(
                        "Could not change notification preferences: stale version or none stored");
            }
        }
        return new NotificationPreferences(preferences.patientId(), preferences.channelsByKind(),
                preferences.pushAddress(), preferences.pushAddressSelfSet(), Sql.micros(preferences.smsConsentAt()),
                Sql.micros(preferences.smsStoppedAt()), version + 1);
    }

    private static Map<String, String> channelNames(Map<String, Set<Channel>> channelsByKind) {
        Map<String, String> names = new LinkedHashMap<>();
        channelsByKind.forEach((kind, channels) -> names.put(kind, Sql.names(channels)));
        return names;
    }

    private static NotificationPreferences map(ResultSet row) throws SQLException {
        Map<String, String> names;
        try {
            names = JsonColumns.readObject(row.getString("channels_by_kind"));
        } catch (IllegalArgumentException e) {
            throw new StorageException("Could not read notification preferences: their stored channels are malformed");
        }
        Map<String, Set<Channel>> channelsByKind = new LinkedHashMap<>();
        names.forEach((kind, channels) ->
                channelsByKind.put(kind, Sql.enumSet(channels, Channel.class, "notification preferences")));
        return new NotificationPreferences(new PatientId(Sql.uuid(row, "patient_id")), channelsByKind,
                row.getString("push_address"), row.getBoolean("push_address_self_set"), Sql.instant(row, "sms_consent_at"), Sql.instant(row, "sms_stopped_at"),
                row.getLong("version"));
    }
}
