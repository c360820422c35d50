package org.patientportal.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.testing.OnEveryStorage;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.ConflictException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.core.scheduling.BookAppointment;
import org.patientportal.core.scheduling.AppointmentView;
import org.patientportal.core.scheduling.CreateDepartment;
import org.patientportal.core.scheduling.DepartmentView;
import org.patientportal.core.scheduling.OpenedSlot;
import org.patientportal.core.scheduling.ProviderView;
import org.patientportal.core.scheduling.VisitTypeView;
import org.patientportal.core.scheduling.CreateProvider;
import org.patientportal.core.scheduling.CreateVisitType;
import org.patientportal.core.scheduling.OpenSlot;
import org.patientportal.core.testing.Races;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.ActorKind;
import org.patientportal.model.Message;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.PatientEligibility;
import org.patientportal.model.ProxyRelationship;
import org.patientportal.model.ThreadStatus;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.screening.UrgencyVerdict;

/** Messaging rules MS-1..MS-6 with IN-1, PX-2, AD-1 and MS-4's outbox, on the adapter under test. */
@OnEveryStorage
@DisplayName("Messaging rules (MS-1..MS-6, IN-1, PX-2, AD-3)")
class MessagingRulesSuite extends MessagingFixture {

    // ---------------------------------------------------------------- MS-1

