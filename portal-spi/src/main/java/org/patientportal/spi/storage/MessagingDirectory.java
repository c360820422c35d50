package org.patientportal.spi.storage;

import java.util.List;
import java.util.Optional;
import org.patientportal.model.PatientId;
import org.patientportal.model.Pool;
import org.patientportal.model.PoolId;
import org.patientportal.model.ProviderId;
import org.patientportal.model.Topic;
import org.patientportal.model.TopicId;

/**
 * The clinic's messaging set-up: pools and their members, topics, and each patient's primary care
 * provider (MS-1, MS-5, MS-6).
 */
public interface MessagingDirectory {
    /**
     * Inserts a new pool (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insertPool(Pool pool);

    /** The pool with this id. */
    Optional<Pool> findPool(PoolId id);

    /**
     * Adds a staff member (the host's staff id) to a pool; adding a member twice is no change.
     *
     * @return whether the member was added (false: already a member)
     */
    boolean addPoolMember(PoolId pool, String staffId);

    /**
     * Removes a staff member from a pool.
     *
     * @return whether the member was removed (false: not a member)
     */
    boolean removePoolMember(PoolId pool, String staffId);

    /** Whether the staff member is in the pool. */
    boolean isPoolMember(PoolId pool, String staffId);

    /**
     * Inserts a new topic (version 0).
     *
     * @throws DuplicateKeyException if the id is taken
     */
    void insertTopic(Topic topic);

    /** The topic with this id. */
    Optional<Topic> findTopic(TopicId id);

    /**
     * One page of the active topics, in id order (keyset pagination).
     *
     * @param after the last id of the previous page, or null for the first page
     * @param limit page size, 1 to 1000
     */
    List<Topic> activeTopics(TopicId after, int limit);

    /** Sets (or, with null, clears) the patient's primary care provider. */
    void setPrimaryCareProvider(PatientId patient, ProviderId provider);

    /** The patient's primary care provider. */
    Optional<ProviderId> primaryCareProvider(PatientId patient);
}
