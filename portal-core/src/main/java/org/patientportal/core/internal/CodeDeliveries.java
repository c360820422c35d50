package org.patientportal.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.AccountId;
import org.patientportal.model.Channel;
import org.patientportal.model.CodePurpose;
import org.patientportal.model.Delivery;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.StorageTransaction;
import org.jspecify.annotations.Nullable;

/**
 * Outbox entries that carry an activation-style code to the email or mobile number on file (EN-1,
 * AU-7). The code never reaches storage in clear: the payload holds it sealed with AES-GCM under
 * the {@link KeyPurpose#OUTBOX_SECRET} subkey, bound (as associated data) to the entry id, the
 * kind, the channel and the address on file when the code was issued. The dispatcher opens it with
 * the address on file at delivery time, so a code is delivered only to the contact it was issued
 * for: if the contact changed in between, opening fails and the entry is dead-lettered.
 *
 * <p>Payload keys: {@code channel} ({@code EMAIL} or {@code SMS}), {@code sealedCode} (base64url),
 * {@code expiresAt} (ISO-8601 instant). The correlation key groups a patient's pending code
 * deliveries of one kind, so issuing a new code or revoking codes cancels the undelivered ones.
 */
public final class CodeDeliveries {
    /** Kind of a sign-up activation code delivery (EN-1). */
    public static final String ACTIVATION_CODE = "activation-code";
    /** Kind of a password-reset code delivery (AU-7). */
    public static final String RESET_CODE = "reset-code";
    /** Payload key of the channel. */
    public static final String CHANNEL = "channel";
    /** Payload key of the sealed code. */
    public static final String SEALED_CODE = "sealedCode";
    /** Payload key of the code's expiry. */
    public static final String EXPIRES_AT = "expiresAt";

    private CodeDeliveries() {
    }

    /** Whether codes issued for {@code delivery} travel through the outbox (email and SMS do). */
    public static boolean delivered(Delivery delivery) {
        return delivery == Delivery.EMAIL || delivery == Delivery.SMS;
    }

    /** The notification channel of an email or SMS delivery. */
    public static Channel channelOf(Delivery delivery) {
        return switch (Objects.requireNonNull(delivery, "delivery")) {
            case EMAIL -> Channel.EMAIL;
            case SMS -> Channel.SMS;
            default -> throw new IllegalArgumentException("not delivered through the outbox: " + delivery);
        };
    }

    /** The delivery kind of codes issued for {@code purpose}. */
    public static String kindOf(CodePurpose purpose) {
        return purpose == CodePurpose.SIGN_UP ? ACTIVATION_CODE : RESET_CODE;
    }

    /**
     * Revokes the patient's active codes of {@code purpose} and cancels their messages not yet sent
     * (a revoked code must not go out afterwards).
     *
     * @return how many codes were revoked
     */
    public static int revoke(StorageTransaction tx, PatientId patient, CodePurpose purpose, Instant now) {
        int revoked = tx.activationCodes().revokeActive(patient, purpose, now);
        tx.outbox().cancelPending(correlationKey(kindOf(purpose), patient), now);
        return revoked;
    }

    /** The correlation key of a patient's pending code deliveries of {@code kind}. */
    public static String correlationKey(String kind, PatientId patient) {
        return kind + ":" + Objects.requireNonNull(patient, "patient");
    }

    /**
     * A new pending entry carrying {@code code}, sealed, to the patient's address on file for
     * {@code delivery}.
     *
     * @param keys      the host's keys
     * @param kind      {@link #ACTIVATION_CODE} or {@link #RESET_CODE}
     * @param patient   the patient, whose email or mobile on file is the only destination
     * @param account   the patient's account, if signed up
     * @param delivery  {@link Delivery#EMAIL} or {@link Delivery#SMS}
     * @param code      the code as the patient is to type it
     * @param now       when the use case runs (due at once)
     * @param expiresAt when the code expires
     * @throws IllegalArgumentException if the patient has no address for the channel
     */
    public static OutboxEntry entry(Keys keys, String kind, Patient patient, @Nullable AccountId account, Delivery delivery,
                                    String code, Instant now, Instant expiresAt) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(code, "code");
        Channel channel = channelOf(delivery);
        String address = addressOnFile(patient, channel)
                .orElseThrow(() -> new IllegalArgumentException("no address on file for " + channel));
        OutboxEntryId id = OutboxEntryId.newId();
        byte[] sealed = keys.seal(KeyPurpose.OUTBOX_SECRET, code.getBytes(StandardCharsets.UTF_8),
                associatedData(id, kind, channel, address));
        Map<String, String> payload = Map.of(
                CHANNEL, channel.name(),
                SEALED_CODE, Base64.getUrlEncoder().withoutPadding().encodeToString(sealed),
                EXPIRES_AT, expiresAt.toString());
        return new OutboxEntry(id, kind, patient.id(), account, OutboxPayloads.write(payload), correlationKey(kind, patient.id()), now, now,
                OutboxStatus.PENDING, 0, now, null, null, null, null, 0);
    }

    /**
     * The code an entry made by {@link #entry} carries, if it opens for {@code address}: empty if
     * the payload was altered, the key changed, or {@code address} is not the one the code was
     * issued for.
     */
    public static Optional<String> open(Keys keys, OutboxEntry entry, Channel channel, String address) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(entry, "entry");
        String sealed;
        try {
            sealed = OutboxPayloads.read(entry).get(SEALED_CODE);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (sealed == null || address == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return keys.open(KeyPurpose.OUTBOX_SECRET, bytes, associatedData(entry.id(), entry.kind(), channel, address))
                .map(plain -> new String(plain, StandardCharsets.UTF_8));
    }

    /** The patient's address on file for an email or SMS channel; push has none on file. */
    public static Optional<String> addressOnFile(Patient patient, Channel channel) {
        Objects.requireNonNull(patient, "patient");
        return switch (Objects.requireNonNull(channel, "channel")) {
            case EMAIL -> Optional.ofNullable(patient.email());
            case SMS -> Optional.ofNullable(patient.mobile());
            case PUSH -> Optional.empty();
        };
    }

    private static byte[] associatedData(OutboxEntryId id, String kind, Channel channel, String address) {
        String text = "outbox-code-v1;" + id + ";" + kind.length() + ":" + kind + ";" + channel + ";"
                + address.length() + ":" + address;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
