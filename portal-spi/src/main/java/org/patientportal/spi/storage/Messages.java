package org.patientportal.spi.storage;

import java.util.List;
import org.patientportal.model.Message;
import org.patientportal.model.MessageThreadId;

/** The messages of threads, append-only (MS-1, MS-3). Bodies are stored exactly as given. */
public interface Messages {
    /**
     * Inserts a message.
     *
     * @throws DuplicateKeyException if the id, or the (thread, sequence) pair, is taken
     */
    void insert(Message message);

    /**
     * One page of a thread's messages in ascending sequence order (keyset pagination).
     *
     * @param afterSequence the sequence of the last message of the previous page, 0 for the first page
     * @param limit         page size, 1 to 1000
     */
    List<Message> inThread(MessageThreadId thread, int afterSequence, int limit);
}
