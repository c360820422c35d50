package org.patientportal.core.internal.notifications;

import org.patientportal.core.notifications.*;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.InvalidRequestException.Violation;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.PortalException;
import org.patientportal.core.Role;
import org.patientportal.core.RuleViolationException;
import org.patientportal.core.internal.AccessPolicy;
import org.patientportal.core.internal.AccessPolicy.Operation;
import org.patientportal.core.internal.AuditActors;
import org.patientportal.core.internal.Audited;
import org.patientportal.core.internal.CodeDeliveries;
import org.patientportal.core.internal.OutboxPayloads;
import org.patientportal.core.internal.PageCursors;
import org.patientportal.core.internal.PortalContext;
import org.patientportal.core.internal.Validation;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import java.util.UUID;
import org.patientportal.model.OutboxEntry;
import org.patientportal.core.internal.SecurityLog;
import org.patientportal.core.internal.StaffAccess;
import org.patientportal.core.internal.Time;
import org.patientportal.core.internal.Validation;
import org.patientportal.model.AuditAction;
import org.patientportal.model.AuditActor;
import org.patientportal.model.AuditOutcome;
import org.patientportal.model.Channel;
import org.patientportal.model.NotificationPreferences;
import org.patientportal.model.OutboxEntry;
import org.patientportal.model.OutboxEntryId;
import org.patientportal.model.OutboxStatus;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;
import org.patientportal.spi.storage.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Notifications} implementation. Built by the portal builder; not API.
 *
 * <p><b>Dispatch.</b> A batch is claimed in one short transaction (lease {@link NotificationPolicy#claimLease()},
 * a random claim token; the claim counts the attempt, and the same transaction first dead-letters the
 * entries whose last allowed attempt lapsed without an outcome), the recipients of the whole batch are
 * read in a second one, each entry is sent outside any transaction, and the outcomes of the batch are
 * recorded in one transaction (the deliveries in one batched statement), each conditional on the claim
 * token: an outcome whose claim lapsed, or whose entry was cancelled meanwhile, is dropped. A delivered
 * or dead-lettered entry gets one audit event in that transaction (actor {@code system}, action
 * {@code EXECUTE}, category {@code notification}, record id the entry id). If recording fails, the
 * claims lapse and the entries are sent again under the same ids (at least once). Whatever one send
 * throws ({@link Error}s included) is that entry's retryable failure, never the batch's end. Failure
 * codes are the SDK's own words; a sender's message is never stored or logged (it may quote the address).
 */
public final class NotificationService implements Notifications {
    /** Audit category of preferences. */
    public static final String CATEGORY_PREFERENCES = "notification-preferences";
    /** Audit category of SMS consent and STOP. */
    public static final String CATEGORY_SMS_CONSENT = "sms-consent";
    /** Audit category of a delivered or dead-lettered notification. */
    public static final String CATEGORY_NOTIFICATION = "notification";
    /** Audit category of dead-letter listings and re-queues. */
    public static final String CATEGORY_DEAD_LETTER = "dead-letter";
    private static final String LIST_DEAD = "notifications.dead";

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final int STOP_TRIES = 3;
    /** Failure code of a sender that threw something other than a {@link NotificationException}. */
    static final String SENDER_ERROR = "sender_error";
    /** Failure code of an entry whose last allowed attempt's claim lapsed without an outcome. */
    static final String CLAIM_LAPSED = "claim_lapsed";

    private static final Operation PREFERENCES = Operation.of(Notifications.class, "preferences", Actor.class,
            PatientId.class);
    private static final Operation UPDATE_PREFERENCES = Operation.of(Notifications.class, "updatePreferences",
            Actor.class, PatientId.class, UpdatePreferences.class);
    private static final Operation SMS_CONSENT = Operation.of(Notifications.class, "recordSmsConsent", Actor.class,
            PatientId.class);

    private final PortalContext context;
    private final NotificationSender sender;
    private final NotificationPolicy policy;

    /**
     * @param context the portal's shared plumbing
     * @param sender  the host's notification sender
     * @param policy  attempts, backoff, lease and batch size
     */
    public NotificationService(PortalContext context, NotificationSender sender, NotificationPolicy policy) {
        this.context = Objects.requireNonNull(context, "context");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    // ------------------------------------------------------------------ preferences (NT-1)

    private static Preferences view(NotificationPreferences p) {
        return new Preferences(p.patientId(), p.channelsByKind(), p.pushAddress(), p.smsConsentAt(),
                p.smsStoppedAt());
    }

    @Override
    public Preferences preferences(Actor actor, PatientId patient) {
        return context.access().run(actor, patient, PREFERENCES, List::of, (tx, access) -> {
            tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            NotificationPreferences found = tx.preferences().find(patient)
                    .orElseGet(() -> NotificationPreferences.none(patient));
            context.audit().record(tx, access.success(patient.toString()));
            return view(found);
        });
    }

    @Override
    public Preferences updatePreferences(Actor actor, PatientId patient, UpdatePreferences command) {
        return context.access().run(actor, patient, UPDATE_PREFERENCES, () -> violations(command), (tx, access) -> {
            tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            NotificationPreferences current = tx.preferences().find(patient)
                    .orElseGet(() -> NotificationPreferences.none(patient));
            boolean self = access.via() == AccessPolicy.Via.SELF;
            Map<String, Set<Channel>> channels = self ? command.channelsByKind()
                    : keepSecurityChoices(current.channelsByKind(), command.channelsByKind());
            boolean pushSelfSet = Objects.equals(command.pushAddress(), current.pushAddress())
                    ? self || current.pushAddressSelfSet() : self;
            NotificationPreferences saved = tx.preferences().save(new NotificationPreferences(patient,
                    channels, command.pushAddress(), command.pushAddress() != null && pushSelfSet,
                    current.smsConsentAt(), current.smsStoppedAt(), current.version()));
            context.audit().record(tx, access.success(patient.toString()));
            return view(saved);
        });
    }

    /**
     * A proxy's or staff member's choices (AU-7): the security notices keep the channels the patient
     * chose; naming one with other channels is refused, naming it unchanged (a screen sending back
     * what it read) is accepted.
     *
     * @throws RuleViolationException {@code security_notices_patient_only} if the command changes one
     */
    private static Map<String, Set<Channel>> keepSecurityChoices(Map<String, Set<Channel>> current,
                                                                 Map<String, Set<Channel>> asked) {
        Map<String, Set<Channel>> out = new java.util.LinkedHashMap<>(asked);
        for (String kind : NotificationKinds.MANDATORY) {
            Set<Channel> stored = current.get(kind);
            Set<Channel> wanted = asked.get(kind);
            if (wanted != null && !Set.copyOf(wanted).equals(stored == null ? Set.of(Channel.EMAIL) : stored)) {
                throw new RuleViolationException("security_notices_patient_only",
                        "only the patient chooses how security notices reach them");
            }
            out.remove(kind);
            if (stored != null) {
                out.put(kind, stored);
            }
        }
        return out;
    }

    private List<Violation> violations(UpdatePreferences command) {
        List<Violation> out = new ArrayList<>(context.validation().violations(command));
        if (command == null || command.channelsByKind() == null) {
            return out;
        }
        boolean push = false;
        for (Map.Entry<String, Set<Channel>> entry : command.channelsByKind().entrySet()) {
            String kind = entry.getKey();
            if (kind == null || entry.getValue() == null) {
                continue; // reported by the constraints
            }
            String path = "channelsByKind[" + Validation.pathKey(kind) + "]";
            if (!NotificationKinds.CHOOSABLE.contains(kind)) {
                out.add(new Violation(path, "must be a kind whose channels a patient chooses: "
                        + String.join(", ", NotificationKinds.CHOOSABLE.stream().sorted().toList())));
            } else if (NotificationKinds.MANDATORY.contains(kind) && entry.getValue().stream()
                    .noneMatch(Objects::nonNull)) {
                out.add(new Violation(path, "must name at least one channel: security notices cannot be turned off"));
            }
            push |= entry.getValue().contains(Channel.PUSH);
        }
        if (push && command.pushAddress() == null) {
            out.add(new Violation("pushAddress", "is required when a kind goes by push"));
        }
        return out;
    }

    @Override
    public void recordSmsConsent(Actor actor, PatientId patient) {
        context.access().run(actor, patient, SMS_CONSENT, List::of, (tx, access) -> {
            Patient found = tx.patients().find(patient).orElseThrow(() -> new NotFoundException("patient"));
            if (found.mobile() == null) {
                throw new RuleViolationException("no_mobile_on_file", "the patient has no mobile number on file");
            }
            NotificationPreferences current = tx.preferences().find(patient)
                    .orElseGet(() -> NotificationPreferences.none(patient));
            tx.preferences().save(new NotificationPreferences(patient, current.channelsByKind(),
                    current.pushAddress(), current.pushAddressSelfSet(), Time.now(context.clock()), null,
                    current.version()));
            context.audit().record(tx, access.success(patient.toString()));
            return null;
        });
    }

    @Override
    public int smsStop(String mobileNumber) {
        String number = mobileNumber == null ? null : mobileNumber.strip();
        if (number == null || !E164.matcher(number).matches()) {
            throw InvalidRequestException.of("mobileNumber", "must be an E.164 number such as +15555550123");
        }
        AuditActor system = AuditActors.system();
        for (int attempt = 1; ; attempt++) {
            try {
                int count = context.transactions().run(tx -> {
                    Instant now = Time.now(context.clock());
                    List<Patient> patients = tx.patients().findByMobile(number);
                    for (Patient patient : patients) {
                        NotificationPreferences current = tx.preferences().find(patient.id())
                                .orElseGet(() -> NotificationPreferences.none(patient.id()));
                        tx.preferences().save(new NotificationPreferences(patient.id(), current.channelsByKind(),
                                current.pushAddress(), current.pushAddressSelfSet(), current.smsConsentAt(), now,
                                current.version()));
                        context.audit().record(tx, new Audited(patient.id(), system, AuditAction.UPDATE,
                                CATEGORY_SMS_CONSENT, patient.id().toString(), AuditOutcome.SUCCESS, "inbound_stop"));
                    }
                    return patients.size();
                });
                SecurityLog.event("sms_stop", "success", Map.of("patients", count));
                return count;
            } catch (ConflictException e) {
                if (attempt >= STOP_TRIES) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ dead letters (NT-2)

    @Override
    public Page<DeadLetter> deadLetters(Actor admin, PageRequest page) {
        AuditActor[] actor = {AuditActors.of(admin)};
        try {
            actor[0] = AuditActors.of(admin, StaffAccess.require(admin, "notifications.deadLetters", Role.ADMIN));
            Validation.require(PageCursors.violations(context.validation(), page, LIST_DEAD, 1, PageRequest.MAX_SIZE));
            UUID after = PageCursors.idOf(LIST_DEAD, page);
            return context.transactions().run(tx -> {
                List<OutboxEntry> found = tx.outbox().dead(after == null ? null : new OutboxEntryId(after),
                        page.size() + 1);
                List<DeadLetter> items = found.subList(0, Math.min(found.size(), page.size())).stream()
                        .map(e -> new DeadLetter(e.id(), e.kind(), e.patientId(), e.attempts(), e.lastError(),
                                e.createdAt(), e.completedAt()))
                        .toList();
                // one READ event per patient shown, on the patient's chain (AD-1, ST-2)
                context.audit().recordPerPatient(tx, items.stream().map(DeadLetter::patientId).toList(), actor[0],
                        AuditAction.READ, CATEGORY_DEAD_LETTER);
                String next = found.size() > page.size()
                        ? PageCursors.afterId(LIST_DEAD, found.get(page.size() - 1).id().value()) : null;
                return new Page<>(items, next);
            });
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(), Audited.failure(null, actor[0], AuditAction.READ,
                    CATEGORY_DEAD_LETTER, null, e), e);
            throw e;
        }
    }

    @Override
    public void requeue(Actor admin, OutboxEntryId id) {
        AuditActor[] actor = {AuditActors.of(admin)};
        PatientId[] patient = {null};
        try {
            actor[0] = AuditActors.of(admin, StaffAccess.require(admin, "notifications.requeue", Role.ADMIN));
            if (id == null) {
                throw InvalidRequestException.of("id", "must not be null");
            }
            context.transactions().run(tx -> {
                OutboxEntry entry = tx.outbox().find(id).orElseThrow(() -> new NotFoundException("outbox entry"));
                patient[0] = entry.patientId();
                if (entry.status() != OutboxStatus.DEAD || !tx.outbox().requeue(id, Time.now(context.clock()))) {
                    throw new RuleViolationException("not_dead", "only a dead letter can be re-queued");
                }
                context.audit().record(tx, Audited.success(entry.patientId(), actor[0], AuditAction.UPDATE,
                        CATEGORY_DEAD_LETTER, id.toString()));
                return null;
            });
        } catch (RuntimeException e) {
            context.audit().recordFailure(context.transactions(), tx -> Audited.failure(
                    patient[0] != null && tx.patients().find(patient[0]).isPresent() ? patient[0] : null, actor[0],
                    AuditAction.UPDATE, CATEGORY_DEAD_LETTER, id == null ? null : id.toString(), e), e);
            throw e;
        }
    }

    // ------------------------------------------------------------------ dispatch (NT-2)

    @Override
    public DispatchReport dispatchDue() {
        return dispatch(() -> false);
    }

    @Override
    public Dispatcher startDispatcher(ScheduledExecutorService executor, Duration every) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(every, "every");
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("every must be positive");
        }
        ScheduledDispatcher dispatcher = new ScheduledDispatcher();
        dispatcher.start(executor, every);
        return dispatcher;
    }

    /**
     * Claims and delivers batches until a claim is not full or {@code stopping} says so. Each claim
     * transaction first dead-letters the entries whose last allowed attempt never reported (their
     * dispatcher died in the send: a poison entry ends there instead of being claimed for ever).
     */
    DispatchReport dispatch(BooleanSupplier stopping) {
        DispatchReport total = DispatchReport.EMPTY;
        while (!stopping.getAsBoolean()) {
            Instant now = Time.now(context.clock());
            Instant leaseEnd = now.plus(policy.claimLease());
            String token = "claim-" + UUID.randomUUID();
            Claimed claimed = context.transactions().run(tx -> {
                List<OutboxEntry> lapsed = tx.outbox().deadLetterLapsed(now, policy.maxAttempts(), CLAIM_LAPSED,
                        policy.batchSize());
                auditLapsed(tx, lapsed);
                return new Claimed(lapsed, tx.outbox().claimDue(now, policy.batchSize(), token, leaseEnd));
            });
            for (OutboxEntry entry : claimed.lapsed()) {
                LOG.warn("outbox entry {} of kind {} dead-lettered: {}", entry.id(), entry.kind(), CLAIM_LAPSED);
            }
            total = total.plus(new DispatchReport(0, 0, 0, 0, claimed.lapsed().size(), 0));
            List<OutboxEntry> batch = claimed.batch();
            if (batch.isEmpty()) {
                if (claimed.lapsed().size() < policy.batchSize()) {
                    break;
                }
                continue;
            }
            total = total.plus(deliver(batch, token, leaseEnd, stopping));
            if (batch.size() < policy.batchSize()) {
                break;
            }
        }
        return total;
    }

    /** Audits dead-lettered lapsed claims in the claim transaction, chains locked in one global order. */
    private void auditLapsed(StorageTransaction tx, List<OutboxEntry> lapsed) {
        List<Audited> events = new ArrayList<>();
        for (OutboxEntry entry : lapsed) {
            PatientId chain = entry.patientId() != null && tx.patients().find(entry.patientId()).isPresent()
                    ? entry.patientId() : null;
            events.add(new Audited(chain, AuditActors.system(), AuditAction.EXECUTE, CATEGORY_NOTIFICATION,
                    entry.id().toString(), AuditOutcome.FAILED, CLAIM_LAPSED));
        }
        events.sort(Comparator.comparing((Audited a) -> a.patient() == null ? null : a.patient().toString(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        context.audit().recordAll(tx, events);
    }

    /**
     * Sends a claimed batch, then records every outcome in one transaction (the deliveries in one
     * batched statement). An entry is sent only while its claim holds and the dispatcher is not
     * stopping; whatever one entry's attempt throws, {@link Error}s included, is that entry's
     * retryable failure and the batch goes on. If the process dies in the middle, the entries sent
     * but not yet recorded are sent again under the same ids (at least once); an entry recorded
     * DELIVERED is never sent again.
     */
    private DispatchReport deliver(List<OutboxEntry> batch, String token, Instant leaseEnd, BooleanSupplier stopping) {
        Map<PatientId, Recipient> recipients = recipients(batch);
        Tally tally = new Tally();
        List<Attempted> attempted = new ArrayList<>(batch.size());
        Instant recordBy = leaseEnd.minus(policy.claimLease().dividedBy(2));
        for (OutboxEntry entry : batch) {
            Instant now = Time.now(context.clock());
            if (stopping.getAsBoolean() || !now.isBefore(leaseEnd)) {
                tally.released++; // the claim lapses; any dispatcher takes the entry again
                continue;
            }
            if (!now.isBefore(recordBy) && !attempted.isEmpty()) {
                // a slow sender: what was sent is recorded long before the claims lapse
                record(attempted, token, tally);
                attempted.clear();
            }
            Recipient recipient = entry.patientId() == null ? null : recipients.get(entry.patientId());
            Outcome outcome = entry.attempts() > policy.maxAttempts()
                    ? Outcome.dead(CLAIM_LAPSED, 0) // its last allowed attempt lapsed (a claim raced the dead-lettering)
                    : attemptSafely(entry, recipient);
            attempted.add(new Attempted(entry, recipient, outcome));
        }
        record(attempted, token, tally);
        return new DispatchReport(batch.size(), tally.delivered, tally.skipped, tally.retried, tally.dead,
                tally.released);
    }

    /** {@link #attempt}, with anything it throws (an {@link Error} too) taken as a retryable failure. */
    private Outcome attemptSafely(OutboxEntry entry, Recipient recipient) {
        try {
            return attempt(entry, recipient);
        } catch (Throwable e) {
            // a sender (or a template) breaking its contract: only the type is logged, never the message
            LOG.warn("sending outbox entry {} threw {}", entry.id(), e.getClass().getName());
            return Outcome.retry(SENDER_ERROR, 0);
        }
    }

    /** The patients of a batch and their preferences, read in one transaction. */
    private Map<PatientId, Recipient> recipients(List<OutboxEntry> batch) {
        Set<PatientId> ids = new LinkedHashSet<>();
        batch.forEach(e -> {
            if (e.patientId() != null) {
                ids.add(e.patientId());
            }
        });
        if (ids.isEmpty()) {
            return Map.of();
        }
        // the batch's patients and their preferences in two reads, not two per patient
        return context.transactions().run(tx -> {
            Map<PatientId, NotificationPreferences> preferences = new HashMap<>();
            tx.preferences().findAll(ids).forEach(p -> preferences.put(p.patientId(), p));
            Map<PatientId, Recipient> out = new HashMap<>();
            for (Patient patient : tx.patients().findAll(ids)) {
                PatientId id = patient.id();
                out.put(id, new Recipient(patient, preferences.getOrDefault(id, NotificationPreferences.none(id))));
            }
            return out;
        });
    }

    /** Renders and sends one entry on its channels. */
    private Outcome attempt(OutboxEntry entry, Recipient recipient) {
        Plan plan = plan(entry, recipient);
        if (plan.deadReason() != null) {
            return Outcome.dead(plan.deadReason(), 0);
        }
        String retryReason = null;
        int sent = 0;
        for (Notification notification : plan.notifications()) {
            try {
                sender.send(notification);
                sent++;
            } catch (NotificationException e) {
                if (!e.retryable()) {
                    return Outcome.dead("permanent_failure", sent);
                }
                retryReason = "retryable_failure";
            } catch (RuntimeException | Error e) {
                // a sender breaking its contract (an AssertionError, a NoClassDefFoundError, ...): retried
                // like a retryable failure; only the type is logged, never the message (it may quote the address)
                LOG.warn("notification sender threw {} for outbox entry {}", e.getClass().getName(), entry.id());
                retryReason = SENDER_ERROR;
            }
        }
        return retryReason == null ? Outcome.delivered(sent) : Outcome.retry(retryReason, sent);
    }

    /** What to send for one entry, or why it can never be sent. */
    private Plan plan(OutboxEntry entry, Recipient recipient) {
        if (!Templates.knows(entry.kind())) {
            return Plan.dead("unknown_kind");
        }
        if (NotificationKinds.STAFF.contains(entry.kind())) {
            return planStaff(entry);
        }
        if (recipient == null) {
            return Plan.dead("no_recipient");
        }
        if (CodeDeliveries.ACTIVATION_CODE.equals(entry.kind()) || CodeDeliveries.RESET_CODE.equals(entry.kind())) {
            return planCode(entry, recipient);
        }
        Routing.Route route = NotificationKinds.CONTACT_CODE.equals(entry.kind())
                ? Routing.contactCode(context.keys(), entry, sender.channels(), Time.now(context.clock()))
                : Routing.patientNotice(context.keys(), entry, recipient.patient(), recipient.preferences(),
                        sender.channels());
        return new Plan(route.notifications(), route.deadReason());
    }

    /** A staff-side kind (MS-4): by email (else the sender's first channel) to the route in the payload. */
    private Plan planStaff(OutboxEntry entry) {
        String route = OutboxPayloads.read(entry).get(NotificationKinds.STAFF_ROUTE);
        if (route == null || route.isBlank()) {
            return Plan.dead("bad_payload");
        }
        Set<Channel> channels = sender.channels();
        Channel channel = channels.contains(Channel.EMAIL) ? Channel.EMAIL
                : channels.stream().sorted().findFirst().orElse(null);
        Optional<Templates.Template> template = channel == null ? Optional.empty() : Templates.find(entry.kind(), channel);
        if (template.isEmpty()) {
            return Plan.dead("channel_unsupported");
        }
        Templates.Rendered text = Templates.render(template.get(), Map.of());
        return new Plan(List.of(new Notification(notificationId(entry, channel), channel, route, entry.kind(),
                text.subject(), text.body())), null);
    }

    /** An activation or reset code: the channel staff chose, the contact on file it was sealed for (EN-1). */
    private Plan planCode(OutboxEntry entry, Recipient recipient) {
        Channel channel;
        Instant expiresAt;
        try {
            Map<String, String> payload = OutboxPayloads.read(entry);
            channel = Channel.valueOf(payload.getOrDefault(CodeDeliveries.CHANNEL, ""));
            expiresAt = Instant.parse(payload.getOrDefault(CodeDeliveries.EXPIRES_AT, ""));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Plan.dead("bad_payload");
        }
        Optional<Templates.Template> template = Templates.find(entry.kind(), channel);
        if (template.isEmpty() || !sender.channels().contains(channel)) {
            return Plan.dead("channel_unsupported");
        }
        Instant now = Time.now(context.clock());
        if (!now.isBefore(expiresAt)) {
            return Plan.dead("code_expired");
        }
        NotificationPreferences preferences = recipient.preferences();
        if (channel == Channel.SMS && preferences.smsStoppedAt() != null && !preferences.smsConsented()) {
            return Plan.dead("sms_stopped");
        }
        Optional<String> address = CodeDeliveries.addressOnFile(recipient.patient(), channel);
        if (address.isEmpty()) {
            return Plan.dead("no_address");
        }
        Optional<String> code = CodeDeliveries.open(context.keys(), entry, channel, address.get());
        if (code.isEmpty()) {
            return Plan.dead("contact_changed");
        }
        Templates.Rendered text = Templates.render(template.get(), Map.of("code", code.get(),
                "validity", Templates.inWords(Duration.between(entry.createdAt(), expiresAt))));
        return new Plan(List.of(new Notification(notificationId(entry, channel), channel, address.get(),
                entry.kind(), text.subject(), text.body())), null);
    }

    /** The stable id of an entry's notification on a channel (NT-2): a sender drops a second delivery. */
    static String notificationId(OutboxEntry entry, Channel channel) {
        return entry.id() + ":" + channel.name();
    }

    /**
     * Records the outcomes of some attempts with the claim token, in one transaction, and audits the
     * final ones. Audit chains are locked in one global order (patient id, the system chain last), so
     * that two dispatchers recording at once never deadlock.
     */
    private void record(List<Attempted> attempted, String token, Tally tally) {
        if (attempted.isEmpty()) {
            return;
        }
        List<Attempted> ordered = new ArrayList<>(attempted);
        ordered.sort(Comparator.comparing((Attempted a) -> a.chain() == null ? null : a.chain().toString(),
                Comparator.nullsLast(Comparator.naturalOrder())));
        List<OutboxEntryId> deliveredIds = new ArrayList<>();
        for (Attempted a : ordered) {
            if (a.outcome().kind() == OutcomeKind.DELIVERED) {
                deliveredIds.add(a.entry().id());
            }
        }
        List<Recorded> results;
        try {
            results = context.transactions().run(tx -> {
                Instant now = Time.now(context.clock());
                // every delivery of the batch in one batched statement, then the rest and the audit events
                Set<OutboxEntryId> delivered = deliveredIds.isEmpty() ? Set.of()
                        : tx.outbox().markAllDelivered(deliveredIds, token, now);
                List<Recorded> out = new ArrayList<>(ordered.size());
                List<Audited> audits = new ArrayList<>(ordered.size());
                for (Attempted a : ordered) {
                    out.add(record(tx, a, token, now, delivered, audits));
                }
                context.audit().recordAll(tx, audits); // in chain order, as sorted above
                return out;
            });
        } catch (PortalException e) {
            // the claims lapse and the entries are tried again: at least once (NT-2)
            LOG.warn("the outcomes of {} outbox entries could not be recorded: {}", ordered.size(), e.code());
            tally.released += ordered.size();
            return;
        }
        for (int i = 0; i < ordered.size(); i++) {
            Attempted a = ordered.get(i);
            switch (results.get(i)) {
                case DELIVERED -> {
                    tally.delivered++;
                    if (a.outcome().sent() == 0) {
                        tally.skipped++;
                    }
                }
                case RETRIED -> tally.retried++;
                case DEAD -> {
                    tally.dead++;
                    LOG.warn("outbox entry {} of kind {} dead-lettered: {}", a.entry().id(), a.entry().kind(),
                            a.outcome().reason());
                }
                case NOT_RECORDED -> tally.released++;
                default -> throw new IllegalStateException("unexpected " + results.get(i));
            }
        }
    }

    private Recorded record(StorageTransaction tx, Attempted attempted, String token, Instant now,
                            Set<OutboxEntryId> delivered, List<Audited> audits) {
        OutboxEntry entry = attempted.entry();
        Outcome outcome = attempted.outcome();
        PatientId chain = attempted.chain();
        switch (outcome.kind()) {
            case DELIVERED -> {
                if (!delivered.contains(entry.id())) {
                    return Recorded.NOT_RECORDED;
                }
                audits.add(new Audited(chain, AuditActors.system(), AuditAction.EXECUTE,
                        CATEGORY_NOTIFICATION, entry.id().toString(), AuditOutcome.SUCCESS,
                        outcome.sent() == 0 ? "nothing_to_send" : null));
                return Recorded.DELIVERED;
            }
            case RETRY -> {
                int attempts = entry.attempts(); // the claim counted this attempt
                if (attempts < policy.maxAttempts()) {
                    Instant next = now.plus(policy.backoff(attempts, ThreadLocalRandom.current().nextDouble()));
                    return tx.outbox().markFailed(entry.id(), token, outcome.reason(), next)
                            ? Recorded.RETRIED : Recorded.NOT_RECORDED;
                }
                return dead(tx, entry, token, chain, outcome.reason(), now, audits);
            }
            case DEAD -> {
                return dead(tx, entry, token, chain, outcome.reason(), now, audits);
            }
            default -> throw new IllegalStateException("unexpected " + outcome.kind());
        }
    }

    private Recorded dead(StorageTransaction tx, OutboxEntry entry, String token,
                          PatientId chain, String reason, Instant now, List<Audited> audits) {
        if (!tx.outbox().markDead(entry.id(), token, reason, now)) {
            return Recorded.NOT_RECORDED;
        }
        audits.add(new Audited(chain, AuditActors.system(), AuditAction.EXECUTE,
                CATEGORY_NOTIFICATION, entry.id().toString(), AuditOutcome.FAILED, reason));
        return Recorded.DEAD;
    }

    /**
     * An entry attempted, awaiting its record.
     *
     * @param entry     the entry as claimed
     * @param recipient its patient, if any
     * @param outcome   what the attempt came to
     */
    private record Attempted(OutboxEntry entry, Recipient recipient, Outcome outcome) {
        PatientId chain() {
            return recipient == null ? null : recipient.patient().id();
        }
    }

    /**
     * What one claim transaction took.
     *
     * @param lapsed entries dead-lettered because their last allowed attempt lapsed
     * @param batch  entries claimed
     */
    private record Claimed(List<OutboxEntry> lapsed, List<OutboxEntry> batch) {
    }

    /** Counts of one batch. */
    private static final class Tally {
        int delivered;
        int skipped;
        int retried;
        int dead;
        int released;
    }

    /**
     * A patient and their preferences.
     *
     * @param patient     the patient
     * @param preferences their preferences
     */
    private record Recipient(Patient patient, NotificationPreferences preferences) {
    }

    /**
     * The notifications of one entry, or why it can never be sent.
     *
     * @param notifications what to send (may be empty: nothing to send)
     * @param deadReason    a machine reason, if any
     */
    private record Plan(List<Notification> notifications, String deadReason) {
        static Plan dead(String reason) {
            return new Plan(List.of(), reason);
        }
    }

    private enum OutcomeKind { DELIVERED, RETRY, DEAD }

    private enum Recorded { DELIVERED, RETRIED, DEAD, NOT_RECORDED }

    /**
     * What an attempt came to.
     *
     * @param kind   delivered, retry or dead
     * @param reason the machine reason of a failure
     * @param sent   notifications the sender accepted
     */
    private record Outcome(OutcomeKind kind, @Nullable String reason, int sent) {
        static Outcome delivered(int sent) {
            return new Outcome(OutcomeKind.DELIVERED, null, sent);
        }

        static Outcome retry(String reason, int sent) {
            return new Outcome(OutcomeKind.RETRY, reason, sent);
        }

        static Outcome dead(String reason, int sent) {
            return new Outcome(OutcomeKind.DEAD, reason, sent);
        }
    }

    /** A dispatcher on the host's executor. */
    private final class ScheduledDispatcher implements Dispatcher {
        private final ReentrantLock running = new ReentrantLock();
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong failedRuns = new AtomicLong();
        private volatile ScheduledFuture<?> future;

        void start(ScheduledExecutorService executor, Duration every) {
            future = executor.scheduleWithFixedDelay(this::runOnce, 0, every.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void runOnce() {
            running.lock();
            try {
                if (stopped.get()) {
                    return;
                }
                DispatchReport report = dispatch(stopped::get);
                if (report.claimed() > 0) {
                    LOG.debug("dispatched: {}", report);
                }
            } catch (Throwable e) {
                // Whatever ends a run (an Error too) must not end the schedule: an executor drops a periodic
                // task whose run threw. Counted, logged by code or type (never a message), the next run tries again.
                failedRuns.incrementAndGet();
                LOG.warn("an outbox dispatch run failed: {}", e instanceof PortalException p ? p.code()
                        : e.getClass().getName());
            } finally {
                running.unlock();
            }
        }

        @Override
        public void stop() {
            cancel();
            running.lock();
            running.unlock();
        }

        @Override
        public boolean stop(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            cancel();
            try {
                if (running.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    running.unlock();
                    return true;
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void cancel() {
            stopped.set(true);
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        @Override
        public boolean isStopped() {
            return stopped.get();
        }

        @Override
        public long failedRuns() {
            return failedRuns.get();
        }
    }
}
