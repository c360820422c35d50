package org.patientportal.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;

/**
 * The notification sender compatibility kit: the contract of {@link NotificationSender} stated as
 * tests. A sender proves itself by extending this class in its test sources, pointing the sender at
 * a fake provider (a local HTTP stub, an in-memory SMTP server, a recording transport) and
 * implementing three methods:
 *
 * <pre>{@code
 * class TwilioSenderCompatibilityTest extends NotificationSenderCompatibilityKit {
 *     private FakeTwilio provider;
 *
 *     @Override
 *     protected NotificationSender createSender() {
 *         provider = FakeTwilio.start();
 *         return new TwilioSender(provider.baseUrl(), "test-account", "test-token");
 *     }
 *
 *     @Override
 *     protected List<Notification> delivered() {
 *         return provider.receivedMessages().stream().map(FakeTwilio.Message::asNotification).toList();
 *     }
 *
 *     @Override
 *     protected void failNextDeliveries(int count) {
 *         provider.answer503Next(count);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #createSender()} is called before <em>each</em> test and must return a sender whose
 * provider has received nothing. Contracts are grouped in {@code @Nested} classes. What the kit
 * relies on:
 * <ul>
 *   <li>{@link #delivered()} lists what reached the provider, in the order it arrived, as
 *       notifications: their id (the sender passes it on, as an idempotency key or a tag), channel,
 *       address, subject and body are compared; the kind is not (providers do not receive it). A
 *       provider without subjects (SMS) records an empty subject: the kit sends SMS with none.</li>
 *   <li>One {@link NotificationSender#send} is one attempt at the provider: the sender does not
 *       retry by itself (the outbox dispatcher retries with backoff, NT-2), so
 *       {@link #failNextDeliveries(int) failNextDeliveries(1)} makes the next send fail.</li>
 *   <li>Concurrency contracts run {@value #THREADS} threads released together by a latch; every
 *       wait is bounded by {@link #AWAIT}; no contract sleeps.</li>
 * </ul>
 */
public abstract class NotificationSenderCompatibilityKit {
    /** Threads in the concurrency contracts. */
    protected static final int THREADS = 32;
    /** Bound of every wait in the kit. */
    protected static final Duration AWAIT = Duration.ofSeconds(10);

    private NotificationSender sender;

    /** For subclasses. */
    protected NotificationSenderCompatibilityKit() {
    }

    /**
     * Creates the sender under test, pointed at a fake provider that has received nothing yet.
     * Called before each test.
     *
     * @return a fresh sender
     */
    protected abstract NotificationSender createSender();

    /**
     * What the provider of the current sender received, in arrival order: one notification per
     * delivery the provider accepted (a failed delivery is not listed).
     *
     * @return the deliveries so far
     */
    protected abstract List<Notification> delivered();

    /**
     * Makes the provider fail the next {@code count} deliveries as a transient outage would (a
     * timeout, an HTTP 503, an SMTP 421): the sender must report each as a retryable
     * {@link NotificationException}.
     *
     * @param count how many deliveries fail, at least 1
     */
    protected abstract void failNextDeliveries(int count);

    /**
     * The address the provider is expected to record for {@code address}: the address itself,
     * unchanged, for every real provider. Override it only for a sender whose "provider" by design
     * records a transformed address (a console sender that masks it); never to hide a bug.
     *
     * @param address the address a notification was sent to
     * @return the address the provider records
     */
    protected String addressAsDelivered(String address) {
        return address;
    }

    /** The sender of the current test. */
    protected final NotificationSender sender() {
        return sender;
    }

