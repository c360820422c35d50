package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Message;
import org.patientportal.model.MessageId;
import org.patientportal.model.MessageSide;
import org.patientportal.model.MessageThread;
import org.patientportal.model.MessageThreadId;
import org.patientportal.model.Patient;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pool;
import org.patientportal.model.PoolId;
import org.patientportal.model.Provider;
import org.patientportal.model.ProviderId;
import org.patientportal.model.StartCursor;
import org.patientportal.model.ThreadStatus;
import org.patientportal.model.Topic;
import org.patientportal.model.TopicId;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TransactionalWork;
import org.patientportal.spi.storage.TransientStorageException;

/**
 * Contracts of the messaging stores (MS-1..MS-6): {@code MessageThreads}, {@code Messages},
 * {@code MessagingDirectory} and {@code ClinicCalendar}. Run through a thin {@code @Nested} class
 * of {@link StorageCompatibilityKit}.
 */
public abstract class MessagingContracts {
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");
    private static final int WORKERS = 16;
    private static final int MAX_ATTEMPTS = 50;

    private Patient patient;
    private Provider provider;
    private Pool pool;
    private Topic topic;

    /** For subclasses. */
    protected MessagingContracts() {
    }

    /**
     * The storage under test, fresh and empty for each test.
     *
     * @return the storage
     */
    protected abstract PortalStorage storage();

    @BeforeEach
    void createParties() {
        patient = insertPatient();
        provider = new Provider(ProviderId.newId(), "Dr. A. Okafor", true, 0);
        pool = new Pool(PoolId.newId(), "Nurse line", 0);
        topic = new Topic(TopicId.newId(), "Medication question", pool.id(), 3, true, 0);
        run(tx -> {
            tx.providers().insert(provider);
            tx.messagingDirectory().insertPool(pool);
            tx.messagingDirectory().insertTopic(topic);
        });
    }

    // ------------------------------------------------------------------ threads