    @Test
    @DisplayName("MS-1 a patient starts a thread on a topic; subject and body are stored exactly as sent; audited")
    void startThread() {
        Member pat = member();
        String subject = "  Refill <b>question</b> & \u00e9 ";
        String body = "  Can I take it\twith food?\nThanks \uD83D\uDE00  ";
        Sent sent = start(pat, subject, body);
        ThreadDetail detail = messaging().read(pat.actor(), pat.patient(), sent.threadId(), FIRST);
        assertThat(detail.thread().subject()).isEqualTo(subject);
        assertThat(detail.thread().topicId()).isEqualTo(topic.id());
        assertThat(detail.thread().poolId()).isEqualTo(pool.id());
        assertThat(detail.messages().items()).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo(body);
            assertThat(m.side()).isEqualTo(MessageSide.PATIENT);
            assertThat(m.authorId()).isEqualTo(pat.account().toString());
        });
        assertThat(messaging().threads(pat.actor(), pat.patient(), FIRST).items()).extracting(ThreadView::id)
                .containsExactly(sent.threadId());
        assertThat(auditOf(pat.patient())).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("message-thread");
            assertThat(e.action()).isEqualTo(AuditAction.CREATE);
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(e.recordId()).isEqualTo(sent.messageId().toString());
        });
    }

    @Test
    @DisplayName("MS-1 the topics of the clinic are listed for compose screens, keyset-paged")
    void topics() {
        List<TopicView> all = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        Page<TopicView> page;
        do {
            page = messaging().topics(member().actor(), request);
            all.addAll(page.items());
            request = page.hasNext() ? page.nextRequest(2) : null;
        } while (request != null);
        assertThat(all).contains(topic);
        assertThat(all).extracting(TopicView::id).doesNotHaveDuplicates();
    }

    // ---------------------------------------------------------------- MS-5

    @Test
    @DisplayName("MS-5 a patient writes to their primary care provider or a provider of a completed visit in 3 years; anyone else is not_in_care_team")
    void careTeam() {
        Member pat = member();
        DepartmentView department = portal.scheduling().createDepartment(DESK, new CreateDepartment(unique("FM "), NEW_YORK));
        ProviderView pcp = portal.scheduling().createProvider(DESK, new CreateProvider(unique("Dr. P ")));
        ProviderView seen = portal.scheduling().createProvider(DESK, new CreateProvider(unique("Dr. S ")));
        ProviderView longAgo = portal.scheduling().createProvider(DESK, new CreateProvider(unique("Dr. L ")));
        ProviderView stranger = portal.scheduling().createProvider(DESK, new CreateProvider(unique("Dr. X ")));
        VisitTypeView type = portal.scheduling().createVisitType(DESK, new CreateVisitType(unique("Visit "),
                Duration.ofMinutes(30), true, PatientEligibility.ANY));
        messaging().setPrimaryCareProvider(ADMIN, pat.patient(), pcp.id());
        Instant today = clock.instant();
        completedVisit(pat, department, seen, type, today.minus(Duration.ofDays(700)));
        completedVisit(pat, department, longAgo, type, today.minus(Duration.ofDays(4 * 366)));
        clock.set(today);

        assertThat(messaging().start(pat.actor(), pat.patient(), toProvider(pcp)).threadId()).isNotNull();
        Sent toSeen = messaging().start(pat.actor(), pat.patient(), toProvider(seen));
        assertThat(stored(toSeen.threadId()).providerId()).isEqualTo(seen.id());
        int before = threadsOf(pat.patient()).size();
        for (ProviderView refused : List.of(longAgo, stranger)) {
            RuleViolationException e = catchThrowableOfType(RuleViolationException.class,
                    () -> messaging().start(pat.actor(), pat.patient(), toProvider(refused)));
            assertThat(e.reason()).isEqualTo("not_in_care_team");
        }
        assertThat(threadsOf(pat.patient())).hasSize(before);
    }

    private StartThread toProvider(ProviderView provider) {
        return new StartThread(topic.id(), provider.id(), "Question", "A question for you.", false, null);
    }

    private void completedVisit(Member pat, DepartmentView department, ProviderView provider, VisitTypeView type, Instant when) {
        clock.set(when);
        LocalDateTime local = LocalDateTime.ofInstant(when, NEW_YORK).plusDays(2).withHour(10).withMinute(0)
                .withSecond(0).withNano(0);
        OpenedSlot slot = portal.scheduling().openSlot(DESK, new OpenSlot(provider.id(), department.id(), local,
                Duration.ofMinutes(30), Set.of(type.id())));
        AppointmentView appointment = portal.scheduling().book(pat.actor(), pat.patient(),
                new BookAppointment(slot.id(), type.id(), null));
        clock.set(slot.end());
        portal.scheduling().markCompleted(DESK, pat.patient(), appointment.appointmentId());
    }

    // ---------------------------------------------------------------- MS-2

    @Test
    @DisplayName("MS-2 the notice is available from the API")
    void notice() {
        assertThat(messaging().urgentNotice()).isEqualTo(Messaging.URGENT_NOTICE)
                .contains("not for urgent matters").contains("call your doctor's office").contains("911");
    }

    @Test
    @DisplayName("MS-2 a message that looks urgent is refused with the notice and nothing is written; confirmed not urgent, it is sent; both audited")
    void urgentRefusedThenConfirmed() {
        Member pat = member();
        Map<OutboxStatus, Long> outbox = outboxCounts();
        StartThread urgent = thread("Since this morning", "my chest hurts and I feel dizzy");
        RuleViolationException refused = catchThrowableOfType(RuleViolationException.class,
                () -> messaging().start(pat.actor(), pat.patient(), urgent));
        assertThat(refused.reason()).isEqualTo(Messaging.POSSIBLY_URGENT);
        assertThat(refused.getMessage()).isEqualTo(Messaging.URGENT_NOTICE);
        assertThat(threadsOf(pat.patient())).isEmpty();
        assertThat(outboxCounts()).isEqualTo(outbox);
        assertThat(auditOf(pat.patient())).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.reason()).isEqualTo(Messaging.POSSIBLY_URGENT);
            assertThat(e.category()).isEqualTo("message-thread");
        });

        StartThread confirmed = new StartThread(topic.id(), null, urgent.subject(), urgent.body(), true, null);
        Sent sent = messaging().start(pat.actor(), pat.patient(), confirmed);
        assertThat(messagesOf(sent.threadId())).singleElement().extracting(Message::confirmedNotUrgent).isEqualTo(true);
        assertThat(auditOf(pat.patient())).anySatisfy(e -> {
            assertThat(e.category()).isEqualTo("message-urgency");
            assertThat(e.reason()).isEqualTo("confirmed_not_urgent");
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });

        RuleViolationException inReply = catchThrowableOfType(RuleViolationException.class,
                () -> messaging().reply(pat.actor(), pat.patient(), sent.threadId(),
                        new Reply("now I cant breathe", false, null)));
        assertThat(inReply.reason()).isEqualTo(Messaging.POSSIBLY_URGENT);
        assertThat(messagesOf(sent.threadId())).hasSize(1);
    }

    @Test
    @DisplayName("MS-2 a staff reply is never screened; a message the screener does not flag goes straight through")
    void staffNotScreened() {
        Member pat = member();
        Sent sent = start(pat, "Refill", "Can I get a refill of my inhaler?");
        staffReply(pat, sent.threadId(), "If you have chest pain or cannot breathe, call 911.");
        assertThat(messagesOf(sent.threadId())).hasSize(2);
    }

    // ---------------------------------------------------------------- MS-3

    @Test
    @DisplayName("MS-3 unread counts per side, mark read, and the reply-by instant while the thread awaits the clinic")
    void unreadAndReplyBy() {
        Member pat = member();
        Sent sent = start(pat, "Dose", "Is 20 mg right?");
        assertThat(sent.replyBy()).isNotNull();
        ThreadView waiting = messaging().read(nurse, pat.patient(), sent.threadId(), FIRST).thread();
        assertThat(waiting.clinicUnread()).isEqualTo(1);
        assertThat(waiting.replyBy()).isEqualTo(sent.replyBy());
        assertThat(messaging().unreadInPool(nurse, pool.id())).isEqualTo(1);
        assertThat(messaging().markRead(nurse, pat.patient(), sent.threadId()).clinicUnread()).isZero();
        assertThat(messaging().unreadInPool(nurse, pool.id())).isZero();

        Sent answer = staffReply(pat, sent.threadId(), "Yes, 20 mg.");
        assertThat(answer.replyBy()).as("answered: nothing awaited").isNull();
        staffReply(pat, sent.threadId(), "And take it with food.");
        assertThat(messaging().unreadCount(pat.actor(), pat.patient())).isEqualTo(2);
        ThreadView read = messaging().markRead(pat.actor(), pat.patient(), sent.threadId());
        assertThat(read.patientUnread()).isZero();
        assertThat(read.replyBy()).isNull();
        assertThat(messaging().unreadCount(pat.actor(), pat.patient())).isZero();

        clock.advance(Duration.ofDays(10));
        Sent again = messaging().reply(pat.actor(), pat.patient(), sent.threadId(), new Reply("Thanks!", false, null));
        assertThat(again.replyBy()).isAfter(clock.instant());
        assertThat(messaging().read(pat.actor(), pat.patient(), sent.threadId(), FIRST).messages().items())
                .extracting(MessageView::sequence).containsExactly(1, 2, 3, 4);
    }

    @Test
    @DisplayName("MS-3 unread counts never drift: staff replies and patient mark-reads racing on 8 threads end consistent")
    void unreadUnderConcurrency() throws Exception {
        Member pat = member();
        List<MessageThreadId> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(start(pat, "Thread " + i, "Question " + i).threadId());
        }
        Races.race(16, 60, i -> () -> {
            MessageThreadId thread = threads.get(i % threads.size());
            if (i % 2 == 0) {
                return staffReply(pat, thread, "Answer " + i);
            }
            return messaging().markRead(pat.actor(), pat.patient(), thread);
        });
        long expected = 0;
        for (MessageThreadId thread : threads) {
            MessageThread now = stored(thread);
            List<Message> messages = messagesOf(thread);
            assertThat(now.clinicMessages()).isEqualTo((int) messages.stream()
                    .filter(m -> m.side() == MessageSide.CLINIC).count());
            assertThat(messages).extracting(Message::sequence).doesNotHaveDuplicates();
            assertThat(now.unreadBy(MessageSide.PATIENT)).isBetween(0, now.clinicMessages());
            expected += now.unreadBy(MessageSide.PATIENT);
        }
        assertThat(messaging().unreadCount(pat.actor(), pat.patient())).isEqualTo(expected);
        for (MessageThreadId thread : threads) {
            messaging().markRead(pat.actor(), pat.patient(), thread);
        }
        assertThat(messaging().unreadCount(pat.actor(), pat.patient())).isZero();
    }

    // ---------------------------------------------------------------- MS-4

    @Test
    @DisplayName("MS-4 a patient message notifies the pool with a staff kind; a staff reply notifies the patient; neither carries the subject or body")
    void notifications() {
        Member pat = member();
        Sent sent = start(pat, "SUBJECT-MS4-zx", "BODY-MS4-qv please advise");
        portal.notifications().dispatchDue();
        List<Notification> toPool = sender.delivered().stream()
                .filter(n -> n.kind().equals(NotificationKinds.MESSAGE_FOR_CLINIC)
                        && n.address().equals(NotificationKinds.STAFF_ROUTE_POOL + pool.id()))
                .toList();
        assertThat(toPool).hasSize(1);
        staffReply(pat, sent.threadId(), "REPLY-MS4-kk");
        portal.notifications().dispatchDue();
        List<Notification> toPatient = sender.delivered().stream()
                .filter(n -> n.kind().equals(NotificationKinds.MESSAGE_RECEIVED) && n.address().contains("@"))
                .toList();
        assertThat(toPatient).isNotEmpty();
        assertThat(toPatient.get(toPatient.size() - 1).body())
                .startsWith("You have a new message from your care team.");
        for (Notification n : sender.delivered()) {
            assertThat(n.subject() + n.body()).doesNotContain("SUBJECT-MS4", "BODY-MS4", "REPLY-MS4");
        }
    }

    // ---------------------------------------------------------------- MS-6

    @Test
    @DisplayName("MS-6 the pool's inbox lists threads awaiting a reply, oldest first, keyset-paged, with reply-by and overdue")
    void inbox() {
        Member pat = member();
        List<MessageThreadId> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            started.add(start(pat, "Q" + i, "Question " + i).threadId());
            clock.advance(Duration.ofMinutes(5));
        }
        staffReply(pat, started.get(2), "Answered");
        List<ThreadView> seen = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        while (request != null) {
            Page<ThreadView> page = messaging().inbox(nurse, pool.id(), request);
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            seen.addAll(page.items());
            request = page.hasNext() ? page.nextRequest(2) : null;
        }
        assertThat(seen).extracting(ThreadView::id)
                .containsExactly(started.get(0), started.get(1), started.get(3), started.get(4));
        assertThat(seen).allSatisfy(t -> {
            assertThat(t.replyBy()).isNotNull();
            assertThat(t.overdue()).isFalse();
        });
        clock.set(seen.get(0).replyBy());
        assertThat(messaging().inbox(nurse, pool.id(), PageRequest.first(1)).items().get(0).overdue()).isTrue();
        assertThat(messaging().inbox(ADMIN, pool.id(), PageRequest.first(10)).items()).hasSize(4);
    }

    @Test
    @DisplayName("MS-6 reply-by counts business days in the clinic's zone, skipping weekends and holidays")
    void businessDays() {
        // Monday 2026-03-02 09:00Z is 04:00 in New York: 3 business days are Tue, Wed, Thu; due at the end of Thursday.
        Member pat = member();
        assertThat(start(pat, "Mon", "Monday question").replyBy())
                .isEqualTo(ZonedDateTime.of(2026, 3, 6, 0, 0, 0, 0, NEW_YORK).toInstant());
        // Thursday 2026-12-24 15:00 New York, Friday the 25th a holiday: Mon 28, Tue 29, Wed 30.
        messaging().addHoliday(ADMIN, LocalDate.of(2026, 12, 25));
        clock.set(ZonedDateTime.of(2026, 12, 24, 15, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(start(pat, "Thu", "Thursday question").replyBy())
                .isEqualTo(ZonedDateTime.of(2026, 12, 31, 0, 0, 0, 0, NEW_YORK).toInstant());
        // Saturday 2026-12-26: Mon 28, Tue 29, Wed 30.
        clock.set(ZonedDateTime.of(2026, 12, 26, 11, 0, 0, 0, NEW_YORK).toInstant());
        assertThat(start(pat, "Sat", "Saturday question").replyBy())
                .isEqualTo(ZonedDateTime.of(2026, 12, 31, 0, 0, 0, 0, NEW_YORK).toInstant());
        messaging().removeHoliday(ADMIN, LocalDate.of(2026, 12, 25));
    }

    @Test
    @DisplayName("MS-6 staff of another pool cannot read or reply (denied, audited); an admin can; reassigning moves the thread and is audited")
    void poolsAndReassign() {
        Member pat = member();
        Sent sent = start(pat, "Billing?", "Is this billed twice?");
        PoolView billing = messaging().createPool(ADMIN, new CreatePool(unique("Billing ")));
        org.patientportal.core.Actor biller = org.patientportal.core.Actor.staff(unique("biller-"),
                org.patientportal.core.Role.FRONT_DESK);
        messaging().addPoolMember(ADMIN, billing.id(), biller.staffId().orElseThrow());
        assertThatThrownBy(() -> messaging().read(biller, pat.patient(), sent.threadId(), FIRST))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> messaging().inbox(biller, pool.id(), FIRST)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> staffReplyAs(biller, pat, sent.threadId())).isInstanceOf(AccessDeniedException.class);
        assertThat(messagesOf(sent.threadId())).hasSize(1);
        assertThat(auditOf(pat.patient())).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(e.actor().id()).isEqualTo(biller.staffId().orElseThrow());
        });
        assertThat(messaging().read(ADMIN, pat.patient(), sent.threadId(), FIRST).thread().id()).isEqualTo(sent.threadId());

        ThreadView moved = messaging().reassign(nurse, pat.patient(), sent.threadId(), new Reassign(billing.id(), null));
        assertThat(moved.poolId()).isEqualTo(billing.id());
        assertThat(messaging().inbox(biller, billing.id(), FIRST).items()).extracting(ThreadView::id)
                .containsExactly(sent.threadId());
        assertThat(messaging().inbox(nurse, pool.id(), FIRST).items()).isEmpty();
        assertThat(auditOf(pat.patient())).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo(AuditAction.UPDATE);
            assertThat(e.category()).isEqualTo("message-thread");
            assertThat(e.recordId()).isEqualTo(sent.threadId().toString());
            assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        });
        staffReplyAs(biller, pat, sent.threadId());
        assertThat(messagesOf(sent.threadId())).hasSize(2);
    }

    private Sent staffReplyAs(org.patientportal.core.Actor staff, Member pat, MessageThreadId thread) {
        return messaging().reply(staff, pat.patient(), thread, new Reply("Checking.", false, null));
    }

    @Test
    @DisplayName("MS-6 a closed thread leaves the inbox and takes no new patient message; reopened, it does")
    void closeAndReopen() {
        Member pat = member();
        Sent sent = start(pat, "Done", "Thanks for everything");
        assertThat(messaging().close(nurse, pat.patient(), sent.threadId()).status()).isEqualTo(ThreadStatus.CLOSED);
        assertThat(messaging().inbox(nurse, pool.id(), FIRST).items()).isEmpty();
        Map<OutboxStatus, Long> outbox = outboxCounts();
        RuleViolationException closed = catchThrowableOfType(RuleViolationException.class,
                () -> messaging().reply(pat.actor(), pat.patient(), sent.threadId(), new Reply("One more", false, null)));
        assertThat(closed.reason()).isEqualTo("thread_closed");
        assertThat(messagesOf(sent.threadId())).hasSize(1);
        assertThat(outboxCounts()).isEqualTo(outbox);
        assertThat(catchThrowableOfType(RuleViolationException.class,
                () -> messaging().close(nurse, pat.patient(), sent.threadId())).reason()).isEqualTo("not_open");
        messaging().reopen(nurse, pat.patient(), sent.threadId());
        messaging().reply(pat.actor(), pat.patient(), sent.threadId(), new Reply("One more", false, null));
        assertThat(messagesOf(sent.threadId())).hasSize(2);
    }

    // ---------------------------------------------------------------- IN-1, PX-2, AD

    @Test
    @DisplayName("IN-1 start and reply with an idempotency key run once; the same key with another body is a conflict")
    void idempotency() {
        Member pat = member();
        StartThread command = new StartThread(topic.id(), null, "Key", "Once only", false, "key-1");
        Sent first = messaging().start(pat.actor(), pat.patient(), command);
        Sent again = messaging().start(pat.actor(), pat.patient(), command);
        assertThat(again.threadId()).isEqualTo(first.threadId());
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(threadsOf(pat.patient())).hasSize(1);
        assertThatThrownBy(() -> messaging().start(pat.actor(), pat.patient(),
                new StartThread(topic.id(), null, "Key", "Another body", false, "key-1")))
                .isInstanceOf(ConflictException.class);
        Reply reply = new Reply("Follow-up", false, "key-2");
        Sent r1 = messaging().reply(pat.actor(), pat.patient(), first.threadId(), reply);
        Sent r2 = messaging().reply(pat.actor(), pat.patient(), first.threadId(), reply);
        assertThat(r2.messageId()).isEqualTo(r1.messageId());
        assertThat(messagesOf(first.threadId())).hasSize(2);
    }

    @Test
    @DisplayName("PX-2 a parent messages for a 10-year-old (audited as proxy); a parent of a 14-year-old without consent is answered as not found")
    void proxies() {
        Member parent = member();
        org.patientportal.model.PatientId child = register(LocalDate.of(2016, 1, 10));
        grant(parent, child, ProxyRelationship.PARENT);
        Sent sent = messaging().start(parent.actor(), child, thread("Fever", "My son has a mild fever, what dose?"));
        assertThat(messagesOf(sent.threadId())).singleElement().extracting(Message::authorId)
                .isEqualTo(parent.account().toString());
        assertThat(auditOf(child)).anySatisfy(e -> {
            assertThat(e.actor().kind()).isEqualTo(ActorKind.PROXY);
            assertThat(e.category()).isEqualTo("message-thread");
        });
        org.patientportal.model.PatientId teen = register(LocalDate.of(2012, 1, 10));
        grant(parent, teen, ProxyRelationship.PARENT);
        NotFoundException denied = catchThrowableOfType(NotFoundException.class,
                () -> messaging().start(parent.actor(), teen, thread("Hi", "Question")));
        assertThat(denied).hasMessage("patient not found");
        assertThat(threadsOf(teen)).isEmpty();
    }

    @Test
    @DisplayName("AD-3 another patient's thread id answers as not found, and the attempt is audited")
    void otherPatientsThread() {
        Member owner = member();
        Member other = member();
        Sent sent = start(owner, "Mine", "My question");
        assertThatThrownBy(() -> messaging().read(other.actor(), other.patient(), sent.threadId(), FIRST))
                .isInstanceOf(NotFoundException.class).hasMessage("thread not found");
        assertThatThrownBy(() -> messaging().read(other.actor(), owner.patient(), sent.threadId(), FIRST))
                .isInstanceOf(NotFoundException.class).hasMessage("patient not found");
        List<AuditEvent> events = auditOf(other.patient());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditOutcome.FAILED);
            assertThat(e.category()).isEqualTo("message");
        });
    }

    @Test
    @DisplayName("MS-2 a host's own screener plugged on the builder decides; a screener that throws counts as flagged")
    void pluggedScreener() {
        org.patientportal.core.Portal custom = org.patientportal.core.testing.TestPortals.builder(storage, clock, sender)
                .urgencyScreener(text -> {
                    if (text.contains("zebra")) {
                        return UrgencyVerdict.urgent(Set.of("zebra"));
                    }
                    if (text.contains("boom")) {
                        throw new IllegalStateException("classifier down");
                    }
                    return UrgencyVerdict.notUrgent();
                }).build();
        Member pat = member();
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> custom.messaging().start(pat.actor(),
                pat.patient(), thread("Zoo", "a zebra"))).reason()).isEqualTo(Messaging.POSSIBLY_URGENT);
        assertThat(catchThrowableOfType(RuleViolationException.class, () -> custom.messaging().start(pat.actor(),
                pat.patient(), thread("Zoo", "boom"))).reason()).isEqualTo(Messaging.POSSIBLY_URGENT);
        assertThat(custom.messaging().start(pat.actor(), pat.patient(), thread("Chest", "my chest hurts")).threadId())
                .isNotNull();
    }
}