    @BeforeEach
    final void createSenderUnderTest() {
        sender = createSender();
        assertThat(sender).as("createSender()").isNotNull();
        assertThat(delivered()).as("delivered() before any send").isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // Delivery
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("delivery (NT-2)")
    class Delivery {
        @Test
        @DisplayName("channels() names at least one channel, and the same ones on every call")
        void channels() {
            Set<Channel> channels = sender.channels();
            assertThat(channels).isNotEmpty().doesNotContainNull();
            assertThat(sender.channels()).isEqualTo(channels);
        }

        @Test
        @DisplayName("a notification on each supported channel is delivered once, its id, channel, address, subject and body intact")
        void eachChannel() {
            List<Notification> sent = new ArrayList<>();
            for (Channel channel : supported()) {
                Notification n = notification(channel);
                sender.send(n);
                sent.add(n);
            }
            assertDelivered(sent);
        }

        @Test
        @DisplayName("a body of several lines with non-ASCII text, and a long one, are delivered unchanged")
        void bodyUnchanged() {
            List<Notification> sent = new ArrayList<>();
            for (Channel channel : supported()) {
                Notification lines = new Notification(newId(), channel, address(channel), "test-result",
                        subject(channel, "Résultat disponible — Clínica Ñandú"),
                        "You have a new test result.\nLog in to view it.\r\n— Clínica Ñandú, 東京 ✓");
                Notification longOne = new Notification(newId(), channel, address(channel), "message-reply",
                        subject(channel, "New message"), "You have a new message. ".repeat(40).trim());
                sender.send(lines);
                sender.send(longOne);
                sent.add(lines);
                sent.add(longOne);
            }
            assertDelivered(sent);
        }

        @Test
        @DisplayName("notifications are delivered in the order they were sent")
        void inOrder() {
            Channel channel = supported().get(0);
            List<Notification> sent = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sent.add(new Notification(newId(), channel, address(channel), "appointment-reminder",
                        subject(channel, "Reminder " + i), "Your appointment is coming up (" + i + ")."));
            }
            sent.forEach(sender::send);
            assertDelivered(sent);
        }

        @Test
        @DisplayName(THREADS + " concurrent sends of distinct ids deliver each exactly once")
        void concurrentDistinct() throws Exception {
            Channel channel = supported().get(0);
            List<Notification> sent = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                sent.add(new Notification(newId(), channel, address(channel), "appointment-reminder",
                        subject(channel, "Reminder"), "Reminder number " + i + "."));
            }
            List<Throwable> failures = concurrently(i -> sent.get(i));
            assertThat(failures).isEmpty();
            assertThat(delivered()).extracting(Notification::id)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(Notification::id).toList());
        }
    }

    // ------------------------------------------------------------------------------------------
    // Duplicates
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("duplicate ids (NT-2: at least once, with stable ids)")
    class Duplicates {
        @Test
        @DisplayName("a second send of an already delivered id returns normally and is not delivered again")
        void secondSend() {
            List<Notification> sent = new ArrayList<>();
            for (Channel channel : supported()) {
                Notification n = notification(channel);
                sender.send(n);
                Throwable again = catchThrowable(() -> sender.send(n));
                assertThat(again).as("what a redelivery on %s threw", channel).isNull();
                sent.add(n);
            }
            assertDelivered(sent);
        }

        @Test
        @DisplayName("a redelivery is recognised by its id alone, and other ids are still delivered")
        void byIdAlone() {
            Channel channel = supported().get(0);
            Notification first = notification(channel);
            sender.send(first);
            Notification sameIdOtherText = new Notification(first.id(), channel, first.address(), first.kind(),
                    first.subject(), "A re-rendered text of the same outbox entry.");
            sender.send(sameIdOtherText);
            Notification next = notification(channel);
            sender.send(next);
            assertDelivered(List.of(first, next));
        }

        @Test
        @DisplayName(THREADS + " concurrent sends of one id deliver it once, and every send returns normally")
        void concurrentSameId() throws Exception {
            Notification n = notification(supported().get(0));
            List<Throwable> failures = concurrently(i -> n);
            assertThat(failures).isEmpty();
            assertDelivered(List.of(n));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Provider failures
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("provider failures (NT-2)")
    class Failures {
        @Test
        @DisplayName("a provider failure surfaces as a retryable NotificationException, nothing else, and nothing is delivered")
        void retryable() {
            for (Channel channel : supported()) {
                Notification n = notification(channel);
                failNextDeliveries(1);
                Throwable thrown = catchThrowable(() -> sender.send(n));
                assertThat(thrown).as("what send threw on %s", channel).isInstanceOf(NotificationException.class);
                assertThat(((NotificationException) thrown).retryable()).as("retryable").isTrue();
            }
            assertThat(delivered()).isEmpty();
        }

        @Test
        @DisplayName("a retry of the same id after failures delivers it exactly once")
        void retryDeliversOnce() {
            Notification n = notification(supported().get(0));
            failNextDeliveries(2);
            assertThat(catchThrowable(() -> sender.send(n))).isInstanceOf(NotificationException.class);
            assertThat(catchThrowable(() -> sender.send(n))).isInstanceOf(NotificationException.class);
            assertThat(delivered()).isEmpty();
            sender.send(n);
            sender.send(n);
            assertDelivered(List.of(n));
        }

        @Test
        @DisplayName("a failure of one notification does not hold back the next one")
        void failureIsIsolated() {
            Channel channel = supported().get(0);
            Notification failing = notification(channel);
            Notification next = notification(channel);
            failNextDeliveries(1);
            assertThat(catchThrowable(() -> sender.send(failing))).isInstanceOf(NotificationException.class);
            sender.send(next);
            sender.send(failing);
            assertDelivered(List.of(next, failing));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Channels
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("channels")
    class Channels {
        @Test
        @DisplayName("a channel outside channels() is refused with a permanent NotificationException and nothing is delivered")
        void unsupported() {
            Set<Channel> unsupported = EnumSet.complementOf(EnumSet.copyOf(sender.channels()));
            Assumptions.assumeFalse(unsupported.isEmpty(), "the sender supports every channel");
            for (Channel channel : unsupported) {
                Notification n = notification(channel);
                Throwable thrown = catchThrowable(() -> sender.send(n));
                assertThat(thrown).as("what send threw on %s", channel).isInstanceOf(NotificationException.class);
                assertThat(((NotificationException) thrown).retryable()).as("retryable").isFalse();
                assertThat(catchThrowable(() -> sender.send(n))).as("refused again").isInstanceOf(NotificationException.class);
            }
            assertThat(delivered()).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Privacy
    // ------------------------------------------------------------------------------------------

    @Nested
    @DisplayName("privacy (NT-3, LG-1)")
    class Privacy {
        @Test
        @DisplayName("no exception message, nor any cause's, contains the address or the body")
        void noAddressOrBody() {
            List<Throwable> thrown = new ArrayList<>();
            for (Channel channel : supported()) {
                Notification n = notification(channel);
                failNextDeliveries(1);
                thrown.add(catchThrowable(() -> sender.send(n)));
                assertNoAddressOrBody(thrown.get(thrown.size() - 1), n);
            }
            for (Channel channel : EnumSet.complementOf(EnumSet.copyOf(sender.channels()))) {
                Notification n = notification(channel);
                thrown.add(catchThrowable(() -> sender.send(n)));
                assertNoAddressOrBody(thrown.get(thrown.size() - 1), n);
            }
            assertThat(thrown).doesNotContainNull();
        }

        private void assertNoAddressOrBody(Throwable thrown, Notification n) {
            assertThat(thrown).isInstanceOf(NotificationException.class);
            SoftAssertions softly = new SoftAssertions();
            for (Throwable t : chain(thrown)) {
                String text = String.valueOf(t.getMessage()) + " " + t;
                softly.assertThat(text).as("message of %s", t.getClass().getName())
                        .doesNotContain(n.address()).doesNotContain(n.body());
            }
            softly.assertAll();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Fixtures and plumbing
    // ------------------------------------------------------------------------------------------

    /** The supported channels, in a fixed order. */
    private List<Channel> supported() {
        List<Channel> channels = new ArrayList<>(EnumSet.copyOf(sender.channels()));
        assertThat(channels).as("channels()").isNotEmpty();
        return channels;
    }

    private static String newId() {
        return UUID.randomUUID() + ":kit";
    }

    /** A notification like those core sends: a stable id, a template text without PHI (NT-3). */
    private static Notification notification(Channel channel) {
        String id = newId();
        return new Notification(id, channel, address(channel), "test-result", subject(channel, "New test result"),
                "You have a new test result. Log in to view it. Ref " + id.substring(0, 8) + ".");
    }

    private static String subject(Channel channel, String subject) {
        return channel == Channel.SMS ? "" : subject;
    }

    private static String address(Channel channel) {
        return switch (channel) {
            case EMAIL -> "patient." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            case SMS -> "+1555" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
            case PUSH -> "push-device-" + UUID.randomUUID();
        };
    }

    /** Compares what the provider received with what was sent: id, channel, address, subject, body; in order. */
    private void assertDelivered(List<Notification> sent) {
        List<List<String>> expected = new ArrayList<>();
        for (Notification n : sent) {
            expected.add(fields(n, addressAsDelivered(n.address())));
        }
        List<List<String>> actual = new ArrayList<>();
        for (Notification n : delivered()) {
            actual.add(fields(n, n.address()));
        }
        assertThat(actual).as("delivered(): [id, channel, address, subject, body] of each, in order")
                .containsExactlyElementsOf(expected);
    }

    private static List<String> fields(Notification n, String address) {
        return List.of(n.id(), n.channel().name(), address, n.subject(), n.body());
    }

    private static List<Throwable> chain(Throwable root) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> ordered = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(0);
            if (seen.add(t)) {
                ordered.add(t);
                if (t.getCause() != null) {
                    todo.add(t.getCause());
                }
                Collections.addAll(todo, t.getSuppressed());
            }
        }
        return ordered;
    }

    /**
     * Sends {@code notificationOf(0..THREADS-1)} from as many threads, released together.
     *
     * @return what the sends threw (empty if every one returned normally)
     */
    private List<Throwable> concurrently(IntFunction<Notification> notificationOf) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Notification n = notificationOf.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("not released within " + AWAIT);
                    }
                    sender.send(n);
                    return null;
                }));
            }
            if (!ready.await(AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("threads not ready within " + AWAIT);
            }
            go.countDown();
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> future : futures) {
                try {
                    future.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a send did not complete within " + AWAIT, e);
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }
}
