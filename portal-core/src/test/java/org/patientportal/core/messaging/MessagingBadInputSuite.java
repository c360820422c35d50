package org.patientportal.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.OnEveryStorage;
import org.junit.jupiter.api.function.Executable;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PortalException;
import org.patientportal.core.RuleViolationException;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.TopicId;

/** IN-2 for messaging: clear errors with field paths, nothing written, text stored exactly as sent. */
@OnEveryStorage
@DisplayName("Messaging bad input (IN-2)")
class MessagingBadInputSuite extends MessagingFixture {

    @Test
    @DisplayName("IN-2 empty, blank or 10,001-character bodies, control characters and a subject of only spaces are refused together, nothing written")
    void badThreads() {
        Member pat = member();
        Map<OutboxStatus, Long> outbox = outboxCounts();
        String tooLong = "a".repeat(10_001);
        assertPaths(() -> start(pat, "Fine", ""), "body");
        assertPaths(() -> start(pat, "Fine", "   \n  "), "body");
        assertPaths(() -> start(pat, "Fine", tooLong), "body");
        assertPaths(() -> start(pat, "Fine", "bell \u0007 here"), "body");
        assertPaths(() -> start(pat, "     ", "Fine"), "subject");
        assertPaths(() -> start(pat, "Line\nbreak", "Fine"), "subject");
        assertPaths(() -> start(pat, "x".repeat(201), "Fine"), "subject");
        assertPaths(() -> start(pat, "", ""), "body", "subject");
        assertPaths(() -> messaging().start(pat.actor(), pat.patient(),
                new StartThread(null, null, null, null, false, "k\u0000")), "body", "idempotencyKey", "subject",
                "topicId");
        assertPaths(() -> messaging().start(pat.actor(), pat.patient(), null), "command");
        assertThat(threadsOf(pat.patient())).isEmpty();
        assertThat(outboxCounts()).isEqualTo(outbox);
    }

    @Test
    @DisplayName("IN-2 a body of exactly 10,000 characters (code points) and a 200-character subject are kept exactly as sent")
    void limitsKeptExactly() {
        Member pat = member();
        String body = " \uD83D\uDE00".repeat(5_000);
        String subject = "<script>alert(1)</script> ".repeat(7).substring(0, 181) + "   trailing spaces ";
        Sent sent = start(pat, subject, body);
        assertThat(messagesOf(sent.threadId())).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(body));
        assertThat(stored(sent.threadId()).subject()).isEqualTo(subject);
    }

    @Test
    @DisplayName("IN-2 an unknown topic is not found, a reply to a closed thread is refused, a crafted cursor is invalid on page.cursor; nothing written")
    void unknownsAndClosed() {
        Member pat = member();
        Map<OutboxStatus, Long> outbox = outboxCounts();
        assertThat(catchThrowable(() -> messaging().start(pat.actor(), pat.patient(),
                new StartThread(TopicId.newId(), null, "S", "B", false, null))))
                .isInstanceOf(NotFoundException.class).hasMessage("topic not found");
        assertThat(threadsOf(pat.patient())).isEmpty();
        assertThat(outboxCounts()).isEqualTo(outbox);

        Sent sent = start(pat, "S", "B");
        messaging().close(nurse, pat.patient(), sent.threadId());
        Map<OutboxStatus, Long> afterStart = outboxCounts();
        assertThat(catchThrowable(() -> messaging().reply(pat.actor(), pat.patient(), sent.threadId(),
                new Reply("more", false, null)))).isInstanceOf(RuleViolationException.class);
        assertThat(messagesOf(sent.threadId())).hasSize(1);
        assertThat(outboxCounts()).isEqualTo(afterStart);

        for (String cursor : List.of("not-a-cursor", "bXQxLm5vdC1hLXV1aWQ", "aWIxLjEuMi4z", "bXMxLi0x", "\u0000", "")) {
            assertPaths(() -> messaging().threads(pat.actor(), pat.patient(), PageRequest.after(cursor, 10)),
                    "page.cursor");
            assertPaths(() -> messaging().inbox(nurse, pool.id(), PageRequest.after(cursor, 10)), "page.cursor");
            assertPaths(() -> messaging().read(pat.actor(), pat.patient(), sent.threadId(),
                    PageRequest.after(cursor, 10)), "page.cursor");
        }
        assertPaths(() -> messaging().threads(pat.actor(), pat.patient(), new PageRequest(null, 0)), "page.size");
        assertPaths(() -> messaging().inbox(nurse, pool.id(), new PageRequest(null, 501)), "page.size");
        assertPaths(() -> messaging().reply(pat.actor(), pat.patient(), (MessageThreadId) null,
                new Reply("x", false, null)), "thread");
    }

    @Test
    @DisplayName("IN-2 set-up commands are validated: blank names, bad response times, unknown pools, bad staff ids")
    void badSetup() {
        assertPaths(() -> messaging().createPool(ADMIN, new CreatePool("  ")), "name");
        assertPaths(() -> messaging().createTopic(ADMIN, new CreateTopic("", null, 31)), "name", "poolId",
                "responseBusinessDays");
        assertThat(catchThrowable(() -> messaging().createTopic(ADMIN, new CreateTopic("T",
                org.patientportal.model.PoolId.newId(), 2)))).isInstanceOf(NotFoundException.class);
        assertPaths(() -> messaging().addPoolMember(ADMIN, pool.id(), " "), "staffId");
        assertPaths(() -> messaging().addPoolMember(ADMIN, pool.id(), "a\nb"), "staffId");
        assertPaths(() -> messaging().setClinicZone(ADMIN, null), "zone");
    }

    private static void assertPaths(Executable call, String... paths) {
        Throwable thrown = catchThrowable(call::execute);
        assertThat(thrown).isInstanceOf(InvalidRequestException.class);
        assertThat(((PortalException) thrown).code()).isEqualTo(InvalidRequestException.CODE);
        assertThat(((InvalidRequestException) thrown).violations())
                .extracting(InvalidRequestException.Violation::path).containsOnly(paths);
    }
}
