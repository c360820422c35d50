package org.patientportal.tck;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.patientportal.model.Channel;
import org.patientportal.spi.notification.Notification;
import org.patientportal.spi.notification.NotificationException;
import org.patientportal.spi.notification.NotificationSender;

/**
 * A {@link NotificationSender} for tests: it records what it delivers instead of calling a
 * provider, drops a second delivery of an id, and fails on demand. Thread-safe; it passes the
 * {@link NotificationSenderCompatibilityKit}.
 *
 * <pre>{@code
 * RecordingNotificationSender sender = new RecordingNotificationSender();
 * sender.failAtRandom(0.3, 42);          // 30 % of deliveries fail, reproducibly
 * Portal portal = Portal.builder().storage(storage).notificationSender(sender).build();
 * ...
 * assertThat(sender.delivered()).extracting(Notification::kind).containsExactly("password-changed");
 * }</pre>
 *
 * <p>A {@link #send} goes through these steps: a channel outside {@link #channels()} is refused
 * with a permanent {@link NotificationException}; an id already delivered returns at once (counted
 * in {@link #duplicates()}); otherwise it is one attempt at the "provider" ({@link #attempts()}),
 * which fails with a retryable {@link NotificationException} when a failure is due
 * ({@link #failNext}, {@link #failNextPermanently}, {@link #failAtRandom}), else records the
 * notification. Sends of one id are serialized, so concurrent duplicates deliver once and a send
 * returning normally always means the id was delivered; sends of different ids run in parallel.
 * Failure messages never carry the address or the text.
 */
public final class RecordingNotificationSender implements NotificationSender {
    private final Set<Channel> channels;
    private final Object failureLock = new Object();
    private final List<Notification> delivered = new ArrayList<>();
    private final Set<String> deliveredIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger overlapping = new AtomicInteger();

    private int failNextRetryable;
    private int failNextPermanent;
    private double failureProbability;
    private Random random = new Random(0);

    /** A sender for every channel that never fails until told to. */
    public RecordingNotificationSender() {
        this(EnumSet.allOf(Channel.class));
    }

    /**
     * A sender for some channels only; the others are refused with a permanent failure.
     *
     * @param channels the channels it delivers, not empty
     */
    public RecordingNotificationSender(Set<Channel> channels) {
        Objects.requireNonNull(channels, "channels");
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels must not be empty");
        }
        this.channels = Set.copyOf(EnumSet.copyOf(channels));
    }

    @Override
    public Set<Channel> channels() {
        return channels;
    }

    @Override
    public void send(Notification notification) {
        Objects.requireNonNull(notification, "notification");
        if (!channels.contains(notification.channel())) {
            throw NotificationException.permanent("channel " + notification.channel() + " is not supported");
        }
        String id = notification.id();
        AtomicInteger sendsOfId = inFlight.computeIfAbsent(id, k -> new AtomicInteger());
        if (sendsOfId.getAndIncrement() > 0) {
            overlapping.incrementAndGet();
        }
        try {
            synchronized (sendsOfId) {
                if (deliveredIds.contains(id)) {
                    duplicates.incrementAndGet();
                    return;
                }
                attempts.incrementAndGet();
                NotificationException failure = nextFailure();
                if (failure != null) {
                    failures.incrementAndGet();
                    throw failure;
                }
                synchronized (delivered) {
                    delivered.add(notification);
                }
                deliveredIds.add(id);
            }
        } finally {
            sendsOfId.decrementAndGet();
        }
    }

    private NotificationException nextFailure() {
        synchronized (failureLock) {
            if (failNextPermanent > 0) {
                failNextPermanent--;
                return NotificationException.permanent("the provider refused the notification (simulated)");
            }
            if (failNextRetryable > 0) {
                failNextRetryable--;
                return NotificationException.retryable("the provider is unavailable (simulated)");
            }
            if (failureProbability > 0 && random.nextDouble() < failureProbability) {
                return NotificationException.retryable("the provider is unavailable (simulated random failure)");
            }
            return null;
        }
    }

    /**
     * Makes the next {@code count} delivery attempts fail with a retryable {@link NotificationException}
     * (replacing any count set before; 0 stops it).
     *
     * @param count attempts to fail, not negative
     */
    public void failNext(int count) {
        checkCount(count);
        synchronized (failureLock) {
            failNextRetryable = count;
        }
    }

    /**
     * Makes the next {@code count} delivery attempts fail with a permanent {@link NotificationException},
     * as a provider refusing an address would (replacing any count set before; 0 stops it). They
     * come before the retryable failures of {@link #failNext}.
     *
     * @param count attempts to fail, not negative
     */
    public void failNextPermanently(int count) {
        checkCount(count);
        synchronized (failureLock) {
            failNextPermanent = count;
        }
    }

    /**
     * Makes each delivery attempt fail with a retryable {@link NotificationException} with the given
     * probability, drawn from a {@link Random} seeded with {@code seed}: one thread sending the same
     * sequence gets the same failures every run. A probability of 0 stops it.
     *
     * @param probability from 0 to 1
     * @param seed        the seed of the draws
     */
    public void failAtRandom(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be 0 to 1, was " + probability);
        }
        synchronized (failureLock) {
            failureProbability = probability;
            random = new Random(seed);
        }
    }

    private static void checkCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    /**
     * What was delivered, in delivery order, each id once.
     *
     * @return a snapshot
     */
    public List<Notification> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /**
     * What was delivered to one address (email address, E.164 mobile number or push address), in
     * delivery order.
     *
     * @param address the address, compared exactly
     * @return a snapshot
     */
    public List<Notification> deliveredTo(String address) {
        Objects.requireNonNull(address, "address");
        return delivered().stream().filter(n -> n.address().equals(address)).toList();
    }

    /**
     * Forgets what was delivered and sets the counters ({@link #attempts()}, {@link #failures()},
     * {@link #duplicates()}, {@link #overlappingSends()}) back to zero, so a test can look at what
     * one step sends. The failures asked for ({@link #failNext}, {@link #failNextPermanently},
     * {@link #failAtRandom}) stay, and the ids already delivered are still remembered: a later
     * redelivery of one of them is dropped as a duplicate, as a provider that already has it would.
     */
    public void clear() {
        synchronized (delivered) {
            delivered.clear();
        }
        attempts.set(0);
        failures.set(0);
        duplicates.set(0);
        overlapping.set(0);
    }

    /**
     * Whether a notification with this id was delivered.
     *
     * @param id a notification id
     * @return whether it was delivered
     */
    public boolean wasDelivered(String id) {
        return deliveredIds.contains(id);
    }

    /**
     * Delivery attempts made at the provider: successes and failures, not duplicates or refused channels.
     *
     * @return the count
     */
    public int attempts() {
        return attempts.get();
    }

    /**
     * Attempts that failed on purpose.
     *
     * @return the count
     */
    public int failures() {
        return failures.get();
    }

    /**
     * Sends dropped because their id was already delivered (NT-2's at-least-once redeliveries).
     *
     * @return the count
     */
    public int duplicates() {
        return duplicates.get();
    }

    /**
     * Sends that arrived while another send of the same id was still in progress: two dispatchers
     * holding one entry at the same time. A correct outbox keeps it at zero.
     *
     * @return the count
     */
    public int overlappingSends() {
        return overlapping.get();
    }
}
