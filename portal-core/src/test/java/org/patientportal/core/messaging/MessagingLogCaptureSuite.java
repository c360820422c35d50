package org.patientportal.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.Actor;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Role;
import org.patientportal.core.testing.LogCapture;
import org.patientportal.spi.screening.UrgencyVerdict;

/** LG-1 for messaging: no subject or body in any log line or exception message, the screener's included. */
@OnEveryStorage
@DisplayName("Messaging log capture (LG-1)")
class MessagingLogCaptureSuite extends MessagingFixture {
    private static final String SUBJECT = "SUBJ-7f3a secret subject";
    private static final String BODY = "BODY-91c2 my chest hurts and I cannot breathe";
    private static final String REPLY = "REPLY-55e1 private answer";

    @Test
    @DisplayName("LG-1 sending, refusing, replying, reading and failing screeners log no subject or body, and no exception quotes them")
    void nothingLeaks() {
        List<String> messages = new ArrayList<>();
        try (LogCapture capture = LogCapture.everythingAtTrace("messaging-lg1")) {
            Member pat = member();
            messages.add(String.valueOf(catchThrowable(() -> start(pat, SUBJECT, BODY))));
            Sent sent = messaging().start(pat.actor(), pat.patient(),
                    new StartThread(topic.id(), null, SUBJECT, BODY, true, null));
            staffReply(pat, sent.threadId(), REPLY);
            messages.add(String.valueOf(catchThrowable(() -> messaging().reply(pat.actor(), pat.patient(),
                    sent.threadId(), new Reply(BODY + "\u0007", false, null)))));
            Actor outsider = Actor.staff(unique("outsider-"), Role.CLINICIAN);
            messages.add(String.valueOf(catchThrowable(() -> messaging().read(outsider, pat.patient(),
                    sent.threadId(), PageRequest.first(5)))));
            messaging().read(pat.actor(), pat.patient(), sent.threadId(), PageRequest.first(5));
            messaging().inbox(nurse, pool.id(), PageRequest.first(5));
            portal.notifications().dispatchDue();

            org.patientportal.core.Portal failing = org.patientportal.core.testing.TestPortals
                    .builder(storage, clock, sender).urgencyScreener(text -> {
                        throw new IllegalStateException("could not classify: " + text);
                    }).build();
            messages.add(String.valueOf(catchThrowable(() -> failing.messaging().start(pat.actor(), pat.patient(),
                    new StartThread(topic.id(), null, SUBJECT, BODY, false, null)))));
            org.patientportal.core.Portal flagging = org.patientportal.core.testing.TestPortals
                    .builder(storage, clock, sender).urgencyScreener(text -> UrgencyVerdict.urgent(
                            java.util.Set.of("test"))).build();
            messages.add(String.valueOf(catchThrowable(() -> flagging.messaging().start(pat.actor(), pat.patient(),
                    new StartThread(topic.id(), null, SUBJECT, BODY, false, null)))));

            assertThat(capture.events()).isNotEmpty();
            for (var event : capture.events()) {
                assertThat(capture.render(event)).doesNotContain("SUBJ-7f3a", "BODY-91c2", "REPLY-55e1",
                        "chest hurts");
            }
        }
        assertThat(messages).hasSize(5).allSatisfy(m -> assertThat(m).isNotEqualTo("null")
                .doesNotContain("SUBJ-7f3a", "BODY-91c2", "REPLY-55e1"));
    }
}
