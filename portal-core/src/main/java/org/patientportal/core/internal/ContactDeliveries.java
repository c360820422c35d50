package org.patientportal.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.AccountId;
import org.patientportal.model.Channel;
import org.patientportal.model.ContactKind;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientId;

/**
 * The outbox entries of a contact change (PR-2), sealed like {@link CodeDeliveries}' codes: AES-GCM
 * under {@link KeyPurpose#OUTBOX_SECRET}, bound (as associated data) to the entry id and kind, so
 * the outbox holds neither a code nor a contact in clear and an edited payload fails to open.
 *
 * <ul>
 *   <li>{@link NotificationKinds#CONTACT_CODE}: the confirmation code, to the new address only
 *       (which is not on file yet). Payload: {@code channel}, {@code address} (the new address, also
 *       bound into the seal), {@code sealedCode}, {@code expiresAt}.</li>
 *   <li>{@link NotificationKinds#CONTACT_CHANGED}: the security notice; the payload may name the
 *       replaced address, sealed ({@code previousChannel}, {@code sealedPrevious}), which the
 *       dispatcher adds to the notice's usual routing (AU-7).</li>
 * </ul>
 */
public final class ContactDeliveries {
    /** Payload key of the channel of the code, or of the replaced address. */
    static final String CHANNEL = "channel";
    /** Payload key of the new address a code goes to. */
    static final String ADDRESS = "address";
    /** Payload key of the sealed code. */
    static final String SEALED_CODE = "sealedCode";
    /** Payload key of the code's expiry. */
    static final String EXPIRES_AT = "expiresAt";
    /** Payload key of the replaced address's channel. */
    static final String PREVIOUS_CHANNEL = "previousChannel";
    /** Payload key of the sealed replaced address. */
    static final String SEALED_PREVIOUS = "sealedPrevious";

    private ContactDeliveries() {
    }

    /** The channel that reaches a contact of this kind: email, or SMS for a mobile number. */
    public static Channel channelOf(ContactKind kind) {
        return Objects.requireNonNull(kind, "kind") == ContactKind.EMAIL ? Channel.EMAIL : Channel.SMS;
    }

    /** The correlation key of a patient's undelivered codes for changes of {@code kind}. */
    public static String codeCorrelationKey(PatientId patient, ContactKind kind) {
        return NotificationKinds.CONTACT_CODE + ":" + kind + ":" + Objects.requireNonNull(patient, "patient");
    }

