package org.patientportal.core.internal.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.patientportal.core.AccessDeniedException;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy.Access;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AccessPolicy.Via;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.messaging.CreatePool;
import org.patientportal.core.messaging.CreateTopic;
import org.patientportal.core.messaging.MessageView;
import org.patientportal.core.messaging.Messaging;
import org.patientportal.core.messaging.MessagingPolicy;
import org.patientportal.core.messaging.PoolView;
import org.patientportal.core.messaging.Reassign;
import org.patientportal.core.messaging.Reply;
import org.patientportal.core.messaging.Sent;
import org.patientportal.core.messaging.StartThread;
import org.patientportal.core.messaging.ThreadDetail;
import org.patientportal.core.messaging.ThreadView;
import org.patientportal.core.messaging.TopicView;
import org.patientportal.core.notifications.NotificationKinds;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.AppointmentStatus;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Message;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pool;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.ThreadStatus;
import org.patientportal.model.Topic;
import org.patientportal.model.TopicId;
import org.patientportal.spi.screening.UrgencyScreener;
import org.patientportal.spi.screening.UrgencyVerdict;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Messaging} use cases. Built by the portal builder; not API.
 *
 * <p>Operations that take a patient id run through the access policy (role, validation, one
 * transaction with the decision, the writes, the outbox entries, the idempotency record and the
 * SUCCESS audit event; a failure audited once on its own). Staff on a thread must also be members
 * of its pool, unless ADMIN. Set-up operations check the ADMIN role (ST-1), validate, and run one
 * transaction audited on the system chain.
 */
public final class MessagingService implements Messaging {
    /** Audit data category of pools, topics and the calendar. */
    public static final String SETUP = "messaging-setup";
    /** Audit category of the confirmation that a flagged message is not urgent (MS-2). */
    public static final String URGENCY_CONFIRMATION = "message-urgency";
    /** Audit reason of that confirmation. */
    public static final String CONFIRMED_NOT_URGENT = "confirmed_not_urgent";

    private static final String LIST_TOPICS = "messaging.topics";
    private static final String LIST_THREADS = "messaging.threads";
    private static final String LIST_MESSAGES = "messaging.messages";
    private static final String LIST_INBOX = "messaging.inbox";

    private static final Logger LOG = LoggerFactory.getLogger(MessagingService.class);
    private static final int MAX_SUBJECT = 200;
    private static final int MAX_BODY = 10_000;
    private static final int SCAN_PAGE = 200;

    private static final Operation SET_PCP = Operation.of(Messaging.class, "setPrimaryCareProvider", Actor.class,
            PatientId.class, ProviderId.class);
    private static final Operation START = Operation.of(Messaging.class, "start", Actor.class, PatientId.class,
            StartThread.class);
    private static final Operation REPLY = Operation.of(Messaging.class, "reply", Actor.class, PatientId.class,
            MessageThreadId.class, Reply.class);
    private static final Operation THREADS = Operation.of(Messaging.class, "threads", Actor.class, PatientId.class,
            PageRequest.class);
    private static final Operation READ = Operation.of(Messaging.class, "read", Actor.class, PatientId.class,
            MessageThreadId.class, PageRequest.class);
    private static final Operation MARK_READ = Operation.of(Messaging.class, "markRead", Actor.class,
            PatientId.class, MessageThreadId.class);
    private static final Operation UNREAD = Operation.of(Messaging.class, "unreadCount", Actor.class,
            PatientId.class);
    private static final Operation REASSIGN = Operation.of(Messaging.class, "reassign", Actor.class,
            PatientId.class, MessageThreadId.class, Reassign.class);
    private static final Operation CLOSE = Operation.of(Messaging.class, "close", Actor.class, PatientId.class,
            MessageThreadId.class);
    private static final Operation REOPEN = Operation.of(Messaging.class, "reopen", Actor.class, PatientId.class,
            MessageThreadId.class);

    private final PortalContext context;
    private final MessagingPolicy policy;
    private final UrgencyScreener screener;

    /**
     * Creates the service.
     *
     * @param context  the portal's shared plumbing
     * @param policy   response time default, care-team window, default zone
     * @param screener the urgency screener (MS-2)
     */
    public MessagingService(PortalContext context, MessagingPolicy policy, UrgencyScreener screener) {
        this.context = Objects.requireNonNull(context, "context");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.screener = Objects.requireNonNull(screener, "screener");
    }

