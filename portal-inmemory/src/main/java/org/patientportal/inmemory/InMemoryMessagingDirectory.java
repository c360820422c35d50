package org.patientportal.inmemory;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pool;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Topic;
import org.patientportal.model.TopicId;
import org.patientportal.spi.storage.MessagingDirectory;

/**
 * One transaction's {@link MessagingDirectory}. Pool memberships and primary care providers are
 * rows with a present flag (the table keeps no deletes): removing sets it false.
 */
final class InMemoryMessagingDirectory implements MessagingDirectory {
    /**
     * One membership.
     *
     * @param pool    the pool
     * @param staffId the host's staff id
     */
    record Member(PoolId pool, String staffId) {
    }

    /**
     * A membership row.
     *
     * @param key     the membership
     * @param present whether it holds
     */
    record MemberRow(Member key, boolean present) {
    }

    /**
     * A patient's primary care provider.
     *
     * @param patient  the patient
     * @param provider the provider, or null
     */
    record CareRow(PatientId patient, ProviderId provider) {
    }

    /** Committed pools, members, topics and primary care providers. */
    static final class Data {
        final Table<PoolId, Pool> pools = new Table<>("message_pool", Pool::id, (PoolId l, PoolId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Table<Member, MemberRow> members = new Table<>("message_pool_member", MemberRow::key,
                Comparator.comparing(Member::pool, (PoolId l, PoolId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value())).thenComparing(Member::staffId));
        final Table<TopicId, Topic> topics = new Table<>("message_topic", Topic::id, (TopicId l, TopicId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
        final Table<PatientId, CareRow> care = new Table<>("primary_care", CareRow::patient,
                (PatientId l, PatientId r) -> org.patientportal.model.Uuids.compareUnsigned(l.value(), r.value()));
    }

    private final TableTx<PoolId, Pool> pools;
    private final TableTx<Member, MemberRow> members;
    private final TableTx<TopicId, Topic> topics;
    private final TableTx<PatientId, CareRow> care;

    InMemoryMessagingDirectory(Data data, Transaction tx) {
        this.pools = TableTx.open(data.pools, tx);
        this.members = TableTx.open(data.members, tx);
        this.topics = TableTx.open(data.topics, tx);
        this.care = TableTx.open(data.care, tx);
    }

    @Override
    public void insertPool(Pool pool) {
        Objects.requireNonNull(pool, "pool");
        if (pool.version() != 0) {
            throw new IllegalArgumentException("a new pool has version 0");
        }
        pools.insert(pool);
    }

    @Override
    public Optional<Pool> findPool(PoolId id) {
        Objects.requireNonNull(id, "id");
        return pools.find(id);
    }

    @Override
    public boolean addPoolMember(PoolId pool, String staffId) {
        return setMember(pool, staffId, true);
    }

    @Override
    public boolean removePoolMember(PoolId pool, String staffId) {
        return setMember(pool, staffId, false);
    }

    private boolean setMember(PoolId pool, String staffId, boolean present) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(staffId, "staffId");
        Member key = new Member(pool, staffId);
        MemberRow current = members.lockAndRead(key);
        if (current == null) {
            if (!present) {
                return false;
            }
            members.insert(new MemberRow(key, true));
            return true;
        }
        if (current.present() == present) {
            return false;
        }
        members.replace(current, new MemberRow(key, present));
        return true;
    }

    @Override
    public boolean isPoolMember(PoolId pool, String staffId) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(staffId, "staffId");
        return members.find(new Member(pool, staffId)).map(MemberRow::present).orElse(false);
    }

    @Override
    public void insertTopic(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.version() != 0) {
            throw new IllegalArgumentException("a new topic has version 0");
        }
        topics.insert(topic);
    }

    @Override
    public Optional<Topic> findTopic(TopicId id) {
        Objects.requireNonNull(id, "id");
        return topics.find(id);
    }

    @Override
    public List<Topic> activeTopics(TopicId after, int limit) {
        TableTx.checkLimit(limit);
        return topics.page(topics.committedIdsAfter(after), after, limit, Topic::active);
    }

    @Override
    public void setPrimaryCareProvider(PatientId patient, ProviderId provider) {
        Objects.requireNonNull(patient, "patient");
        CareRow current = care.lockAndRead(patient);
        if (current == null) {
            care.insert(new CareRow(patient, provider));
        } else {
            care.replace(current, new CareRow(patient, provider));
        }
    }

    @Override
    public Optional<ProviderId> primaryCareProvider(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return care.find(patient).map(CareRow::provider);
    }
}
