package org.patientportal.core.internal.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.TopicId;
import org.patientportal.model.Uuids;

/**
 * Opaque cursors of the messaging lists, as base64url text with a prefix per list, so a cursor of
 * one list is refused by another. A cursor that is not one of ours is an
 * {@link InvalidRequestException} on {@code page.cursor}.
 */
final class MessagingCursors {
    static final String PATH = "page.cursor";
    private static final String BAD = "is not a cursor this list returned";

    private MessagingCursors() {
    }

    static String threads(MessageThreadId last) {
        return encode("mt1." + last);
    }

    static @Nullable MessageThreadId threadsAfter(@Nullable String cursor) {
        String raw = decode(cursor, "mt1.");
        return raw == null ? null : parse(() -> MessageThreadId.parse(raw));
    }

    static String topics(TopicId last) {
        return encode("tp1." + last);
    }

    static @Nullable TopicId topicsAfter(@Nullable String cursor) {
        String raw = decode(cursor, "tp1.");
        return raw == null ? null : parse(() -> TopicId.parse(raw));
    }

    static String inbox(Instant awaitingSince, MessageThreadId last) {
        return encode("ib1." + awaitingSince.getEpochSecond() + "." + awaitingSince.getNano() + "." + last);
    }

    static @Nullable StartCursor inboxAfter(@Nullable String cursor) {
        String raw = decode(cursor, "ib1.");
        if (raw == null) {
            return null;
        }
        return parse(() -> {
            String[] parts = raw.split("\\.", -1);
            if (parts.length != 3 || !parts[0].matches("-?[0-9]{1,19}") || !parts[1].matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("parts");
            }
            return new StartCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1])),
                    Uuids.parse(parts[2]));
        });
    }

    static String messages(int lastSequence) {
        return encode("ms1." + lastSequence);
    }

    static int messagesAfter(@Nullable String cursor) {
        String raw = decode(cursor, "ms1.");
        if (raw == null) {
            return 0;
        }
        return parse(() -> {
            if (!raw.matches("[1-9][0-9]{0,8}")) {
                throw new IllegalArgumentException("sequence");
            }
            return Integer.parseInt(raw);
        });
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    private static @Nullable String decode(@Nullable String cursor, String prefix) {
        if (cursor == null) {
            return null;
        }
        String raw;
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            throw InvalidRequestException.of(PATH, BAD);
        }
        if (!raw.startsWith(prefix)) {
            throw InvalidRequestException.of(PATH, BAD);
        }
        return raw.substring(prefix.length());
    }

    private static <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw InvalidRequestException.of(PATH, BAD);
        }
    }
}