    /**
     * The first result of an idempotent start or reply, as stored (ids as text).
     *
     * @param threadId  the thread
     * @param messageId the message
     */
    public record StoredSent(String threadId, String messageId) {
    }

    @Override
    public String urgentNotice() {
        return URGENT_NOTICE;
    }

    // ------------------------------------------------------------------ set-up

    @Override
    public PoolView createPool(Actor admin, CreatePool command) {
        return adminCall(admin, "messaging.createPool", AuditAction.CREATE,
                () -> context.validation().violations(command), (tx, actor) -> {
                    Pool pool = new Pool(PoolId.newId(), command.name(), 0);
                    tx.messagingDirectory().insertPool(pool);
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SETUP,
                            pool.id().toString()));
                    return new PoolView(pool.id(), pool.name());
                });
    }

    @Override
    public void addPoolMember(Actor admin, PoolId pool, String staffId) {
        member(admin, "messaging.addPoolMember", pool, staffId, true);
    }

    @Override
    public void removePoolMember(Actor admin, PoolId pool, String staffId) {
        member(admin, "messaging.removePoolMember", pool, staffId, false);
    }

    private void member(Actor admin, String operation, PoolId pool, String staffId, boolean add) {
        adminCall(admin, operation, AuditAction.UPDATE, () -> {
            List<Violation> all = new ArrayList<>();
            if (pool == null) {
                all.add(new Violation("pool", "must not be null"));
            }
            if (staffId == null || staffId.isBlank() || staffId.length() > Actor.MAX_STAFF_ID_LENGTH
                    || staffId.codePoints().anyMatch(Character::isISOControl)) {
                all.add(new Violation("staffId", "must be 1 to 64 characters, not blank, without control characters"));
            }
            return all;
        }, (tx, actor) -> {
            requirePool(tx, pool);
            if (add) {
                tx.messagingDirectory().addPoolMember(pool, staffId);
            } else {
                tx.messagingDirectory().removePoolMember(pool, staffId);
            }
            context.audit().record(tx, Audited.success(null, actor, AuditAction.UPDATE, SETUP, pool.toString()));
            return null;
        });
    }

    @Override
    public TopicView createTopic(Actor admin, CreateTopic command) {
        return adminCall(admin, "messaging.createTopic", AuditAction.CREATE,
                () -> context.validation().violations(command), (tx, actor) -> {
                    requirePool(tx, command.poolId());
                    Integer days = command.responseBusinessDays();
                    Topic topic = new Topic(TopicId.newId(), command.name(), command.poolId(),
                            days == null ? policy.defaultResponseBusinessDays() : days, true, 0);
                    tx.messagingDirectory().insertTopic(topic);
                    context.audit().record(tx, Audited.success(null, actor, AuditAction.CREATE, SETUP,
                            topic.id().toString()));
                    return view(topic);
                });
    }

    @Override
    public void setClinicZone(Actor admin, ZoneId zone) {
        adminCall(admin, "messaging.setClinicZone", AuditAction.UPDATE, () -> notNull(zone, "zone"), (tx, actor) -> {
            tx.clinicCalendar().setZone(zone);
            context.audit().record(tx, Audited.success(null, actor, AuditAction.UPDATE, SETUP, "clinic-zone"));
            return null;
        });
    }

    @Override
    public void addHoliday(Actor admin, LocalDate day) {
        holiday(admin, "messaging.addHoliday", day, true);
    }

    @Override
    public void removeHoliday(Actor admin, LocalDate day) {
        holiday(admin, "messaging.removeHoliday", day, false);
    }

    private void holiday(Actor admin, String operation, LocalDate day, boolean add) {
        adminCall(admin, operation, AuditAction.UPDATE, () -> notNull(day, "day"), (tx, actor) -> {
            if (add) {
                tx.clinicCalendar().addHoliday(day);
            } else {
                tx.clinicCalendar().removeHoliday(day);
            }
            context.audit().record(tx, Audited.success(null, actor, AuditAction.UPDATE, SETUP, "holiday:" + day));
            return null;
        });
    }

    @Override
    public void setPrimaryCareProvider(Actor admin, PatientId patient, @Nullable ProviderId provider) {
        context.access().run(admin, patient, SET_PCP, List::of, (tx, access) -> {
            requirePatient(tx, patient);
            if (provider != null && tx.providers().find(provider).isEmpty()) {
                throw new NotFoundException("provider");
            }
            tx.messagingDirectory().setPrimaryCareProvider(patient, provider);
            context.audit().record(tx, access.success(provider == null ? null : provider.toString()));
            return null;
        });
    }

    @Override
    public Page<TopicView> topics(Actor actor, PageRequest page) {
        if (actor == null) {
            throw new AccessDeniedException();
        }
        Validation.require(pageViolations(page, LIST_TOPICS, 1));
        UUID afterId = PageCursors.idOf(LIST_TOPICS, page);
        TopicId after = afterId == null ? null : new TopicId(afterId);
        return context.transactions().run(tx -> {
            List<Topic> found = tx.messagingDirectory().activeTopics(after, page.size() + 1);
            List<TopicView> views = found.stream().limit(page.size()).map(MessagingService::view).toList();
            String next = found.size() > page.size() ? PageCursors.afterId(LIST_TOPICS, found.get(page.size() - 1).id().value()) : null;
            return new Page<>(views, next);
        });
    }

    // ------------------------------------------------------------------ patient side

    @Override
    public Sent start(Actor actor, PatientId patient, StartThread command) {
        return context.access().run(actor, patient, START, () -> startViolations(command), (tx, access) -> {
            requirePatient(tx, patient);
            String key = command.idempotencyKey();
            String fingerprint = key == null ? null : context.idempotency().fingerprint(command.topicId(),
                    command.providerId(), command.subject(), command.body(), command.confirmedNotUrgent());
            return idempotent(tx, access, "messaging.start:" + patient, key, fingerprint, () -> {
                Instant now = Time.now(context.clock());
                Topic topic = tx.messagingDirectory().findTopic(command.topicId()).filter(Topic::active)
                        .orElseThrow(() -> new NotFoundException("topic"));
                ProviderId provider = command.providerId();
                if (provider != null && !inCareTeam(tx, patient, provider, now)) {
                    throw new RuleViolationException("not_in_care_team",
                            "the provider is not on the patient's care team; write to the clinic's pool instead");
                }
                boolean confirmed = screen(tx, access, command.subject() + "\n" + command.body(),
                        command.confirmedNotUrgent());
                Instant replyBy = replyBy(tx, now, topic.responseBusinessDays());
                MessageThread thread = MessageThread.start(MessageThreadId.newId(), patient, topic.id(),
                        topic.poolId(), provider, command.subject(), now, replyBy);
                tx.messageThreads().insert(thread);
                Message message = new Message(MessageId.newId(), thread.id(), patient, 1, MessageSide.PATIENT,
                        access.auditActor().id(), command.body(), now, confirmed);
                tx.messages().insert(message);
                notifyClinic(tx, thread, now);
                return new StoredSent(thread.id().toString(), message.id().toString());
            });
        });
    }

    @Override
    public Sent reply(Actor actor, PatientId patient, MessageThreadId thread, Reply command) {
        return context.access().run(actor, patient, REPLY, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (thread == null) {
                all.add(new Violation("thread", "must not be null"));
            }
            if (command != null) {
                bodyViolations(command.body(), all);
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            String key = command.idempotencyKey();
            String fingerprint = key == null ? null
                    : context.idempotency().fingerprint(thread, command.body(), command.confirmedNotUrgent());
            return idempotent(tx, access, "messaging.reply:" + patient, key, fingerprint, () -> {
                Instant now = Time.now(context.clock());
                MessageThread found = threadOf(tx, access, patient, thread);
                if (found.status() != ThreadStatus.OPEN) {
                    throw closed();
                }
                MessageSide side = access.via() == Via.STAFF ? MessageSide.CLINIC : MessageSide.PATIENT;
                boolean confirmed = false;
                Instant replyBy = null;
                if (side == MessageSide.PATIENT) {
                    confirmed = screen(tx, access, command.body(), command.confirmedNotUrgent());
                    Topic topic = tx.messagingDirectory().findTopic(found.topicId()).orElse(null);
                    replyBy = replyBy(tx, now, topic == null ? policy.defaultResponseBusinessDays()
                            : topic.responseBusinessDays());
                }
                MessageThread updated = tx.messageThreads().append(thread, side, now, replyBy)
                        .orElseThrow(MessagingService::closed);
                Message message = new Message(MessageId.newId(), thread, patient, updated.messageCount(), side,
                        access.auditActor().id(), command.body(), now, confirmed);
                tx.messages().insert(message);
                if (side == MessageSide.PATIENT) {
                    notifyClinic(tx, updated, now);
                } else {
                    notifyPatient(tx, patient, now);
                }
                return new StoredSent(thread.toString(), message.id().toString());
            });
        });
    }

    @Override
    public Page<ThreadView> threads(Actor actor, PatientId patient, PageRequest page) {
        return context.access().run(actor, patient, THREADS, () -> pageViolations(page, LIST_THREADS, 1), (tx, access) -> {
            requirePatient(tx, patient);
            UUID afterId = PageCursors.idOf(LIST_THREADS, page);
            MessageThreadId after = afterId == null ? null : new MessageThreadId(afterId);
            Instant now = Time.now(context.clock());
            List<MessageThread> found = tx.messageThreads().forPatient(patient, after, page.size() + 1);
            List<ThreadView> views = found.stream().limit(page.size()).map(t -> view(t, now)).toList();
            String next = found.size() > page.size() ? PageCursors.afterId(LIST_THREADS, found.get(page.size() - 1).id().value()) : null;
            context.audit().record(tx, access.success(patient.toString()));
            return new Page<>(views, next);
        });
    }

    @Override
    public ThreadDetail read(Actor actor, PatientId patient, MessageThreadId thread, PageRequest page) {
        return context.access().run(actor, patient, READ, () -> {
            List<Violation> all = new ArrayList<>(pageViolations(page, LIST_MESSAGES, 1));
            if (thread == null) {
                all.add(new Violation("thread", "must not be null"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            int after = sequenceAfter(page);
            MessageThread found = threadOf(tx, access, patient, thread);
            List<Message> messages = tx.messages().inThread(thread, after, page.size() + 1);
            List<MessageView> views = messages.stream().limit(page.size()).map(MessagingService::view).toList();
            String next = messages.size() > page.size()
                    ? PageCursors.afterSequence(LIST_MESSAGES, messages.get(page.size() - 1).sequence()) : null;
            context.audit().record(tx, access.success(thread.toString()));
            return new ThreadDetail(view(found, Time.now(context.clock())), new Page<>(views, next));
        });
    }

    @Override
    public ThreadView markRead(Actor actor, PatientId patient, MessageThreadId thread) {
        return context.access().run(actor, patient, MARK_READ, () -> notNull(thread, "thread"), (tx, access) -> {
            requirePatient(tx, patient);
            threadOf(tx, access, patient, thread);
            MessageSide reader = access.via() == Via.STAFF ? MessageSide.CLINIC : MessageSide.PATIENT;
            MessageThread read = tx.messageThreads().markRead(thread, reader)
                    .orElseThrow(() -> new NotFoundException("thread"));
            context.audit().record(tx, access.success(thread.toString()));
            return view(read, Time.now(context.clock()));
        });
    }

    @Override
    public long unreadCount(Actor actor, PatientId patient) {
        return context.access().run(actor, patient, UNREAD, List::of, (tx, access) -> {
            requirePatient(tx, patient);
            long count = tx.messageThreads().unreadByPatient(patient);
            context.audit().record(tx, access.success(patient.toString()));
            return count;
        });
    }

    // ------------------------------------------------------------------ staff side

    @Override
    public Page<ThreadView> inbox(Actor staff, PoolId pool, PageRequest page) {
        return poolCall(staff, "messaging.inbox", pool, () -> pageViolations(page, LIST_INBOX, 2), (tx, actor) -> {
            StartCursor after = PageCursors.startOf(LIST_INBOX, page);
            Instant now = Time.now(context.clock());
            List<MessageThread> found = tx.messageThreads().awaitingReply(pool, after, page.size() + 1);
            List<MessageThread> shown = found.subList(0, Math.min(found.size(), page.size()));
            List<MessageThread> byPatient = new ArrayList<>(shown);
            // one READ event per thread shown, on its patient's chain, chains locked in one order
            byPatient.sort(Comparator.comparing((MessageThread t) -> t.patientId().toString())
                    .thenComparing(t -> t.id().toString()));
            for (MessageThread t : byPatient) {
                context.audit().record(tx, Audited.success(t.patientId(), actor, AuditAction.READ, "message-thread",
                        t.id().toString()));
            }
            String next = null;
            if (found.size() > page.size()) {
                MessageThread last = shown.get(shown.size() - 1);
                next = PageCursors.afterStart(LIST_INBOX, last.awaitingSince(), last.id().value());
            }
            return new Page<>(shown.stream().map(t -> view(t, now)).toList(), next);
        });
    }

    @Override
    public long unreadInPool(Actor staff, PoolId pool) {
        return poolCall(staff, "messaging.unreadInPool", pool, List::of,
                (tx, actor) -> tx.messageThreads().unreadByPool(pool));
    }

    @Override
    public ThreadView reassign(Actor staff, PatientId patient, MessageThreadId thread, Reassign command) {
        return context.access().run(staff, patient, REASSIGN, () -> {
            List<Violation> all = new ArrayList<>(context.validation().violations(command));
            if (thread == null) {
                all.add(new Violation("thread", "must not be null"));
            }
            return all;
        }, (tx, access) -> {
            requirePatient(tx, patient);
            threadOf(tx, access, patient, thread);
            requirePool(tx, command.poolId());
            if (command.providerId() != null && tx.providers().find(command.providerId()).isEmpty()) {
                throw new NotFoundException("provider");
            }
            MessageThread moved = tx.messageThreads().reassign(thread, command.poolId(), command.providerId())
                    .orElseThrow(() -> new NotFoundException("thread"));
            Instant now = Time.now(context.clock());
            if (moved.awaitingSince() != null) {
                notifyClinic(tx, moved, now);
            }
            context.audit().record(tx, access.success(thread.toString()));
            return view(moved, now);
        });
    }

    @Override
    public ThreadView close(Actor staff, PatientId patient, MessageThreadId thread) {
        return changeStatus(staff, patient, thread, CLOSE, ThreadStatus.OPEN, ThreadStatus.CLOSED, "not_open",
                "the thread is already closed");
    }

    @Override
    public ThreadView reopen(Actor staff, PatientId patient, MessageThreadId thread) {
        return changeStatus(staff, patient, thread, REOPEN, ThreadStatus.CLOSED, ThreadStatus.OPEN, "not_closed",
                "the thread is open");
    }

    private ThreadView changeStatus(Actor staff, PatientId patient, MessageThreadId thread, Operation operation,
                                    ThreadStatus from, ThreadStatus to, String reason, String message) {
        return context.access().run(staff, patient, operation, () -> notNull(thread, "thread"), (tx, access) -> {
            requirePatient(tx, patient);
            threadOf(tx, access, patient, thread);
            MessageThread changed = tx.messageThreads().changeStatus(thread, from, to)
                    .orElseThrow(() -> new RuleViolationException(reason, message));
            context.audit().record(tx, access.success(thread.toString()));
            return view(changed, Time.now(context.clock()));
        });
    }

    // ------------------------------------------------------------------ rules

    /**
     * MS-2: screens the text; refuses a flagged message unless confirmed, and audits the
     * confirmation. A screener failure counts as flagged (only its type is logged, never the text).
     *
     * @return whether the message was flagged and confirmed not urgent
     */
    private boolean screen(StorageTransaction tx, Access access, String text, boolean confirmedNotUrgent) {
        boolean urgent;
        try {
            UrgencyVerdict verdict = screener.screen(text);
            urgent = verdict == null || verdict.urgent();
        } catch (RuntimeException e) {
            LOG.warn("urgency screener failed with {}; the message is treated as flagged", e.getClass().getName());
            urgent = true;
        }
        if (!urgent) {
            return false;
        }
        if (!confirmedNotUrgent) {
            throw new RuleViolationException(POSSIBLY_URGENT, URGENT_NOTICE);
        }
        context.audit().record(tx, new Audited(access.patient(), access.auditActor(), AuditAction.EXECUTE,
                URGENCY_CONFIRMATION, null, AuditOutcome.SUCCESS, CONFIRMED_NOT_URGENT));
        return true;
    }

    /** MS-5: the primary care provider, or a provider of a completed visit inside the care-team window. */
    private boolean inCareTeam(StorageTransaction tx, PatientId patient, ProviderId provider, Instant now) {
        if (tx.messagingDirectory().primaryCareProvider(patient).filter(provider::equals).isPresent()) {
            return true;
        }
        Instant since = ZonedDateTime.ofInstant(now, policy.defaultZone()).minus(policy.careTeamWindow()).toInstant();
        StartCursor after = null;
        while (true) {
            List<Appointment> page = tx.appointments().past(patient, now, after, SCAN_PAGE);
            for (Appointment a : page) {
                if (a.start().isBefore(since)) {
                    return false;
                }
                if (a.status() == AppointmentStatus.COMPLETED && a.providerId().equals(provider)) {
                    return true;
                }
            }
            if (page.size() < SCAN_PAGE) {
                return false;
            }
            Appointment last = page.get(page.size() - 1);
            after = new StartCursor(last.start(), last.id().value());
        }
    }

    private Instant replyBy(StorageTransaction tx, Instant now, int days) {
        ZoneId zone = tx.clinicCalendar().zone().orElse(policy.defaultZone());
        return BusinessDays.replyBy(tx.clinicCalendar(), zone, now, days);
    }

    /** The patient's thread; staff must be in its pool unless ADMIN. */
    private static MessageThread threadOf(StorageTransaction tx, Access access, PatientId patient,
                                          MessageThreadId id) {
        MessageThread thread = tx.messageThreads().find(id).filter(t -> t.patientId().equals(patient))
                .orElseThrow(() -> new NotFoundException("thread"));
        if (access.via() == Via.STAFF && !access.actor().hasRole(Role.ADMIN)
                && !tx.messagingDirectory().isPoolMember(thread.poolId(), access.actor().staffId().orElseThrow())) {
            throw new AccessDeniedException();
        }
        return thread;
    }

    private Sent idempotent(StorageTransaction tx, Access access, String scope, @Nullable String key,
                            @Nullable String fingerprint, Supplier<StoredSent> command) {
        if (key != null) {
            // same-key retries of one patient queue on the patient's audit chain head (IN-1)
            tx.auditTrail().lockHead(AuditChain.of(access.patient()));
        }
        Optional<StoredSent> first = context.idempotency().replay(tx, scope, key, fingerprint, StoredSent.class);
        StoredSent result;
        if (first.isPresent()) {
            result = first.get();
        } else {
            result = command.get();
            context.idempotency().remember(tx, scope, key, fingerprint, result);
        }
        MessageThreadId thread = MessageThreadId.parse(result.threadId());
        context.audit().record(tx, access.success(result.messageId()));
        Instant replyBy = tx.messageThreads().find(thread).map(MessageThread::replyBy).orElse(null);
        return new Sent(thread, MessageId.parse(result.messageId()), replyBy);
    }

    // ------------------------------------------------------------------ notifications (MS-4)

    private static void notifyClinic(StorageTransaction tx, MessageThread thread, Instant now) {
        String route = NotificationKinds.STAFF_ROUTE_POOL + thread.poolId();
        tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.MESSAGE_FOR_CLINIC, null, null,
                OutboxPayloads.write(Map.of(NotificationKinds.STAFF_ROUTE, route, "threadId", thread.id().toString())), null, now, now));
    }

    private static void notifyPatient(StorageTransaction tx, PatientId patient, Instant now) {
        tx.outbox().enqueue(OutboxEntry.pending(NotificationKinds.MESSAGE_RECEIVED, patient,
                tx.accounts().findByPatient(patient).map(Account::id).orElse(null), OutboxPayloads.NONE, null,
                now, now));
    }

    // ------------------------------------------------------------------ validation

    private List<Violation> startViolations(StartThread command) {
        List<Violation> all = new ArrayList<>(context.validation().violations(command));
        if (command != null) {
            String subject = command.subject();
            if (subject != null) {
                int length = subject.codePointCount(0, subject.length());
                if (length < 1 || length > MAX_SUBJECT) {
                    all.add(new Violation("subject", "must be 1 to 200 characters"));
                } else if (subject.isBlank()) {
                    all.add(new Violation("subject", "must not be blank"));
                }
                if (subject.codePoints().anyMatch(Character::isISOControl)) {
                    all.add(new Violation("subject", "must not contain control characters"));
                }
            }
            bodyViolations(command.body(), all);
        }
        return all;
    }

    private static void bodyViolations(@Nullable String body, List<Violation> all) {
        if (body == null) {
            return;
        }
        int length = body.codePointCount(0, body.length());
        if (length < 1 || length > MAX_BODY) {
            all.add(new Violation("body", "must be 1 to 10000 characters"));
        } else if (body.isBlank()) {
            all.add(new Violation("body", "must not be blank"));
        }
        // control characters: the text rule of IN-2 (Validation), body being MULTI_LINE
    }

    private List<Violation> pageViolations(@Nullable PageRequest page, String list, int fields) {
        return PageCursors.violations(context.validation(), page, list, fields, PageRequest.MAX_SIZE);
    }

    /** The message sequence a thread's page starts after, 0 for the first page. */
    private static int sequenceAfter(PageRequest page) {
        long after = PageCursors.sequenceOf(LIST_MESSAGES, page);
        if (after > Integer.MAX_VALUE) {
            throw InvalidRequestException.of(PageCursors.CURSOR_PATH, "is not a cursor this list returned");
        }
        return (int) after;
    }

    private static List<Violation> notNull(@Nullable Object value, String path) {
        return value == null ? List.of(new Violation(path, "must not be null")) : List.of();
    }

    private static void requirePatient(StorageTransaction tx, PatientId patient) {
        if (tx.patients().find(patient).isEmpty()) {
            throw new NotFoundException("patient");
        }
    }

    private static Pool requirePool(StorageTransaction tx, PoolId pool) {
        return tx.messagingDirectory().findPool(pool).orElseThrow(() -> new NotFoundException("pool"));
    }

    private static RuleViolationException closed() {
        return new RuleViolationException("thread_closed", "the thread is closed; start a new thread");
    }

    // ------------------------------------------------------------------ views

    private static TopicView view(Topic topic) {
        return new TopicView(topic.id(), topic.name(), topic.poolId(), topic.responseBusinessDays());
    }

    private static MessageView view(Message m) {
        return new MessageView(m.id(), m.sequence(), m.side(), m.authorId(), m.body(), m.sentAt(),
                m.confirmedNotUrgent());
    }

    private static ThreadView view(MessageThread t, Instant now) {
        return new ThreadView(t.id(), t.patientId(), t.topicId(), t.poolId(), t.providerId(), t.subject(), t.status(),
                t.createdAt(), t.lastMessageAt(), t.replyBy(), t.replyBy() != null && !now.isBefore(t.replyBy()),
                t.unreadBy(MessageSide.PATIENT), t.unreadBy(MessageSide.CLINIC));
    }

    // ------------------------------------------------------------------ staff calls without a patient

    @FunctionalInterface
    private interface StaffWork<T> {
        T execute(StorageTransaction tx, AuditActor actor);
    }

    /** ST-1 ADMIN check, IN-2 validation, one transaction; a failure is audited once on its own (AD-3). */
    private <T> T adminCall(Actor admin, String operation, AuditAction action, Supplier<List<Violation>> violations,
                            StaffWork<T> work) {
        AuditActor[] actor = {AuditActors.of(admin)};
        try {
            Role role = StaffAccess.require(admin, operation, Role.ADMIN);
            actor[0] = AuditActors.of(admin, role);
            Validation.require(violations.get());
            return context.transactions().run(tx -> work.execute(tx, actor[0]));
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(),
                    Audited.failure(null, actor[0], action, SETUP, null, e), e);
            throw e;
        }
    }

    /** A staff call on a pool: a member of the pool or an admin; denials audited on the system chain (AD-3). */
    private <T> T poolCall(Actor staff, String operation, PoolId pool, Supplier<List<Violation>> violations,
                           StaffWork<T> work) {
        AuditActor[] actor = {AuditActors.of(staff)};
        try {
            Role role = StaffAccess.require(staff, operation, Role.ADMIN, Role.CLINICIAN, Role.FRONT_DESK);
            actor[0] = AuditActors.of(staff, role);
            List<Violation> all = new ArrayList<>(violations.get());
            all.addAll(notNull(pool, "pool"));
            Validation.require(all);
            return context.transactions().run(tx -> {
                requirePool(tx, pool);
                if (!staff.hasRole(Role.ADMIN)
                        && !tx.messagingDirectory().isPoolMember(pool, staff.staffId().orElseThrow())) {
                    throw new AccessDeniedException();
                }
                return work.execute(tx, actor[0]);
            });
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(),
                    Audited.failure(null, actor[0], AuditAction.READ, "message-inbox",
                            pool == null ? null : pool.toString(), e), e);
            throw e;
        }
    }
}