    @Test
    @DisplayName("a thread round-trips every field; a taken id is a duplicate key (MS-1)")
    void threadRoundTrip() {
        MessageThread thread = new MessageThread(MessageThreadId.newId(), patient.id(), topic.id(), pool.id(),
                provider.id(), "  Refill \u00e9 <b>question</b>  ", ThreadStatus.OPEN, at(0), at(5), at(5), at(86_400),
                2, 1, 1, 1, 0);
        run(tx -> tx.messageThreads().insert(thread));
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(thread.id()))).contains(thread);
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(MessageThreadId.newId()))).isEmpty();
        assertThatThrownBy(() -> run(tx -> tx.messageThreads().insert(thread))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    @DisplayName("a patient message counts for the clinic and sets reply-by once; a clinic reply clears it (MS-3, MS-6)")
    void appendCounts() {
        MessageThread thread = insertThread(at(0), at(1000));
        MessageThread second = read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.PATIENT, at(10),
                at(2000))).orElseThrow();
        assertThat(second.patientMessages()).isEqualTo(2);
        assertThat(second.unreadBy(MessageSide.CLINIC)).isEqualTo(2);
        assertThat(second.awaitingSince()).isEqualTo(at(0));
        assertThat(second.replyBy()).as("the first unanswered message sets reply-by").isEqualTo(at(1000));
        assertThat(second.lastMessageAt()).isEqualTo(at(10));
        assertThat(second.version()).isEqualTo(1);
        MessageThread replied = read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.CLINIC, at(20), null))
                .orElseThrow();
        assertThat(replied.clinicMessages()).isEqualTo(1);
        assertThat(replied.unreadBy(MessageSide.CLINIC)).as("the side that writes has read everything").isZero();
        assertThat(replied.unreadBy(MessageSide.PATIENT)).isEqualTo(1);
        assertThat(replied.awaitingSince()).isNull();
        assertThat(replied.replyBy()).isNull();
        MessageThread again = read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.PATIENT, at(30),
                at(3000))).orElseThrow();
        assertThat(again.awaitingSince()).isEqualTo(at(30));
        assertThat(again.replyBy()).isEqualTo(at(3000));
        assertThat(again.unreadBy(MessageSide.PATIENT)).as("writing marks the other side's messages read").isZero();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(thread.id()))).contains(again);
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().append(MessageThreadId.newId(), MessageSide.CLINIC, at(40), null)))
                .isEmpty();
    }

    @Test
    @DisplayName("a closed thread takes no message from either side, and closing is conditional (MS-6)")
    void closedTakesNoMessage() {
        MessageThread thread = insertThread(at(0), at(1000));
        MessageThread closed = read((StorageTransaction tx) -> tx.messageThreads().changeStatus(thread.id(), ThreadStatus.OPEN,
                ThreadStatus.CLOSED)).orElseThrow();
        assertThat(closed.status()).isEqualTo(ThreadStatus.CLOSED);
        assertThat(closed.awaitingSince()).isNull();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().changeStatus(thread.id(), ThreadStatus.OPEN, ThreadStatus.CLOSED)))
                .as("closing twice").isEmpty();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.PATIENT, at(5), at(500)))).isEmpty();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.CLINIC, at(5), null))).isEmpty();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(thread.id()))).contains(closed);
        MessageThread reopened = read((StorageTransaction tx) -> tx.messageThreads().changeStatus(thread.id(), ThreadStatus.CLOSED,
                ThreadStatus.OPEN)).orElseThrow();
        assertThat(reopened.status()).isEqualTo(ThreadStatus.OPEN);
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().append(thread.id(), MessageSide.PATIENT, at(6), at(600))))
                .isPresent();
    }

    @Test
    @DisplayName("mark read sets a side's unread count to zero, changes nothing when nothing is unread (MS-3)")
    void markRead() {
        MessageThread thread = insertThread(at(0), at(1000));
        run(tx -> tx.messageThreads().append(thread.id(), MessageSide.CLINIC, at(1), null));
        run(tx -> tx.messageThreads().append(thread.id(), MessageSide.CLINIC, at(2), null));
        MessageThread read = read((StorageTransaction tx) -> tx.messageThreads().markRead(thread.id(), MessageSide.PATIENT)).orElseThrow();
        assertThat(read.unreadBy(MessageSide.PATIENT)).isZero();
        assertThat(read.patientReadThrough()).isEqualTo(2);
        MessageThread same = read((StorageTransaction tx) -> tx.messageThreads().markRead(thread.id(), MessageSide.PATIENT)).orElseThrow();
        assertThat(same).isEqualTo(read);
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().markRead(MessageThreadId.newId(), MessageSide.PATIENT))).isEmpty();
    }

    @Test
    @DisplayName("unread counts never drift: " + WORKERS + " workers race replies, patient messages and mark-reads on 4 threads (MS-3)")
    void unreadNeverDrifts() throws Exception {
        List<MessageThread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(insertThread(at(i), at(1000 + i)));
        }
        int perWorker = 6;
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWorker; i++) {
                        MessageThread t = threads.get((worker + i) % threads.size());
                        int kind = (worker + i) % 3;
                        if (kind == 2) {
                            MessageThread read = retrying((StorageTransaction tx) -> tx.messageThreads().markRead(t.id(),
                                    MessageSide.PATIENT).orElseThrow());
                            assertThat(read.unreadBy(MessageSide.PATIENT)).isZero();
                        } else {
                            MessageSide side = kind == 0 ? MessageSide.CLINIC : MessageSide.PATIENT;
                            retrying((StorageTransaction tx) -> {
                                MessageThread after = tx.messageThreads().append(t.id(), side, at(100),
                                        side == MessageSide.PATIENT ? at(5000) : null).orElseThrow();
                                tx.messages().insert(new Message(MessageId.newId(), t.id(), patient.id(),
                                        after.messageCount(), side, side == MessageSide.CLINIC ? "staff-1" : "account-1",
                                        "body", at(100), false));
                                return after;
                            });
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int totalMessages = 0;
        for (MessageThread t : threads) {
            MessageThread now = read((StorageTransaction tx) -> tx.messageThreads().find(t.id())).orElseThrow();
            List<Message> messages = read((StorageTransaction tx) -> tx.messages().inThread(t.id(), 0, 1000));
            long clinic = messages.stream().filter(m -> m.side() == MessageSide.CLINIC).count();
            long patientSide = messages.stream().filter(m -> m.side() == MessageSide.PATIENT).count();
            assertThat(now.clinicMessages()).as("no lost reply").isEqualTo((int) clinic);
            assertThat(now.patientMessages()).as("no lost patient message").isEqualTo((int) patientSide + 1);
            assertThat(messages).extracting(Message::sequence).doesNotHaveDuplicates();
            assertThat(now.unreadBy(MessageSide.PATIENT)).isBetween(0, now.clinicMessages());
            totalMessages += messages.size();
            MessageThread read = read((StorageTransaction tx) -> tx.messageThreads().markRead(t.id(), MessageSide.PATIENT)).orElseThrow();
            assertThat(read.unreadBy(MessageSide.PATIENT)).isZero();
        }
        assertThat(totalMessages).isEqualTo(WORKERS * perWorker - countMarkReads(perWorker));
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().unreadByPatient(patient.id()))).isZero();
    }

    private static int countMarkReads(int perWorker) {
        int count = 0;
        for (int w = 0; w < WORKERS; w++) {
            for (int i = 0; i < perWorker; i++) {
                if ((w + i) % 3 == 2) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    @DisplayName("the patient's unread total and a pool's unread total sum the threads' counts (MS-3)")
    void unreadTotals() {
        MessageThread a = insertThread(at(0), at(1000));
        MessageThread b = insertThread(at(1), at(1001));
        run(tx -> {
            tx.messageThreads().append(a.id(), MessageSide.CLINIC, at(2), null);
            tx.messageThreads().append(b.id(), MessageSide.CLINIC, at(3), null);
            tx.messageThreads().append(b.id(), MessageSide.PATIENT, at(4), at(2000));
            tx.messageThreads().append(b.id(), MessageSide.CLINIC, at(5), null);
        });
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().unreadByPatient(patient.id())))
                .as("a patient message marks the earlier reply of its thread read").isEqualTo(2);
        PatientId stranger = insertPatient().id();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().unreadByPatient(stranger))).isZero();
        MessageThread c = insertThread(at(6), at(1006));
        run(tx -> tx.messageThreads().append(c.id(), MessageSide.PATIENT, at(7), at(2007)));
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().unreadByPool(pool.id()))).isEqualTo(2);
        run(tx -> tx.messageThreads().changeStatus(c.id(), ThreadStatus.OPEN, ThreadStatus.CLOSED));
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().unreadByPool(pool.id()))).as("closed threads leave the count")
                .isZero();
    }

    @Test
    @DisplayName("a pool's inbox lists its open threads awaiting a reply, oldest first, keyset-paged; reassigning moves a thread (MS-6)")
    void inbox() {
        Pool other = new Pool(PoolId.newId(), "Billing", 0);
        run(tx -> tx.messagingDirectory().insertPool(other));
        List<MessageThread> waiting = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            waiting.add(insertThread(at(i * 60L), at(100_000 + i)));
        }
        MessageThread sameInstant = insertThread(at(0), at(100_000));
        MessageThread answered = insertThread(at(1), at(100_001));
        run(tx -> tx.messageThreads().append(answered.id(), MessageSide.CLINIC, at(2), null));
        MessageThread closed = insertThread(at(3), at(100_003));
        run(tx -> tx.messageThreads().changeStatus(closed.id(), ThreadStatus.OPEN, ThreadStatus.CLOSED));
        MessageThread moved = insertThread(at(4), at(100_004));
        run(tx -> tx.messageThreads().reassign(moved.id(), other.id(), provider.id()));

        List<MessageThread> expected = new ArrayList<>(waiting);
        expected.add(sameInstant);
        expected.sort((x, y) -> {
            int c = x.awaitingSince().compareTo(y.awaitingSince());
            return c != 0 ? c : unsigned(x.id().value(), y.id().value());
        });
        List<MessageThreadId> seen = new ArrayList<>();
        StartCursor after = null;
        for (int pages = 0; pages < 20; pages++) {
            StartCursor cursor = after;
            List<MessageThread> page = read((StorageTransaction tx) -> tx.messageThreads().awaitingReply(pool.id(), cursor, 3));
            assertThat(page.size()).isLessThanOrEqualTo(3);
            page.forEach(t -> seen.add(t.id()));
            if (page.size() < 3) {
                break;
            }
            MessageThread last = page.get(page.size() - 1);
            after = new StartCursor(last.awaitingSince(), last.id().value());
        }
        assertThat(seen).containsExactlyElementsOf(expected.stream().map(MessageThread::id).toList());
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().awaitingReply(other.id(), null, 10)))
                .extracting(MessageThread::id, MessageThread::providerId).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(moved.id(), provider.id()));
    }

    @Test
    @DisplayName("a patient's threads come newest first, keyset-paged, and only theirs (MS-3)")
    void patientThreads() {
        List<MessageThread> mine = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            mine.add(insertThread(at(i), at(1000 + i)));
        }
        Patient other = insertPatient();
        insertThread(other.id(), at(100), at(2000));
        List<MessageThreadId> seen = new ArrayList<>();
        MessageThreadId after = null;
        for (int pages = 0; pages < 20; pages++) {
            MessageThreadId cursor = after;
            List<MessageThread> page = read((StorageTransaction tx) -> tx.messageThreads().forPatient(patient.id(), cursor, 3));
            page.forEach(t -> seen.add(t.id()));
            if (page.size() < 3) {
                break;
            }
            after = page.get(page.size() - 1).id();
        }
        List<MessageThreadId> expected = new ArrayList<>(mine.stream().map(MessageThread::id).toList());
        expected.sort((x, y) -> unsigned(y.value(), x.value()));
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------ messages

    @Test
    @DisplayName("messages round-trip exactly as sent, page in sequence order, and a taken position is a duplicate key (MS-1)")
    void messages() {
        MessageThread thread = insertThread(at(0), at(1000));
        List<Message> all = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            all.add(new Message(MessageId.newId(), thread.id(), patient.id(), i,
                    i % 2 == 0 ? MessageSide.CLINIC : MessageSide.PATIENT, "author-" + i,
                    "  line one\n\tline <two> & \u00e9\u00e8 \uD83D\uDE00 " + i + "  ", at(i), i == 3));
        }
        run(tx -> {
            for (int i = all.size() - 1; i >= 0; i--) {
                tx.messages().insert(all.get(i));
            }
        });
        assertThat(read((StorageTransaction tx) -> tx.messages().inThread(thread.id(), 0, 3))).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(read((StorageTransaction tx) -> tx.messages().inThread(thread.id(), 3, 10))).containsExactlyElementsOf(all.subList(3, 7));
        Message clash = new Message(MessageId.newId(), thread.id(), patient.id(), 2, MessageSide.PATIENT, "x", "y",
                at(9), false);
        assertThatThrownBy(() -> run(tx -> tx.messages().insert(clash))).isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> run(tx -> tx.messages().insert(all.get(0)))).isInstanceOf(DuplicateKeyException.class);
        assertThat(read((StorageTransaction tx) -> tx.messages().inThread(MessageThreadId.newId(), 0, 10))).isEmpty();
    }

    // ------------------------------------------------------------------ directory and calendar

    @Test
    @DisplayName("pools, members, topics and primary care providers round-trip; adds and removes report a change once (MS-5, MS-6)")
    void directory() {
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().findPool(pool.id()))).contains(pool);
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().findPool(PoolId.newId()))).isEmpty();
        assertThatThrownBy(() -> run(tx -> tx.messagingDirectory().insertPool(pool)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().isPoolMember(pool.id(), "nurse-1"))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().addPoolMember(pool.id(), "nurse-1"))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().addPoolMember(pool.id(), "nurse-1"))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().isPoolMember(pool.id(), "nurse-1"))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().isPoolMember(pool.id(), "Nurse-1"))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().removePoolMember(pool.id(), "nurse-1"))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().removePoolMember(pool.id(), "nurse-1"))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().isPoolMember(pool.id(), "nurse-1"))).isFalse();

        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().findTopic(topic.id()))).contains(topic);
        Topic inactive = new Topic(TopicId.newId(), "Old", pool.id(), 5, false, 0);
        List<Topic> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(new Topic(TopicId.newId(), "Topic " + i, pool.id(), 1 + i, true, 0));
        }
        run(tx -> {
            tx.messagingDirectory().insertTopic(inactive);
            more.forEach(tx.messagingDirectory()::insertTopic);
        });
        List<Topic> active = new ArrayList<>(more);
        active.add(topic);
        active.sort((x, y) -> unsigned(x.id().value(), y.id().value()));
        List<Topic> first = read((StorageTransaction tx) -> tx.messagingDirectory().activeTopics(null, 4));
        List<Topic> rest = read((StorageTransaction tx) -> tx.messagingDirectory().activeTopics(first.get(3).id(), 10));
        List<Topic> seen = new ArrayList<>(first);
        seen.addAll(rest);
        assertThat(seen).containsExactlyElementsOf(active);

        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().primaryCareProvider(patient.id()))).isEmpty();
        run(tx -> tx.messagingDirectory().setPrimaryCareProvider(patient.id(), provider.id()));
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().primaryCareProvider(patient.id()))).contains(provider.id());
        Provider another = new Provider(ProviderId.newId(), "Dr. B", true, 0);
        run(tx -> {
            tx.providers().insert(another);
            tx.messagingDirectory().setPrimaryCareProvider(patient.id(), another.id());
        });
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().primaryCareProvider(patient.id()))).contains(another.id());
        run(tx -> tx.messagingDirectory().setPrimaryCareProvider(patient.id(), null));
        assertThat(read((StorageTransaction tx) -> tx.messagingDirectory().primaryCareProvider(patient.id()))).isEmpty();
    }

    @Test
    @DisplayName("the clinic calendar keeps one zone and the holidays of a range, in date order (MS-6)")
    void calendar() {
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().zone())).isEmpty();
        run(tx -> tx.clinicCalendar().setZone(ZoneId.of("America/New_York")));
        run(tx -> tx.clinicCalendar().setZone(ZoneId.of("America/Chicago")));
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().zone())).contains(ZoneId.of("America/Chicago"));
        LocalDate july4 = LocalDate.of(2026, 7, 4);
        LocalDate christmas = LocalDate.of(2026, 12, 25);
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().addHoliday(christmas))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().addHoliday(july4))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().addHoliday(july4))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().holidays(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))))
                .containsExactly(july4, christmas);
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().holidays(july4, july4))).containsExactly(july4);
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().holidays(july4.plusDays(1), christmas.minusDays(1)))).isEmpty();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().removeHoliday(july4))).isTrue();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().removeHoliday(july4))).isFalse();
        assertThat(read((StorageTransaction tx) -> tx.clinicCalendar().holidays(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31))))
                .containsExactly(christmas);
    }

    @Test
    @DisplayName("a failed transaction leaves no thread, message or counter change behind")
    void rollback() {
        MessageThread thread = insertThread(at(0), at(1000));
        MessageThread fresh = new MessageThread(MessageThreadId.newId(), patient.id(), topic.id(), pool.id(), null,
                "s", ThreadStatus.OPEN, at(1), at(1), at(1), at(2), 1, 0, 0, 0, 0);
        assertThatThrownBy(() -> run(tx -> {
            tx.messageThreads().insert(fresh);
            tx.messageThreads().append(thread.id(), MessageSide.CLINIC, at(2), null);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(fresh.id()))).isEmpty();
        assertThat(read((StorageTransaction tx) -> tx.messageThreads().find(thread.id()))).contains(thread);
    }

    // ------------------------------------------------------------------ helpers

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static int unsigned(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    private Patient insertPatient() {
        Patient p = new Patient(PatientId.newId(), "MRN-" + UUID.randomUUID(), "Ada", "Lovelace",
                LocalDate.of(1984, 2, 29), "hash-" + UUID.randomUUID(), null, null, T0, 0);
        run(tx -> tx.patients().insert(p));
        return p;
    }

    private MessageThread insertThread(Instant at, Instant replyBy) {
        return insertThread(patient.id(), at, replyBy);
    }

    private MessageThread insertThread(PatientId owner, Instant at, Instant replyBy) {
        MessageThread thread = MessageThread.start(MessageThreadId.newId(), owner, topic.id(), pool.id(), null,
                "Subject", at, replyBy);
        run(tx -> tx.messageThreads().insert(thread));
        return thread;
    }

    private <T> T read(TransactionalWork<T> work) {
        return storage().inTransaction(work);
    }

    private void run(Consumer<StorageTransaction> work) {
        storage().inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    private <T> T retrying(TransactionalWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return storage().inTransaction(work);
            } catch (TransientStorageException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
