package org.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.PageRequest;
import org.patientportal.model.StartCursor;

@DisplayName("PageCursors: the one cursor codec of every Page (IN-2)")
class PageCursorsTest {

    private static final Validation VALIDATION = new Validation(Clock.systemUTC());

    @Test
    @DisplayName("IN-2 a cursor reads back the position it was made from, for its own list only")
    void roundTrip() {
        Instant start = Instant.parse("2027-09-13T13:00:00.123456Z");
        UUID id = UUID.randomUUID();
        String cursor = PageCursors.afterStart("a.list", start, id);
        assertThat(PageCursors.startOf("a.list", PageRequest.after(cursor, 10))).isEqualTo(new StartCursor(start, id));
        assertThat(PageCursors.idOf("b.list", PageRequest.after(PageCursors.afterId("b.list", id), 10))).isEqualTo(id);
        assertThat(PageCursors.sequenceOf("c.list", PageRequest.after(PageCursors.afterSequence("c.list", 42), 10)))
                .isEqualTo(42);
        assertThat(PageCursors.startOf("a.list", PageRequest.first(10))).isNull();
        assertThat(PageCursors.sequenceOf("c.list", PageRequest.first(10))).isZero();
        assertThat(PageCursors.violations(VALIDATION, PageRequest.after(cursor, 10), "a.list", 2, 500)).isEmpty();
        assertThat(PageCursors.violations(VALIDATION, PageRequest.after(cursor, 10), "b.list", 2, 500))
                .extracting(Violation::path).containsExactly("page.cursor");
    }

    @Test
    @DisplayName("IN-2 crafted cursors are refused on page.cursor, never with a JDK exception")
    void crafted() {
        UUID id = UUID.randomUUID();
        for (String raw : List.of("p1|a.list|999999999999.0|" + id, "p1|a.list|-999999999999.0|" + id,
                "p1|a.list|1.1000000000|" + id, "p1|a.list|1.0|not-a-uuid", "p1|a.list|1.0", "p0|a.list|1.0|" + id,
                "p1|a.list|1.0|" + id + "|", "", "|||")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
            InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
                    () -> PageCursors.startOf("a.list", PageRequest.after(cursor, 10)));
            assertThat(e).as(raw).isNotNull();
            assertThat(e.violations()).extracting(Violation::path).containsExactly("page.cursor");
        }
        for (String cursor : List.of("***", "x".repeat(401), "é")) {
            assertThat(catchThrowableOfType(InvalidRequestException.class,
                    () -> PageCursors.idOf("a.list", PageRequest.after(cursor, 10)))).as(cursor).isNotNull();
        }
    }

    @Test
    @DisplayName("IN-2 the page request is validated with the command: paths page, page.size and page.cursor")
    void requestViolations() {
        assertThat(PageCursors.violations(VALIDATION, null, "a.list", 1, 500)).extracting(Violation::path)
                .containsExactly("page");
        assertThat(PageCursors.violations(VALIDATION, new PageRequest(null, 0), "a.list", 1, 500))
                .extracting(Violation::path).containsExactly("page.size");
        assertThat(PageCursors.violations(VALIDATION, new PageRequest(null, 101), "a.list", 1, 100))
                .extracting(Violation::path).containsExactly("page.size");
        assertThat(PageCursors.violations(VALIDATION, new PageRequest("nope", 501), "a.list", 1, 500))
                .extracting(Violation::path).containsExactlyInAnyOrder("page.size", "page.cursor");
    }

    @Test
    @DisplayName("IN-2 every decoder answers 2,000 crafted cursors (extreme instants and numbers, odd UUIDs and texts) with a value or invalid_request on page.cursor")
    void fuzzedDecoders() {
        List<String> fields = List.of("-62135596800.0", "-62135596801.0", "253402300799.999999999", "253402300800.0",
                "-999999999999.999999999", "999999999999.999999999", "0.0", "1.", ".1", "0", "9223372036854775807",
                "9223372036854775808", "9999999999999999999", "-1", "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "-", "~", "~AA", "~_w", "~" + "A".repeat(300), "");
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder raw = new StringBuilder(random.nextInt(20) == 0 ? "p0" : "p1").append("|a.list");
            int count = 1 + random.nextInt(4);
            for (int f = 0; f < count; f++) {
                raw.append('|').append(fields.get(random.nextInt(fields.size())));
            }
            PageRequest page = PageRequest.after(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8)), 10);
            decodes(raw, () -> PageCursors.startOf("a.list", page));
            decodes(raw, () -> PageCursors.idOf("a.list", page));
            decodes(raw, () -> PageCursors.sequenceOf("a.list", page));
            decodes(raw, () -> PageCursors.fieldOf("a.list", page));
            decodes(raw, () -> {
                List<String> position = PageCursors.fieldsOf("a.list", page, count);
                for (String field : position) {
                    decodes(raw, () -> PageCursors.instantOf(field));
                    decodes(raw, () -> PageCursors.uuidOf(field));
                    decodes(raw, () -> PageCursors.numberOf(field, Integer.MAX_VALUE));
                    decodes(raw, () -> PageCursors.textOf(field));
                }
                return position;
            });
        }
    }

    private static void decodes(CharSequence raw, java.util.function.Supplier<?> decoder) {
        try {
            decoder.get();
        } catch (InvalidRequestException e) {
            assertThat(e.violations()).as(raw.toString()).extracting(Violation::path).containsExactly("page.cursor");
        } catch (RuntimeException e) {
            throw new AssertionError("cursor " + raw + " threw " + e, e);
        }
    }
}