    /**
     * A new pending entry carrying {@code code}, sealed, to {@code address}.
     *
     * @param keys      the host's keys
     * @param patient   the patient who asked for the change
     * @param account   the patient's account
     * @param kind      which contact changes
     * @param address   the new address, the only destination
     * @param code      the code as the patient is to type it
     * @param now       when the use case runs (due at once)
     * @param expiresAt when the code expires
     */
    public static OutboxEntry codeEntry(Keys keys, PatientId patient, @Nullable AccountId account, ContactKind kind,
                                        String address, String code, Instant now, Instant expiresAt) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(code, "code");
        Channel channel = channelOf(kind);
        OutboxEntryId id = OutboxEntryId.newId();
        String kindName = NotificationKinds.CONTACT_CODE;
        byte[] sealed = keys.seal(KeyPurpose.OUTBOX_SECRET, code.getBytes(StandardCharsets.UTF_8),
                associatedData("outbox-contact-code-v1", id, kindName, channel, address));
        Map<String, String> payload = Map.of(CHANNEL, channel.name(), ADDRESS, address,
                SEALED_CODE, encode(sealed), EXPIRES_AT, expiresAt.toString());
        return new OutboxEntry(id, kindName, patient, account, OutboxPayloads.write(payload),
                codeCorrelationKey(patient, kind), now, now, OutboxStatus.PENDING, 0, now, null, null, null, null, 0);
    }

    /**
     * The code of an entry made by {@link #codeEntry}, with where it goes; empty if the payload was
     * altered or the key changed.
     */
    public static Optional<SealedCode> openCode(Keys keys, OutboxEntry entry) {
        Objects.requireNonNull(keys, "keys");
        try {
            Map<String, String> payload = OutboxPayloads.read(entry);
            Channel channel = Channel.valueOf(payload.getOrDefault(CHANNEL, ""));
            String address = payload.get(ADDRESS);
            Instant expiresAt = Instant.parse(payload.getOrDefault(EXPIRES_AT, ""));
            String sealed = payload.get(SEALED_CODE);
            if (address == null || sealed == null) {
                return Optional.empty();
            }
            return keys.open(KeyPurpose.OUTBOX_SECRET, Base64.getUrlDecoder().decode(sealed),
                            associatedData("outbox-contact-code-v1", entry.id(), entry.kind(), channel, address))
                    .map(plain -> new SealedCode(channel, address, new String(plain, StandardCharsets.UTF_8),
                            expiresAt));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A new pending {@link NotificationKinds#CONTACT_CHANGED} notice, told also to the replaced
     * address when one is given.
     *
     * @param keys            the host's keys
     * @param patient         the patient
     * @param account         the patient's account
     * @param previousChannel the channel of the replaced address, if it is to be told
     * @param previousAddress the replaced address, if it is to be told
     * @param now             when the use case runs (due at once)
     */
    public static OutboxEntry changedEntry(Keys keys, PatientId patient, @Nullable AccountId account,
                                           @Nullable Channel previousChannel, @Nullable String previousAddress,
                                           Instant now) {
        Objects.requireNonNull(keys, "keys");
        OutboxEntryId id = OutboxEntryId.newId();
        String kindName = NotificationKinds.CONTACT_CHANGED;
        Map<String, String> payload = new HashMap<>();
        if (previousChannel != null && previousAddress != null) {
            byte[] sealed = keys.seal(KeyPurpose.OUTBOX_SECRET, previousAddress.getBytes(StandardCharsets.UTF_8),
                    associatedData("outbox-contact-previous-v1", id, kindName, previousChannel, ""));
            payload.put(PREVIOUS_CHANNEL, previousChannel.name());
            payload.put(SEALED_PREVIOUS, encode(sealed));
        }
        return new OutboxEntry(id, kindName, patient, account, OutboxPayloads.write(payload), null, now, now,
                OutboxStatus.PENDING, 0, now, null, null, null, null, 0);
    }

    /**
     * The replaced address an entry made by {@link #changedEntry} names: empty if it names none.
     *
     * @throws IllegalArgumentException if the payload was altered or the key changed
     */
    public static Optional<Previous> previous(Keys keys, OutboxEntry entry) {
        Objects.requireNonNull(keys, "keys");
        Map<String, String> payload = OutboxPayloads.read(entry);
        String channelName = payload.get(PREVIOUS_CHANNEL);
        String sealed = payload.get(SEALED_PREVIOUS);
        if (channelName == null && sealed == null) {
            return Optional.empty();
        }
        if (channelName == null || sealed == null) {
            throw new IllegalArgumentException("half a previous address");
        }
        Channel channel = Channel.valueOf(channelName);
        byte[] plain = keys.open(KeyPurpose.OUTBOX_SECRET, Base64.getUrlDecoder().decode(sealed),
                        associatedData("outbox-contact-previous-v1", entry.id(), entry.kind(), channel, ""))
                .orElseThrow(() -> new IllegalArgumentException("the previous address does not open"));
        return Optional.of(new Previous(channel, new String(plain, StandardCharsets.UTF_8)));
    }

    private static String encode(byte[] sealed) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    private static byte[] associatedData(String label, OutboxEntryId id, String kind, Channel channel, String address) {
        String text = label + ";" + id + ";" + kind.length() + ":" + kind + ";" + channel + ";" + address.length()
                + ":" + address;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A code opened, with where it goes. {@link #toString()} shows neither.
     *
     * @param channel   email or SMS
     * @param address   the new address
     * @param code      the code
     * @param expiresAt when it expires
     */
    public record SealedCode(Channel channel, String address, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "SealedCode[channel=" + channel + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A replaced address to tell. {@link #toString()} shows no address.
     *
     * @param channel email or SMS
     * @param address the address
     */
    public record Previous(Channel channel, String address) {
        @Override
        public String toString() {
            return "Previous[channel=" + channel + "]";
        }
    }
}
