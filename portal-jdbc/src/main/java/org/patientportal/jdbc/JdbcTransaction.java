package org.patientportal.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.patientportal.model.Account;
import org.patientportal.model.Appointment;
import org.patientportal.model.AuditChain;
import org.patientportal.model.ChainHead;
import org.patientportal.model.IdempotencyRecord;
import org.patientportal.model.Patient;
import org.patientportal.model.Slot;
import org.patientportal.spi.storage.Accounts;
import org.patientportal.spi.storage.ActivationCodes;
import org.patientportal.spi.storage.AppointmentRequests;
import org.patientportal.spi.storage.Appointments;
import org.patientportal.spi.storage.AuditTrail;
import org.patientportal.spi.storage.CommandRead;
import org.patientportal.spi.storage.CommandSnapshot;
import org.patientportal.spi.storage.Departments;
import org.patientportal.spi.storage.HealthHistory;
import org.patientportal.spi.storage.DuplicateKeyException;
import org.patientportal.spi.storage.IdempotencyRecords;
import org.patientportal.spi.storage.Outbox;
import org.patientportal.spi.storage.Patients;
import org.patientportal.spi.storage.Pharmacies;
import org.patientportal.spi.storage.Preferences;
import org.patientportal.spi.storage.Prescriptions;
import org.patientportal.spi.storage.Providers;
import org.patientportal.spi.storage.ProxyGrants;
import org.patientportal.spi.storage.RefillRequests;
import org.patientportal.spi.storage.Sessions;
import org.patientportal.spi.storage.SlotBooking;
import org.patientportal.spi.storage.Slots;
import org.patientportal.spi.storage.StorageException;
import org.patientportal.spi.storage.StorageTransaction;
import org.patientportal.spi.storage.TestResults;
import org.patientportal.spi.storage.VisitSummaries;
import org.patientportal.spi.storage.VisitTypes;
import org.patientportal.spi.storage.Waitlist;
import org.patientportal.spi.storage.ClinicCalendar;
import org.patientportal.spi.storage.ContactChanges;
import org.patientportal.spi.storage.MessageThreads;
import org.patientportal.spi.storage.Messages;
import org.patientportal.spi.storage.MessagingDirectory;

/**
 * One open transaction on one connection, and the statement plumbing every store uses. Each store
 * method runs its statements through {@link #update}, {@link #query} and friends, which translate
 * driver exceptions (see {@link Errors}) and remember, on PostgreSQL, that the transaction can no
 * longer commit.
 *
 * <p>Write-behind (PostgreSQL): writes whose only answer is "done" or "refused" (outbox entries,
 * idempotency records, audit events; a slot's release, an appointment's versioned close) are
 * {@linkplain #defer deferred} and sent together, as one
 * multi-statement query (pgJDBC sends its parts with one Sync: one round trip), in front of the
 * transaction's next statement or before its commit. They run in the order they were written and
 * before anything written after them, so every read sees them; a duplicate or any other failure
 * among them fails that next statement (or the commit) with the exception the write itself would
 * have thrown, and the transaction cannot commit.
 */
final class JdbcTransaction implements StorageTransaction {
    private final Connection connection;
    private final Dialect dialect;
    private final Map<AuditChain, ChainHead> lockedHeads = new HashMap<>();
    /** Parameters of the writes behind sent in one query, well under pgJDBC's limit of 65,535. */
    private static final int MAX_PARAMETERS = 30_000;
    private static final Map<String, Integer> PARAMETERS = new java.util.concurrent.ConcurrentHashMap<>();
    /** How many statement sequences {@link #behind} keeps the text of, each of at most {@link #KEPT_LENGTH} chars. */
    private static final int KEPT_COMPOSITIONS = 512;
    private static final int KEPT_LENGTH = 8_192;
    /** {@link #behind}'s texts by the statements they join (the last one "" for none). */
    private static final Map<List<String>, String> COMPOSED = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Deferred> deferred = new ArrayList<>();
    private boolean open = true;
    private boolean aborted;

    private Patients patients;
    private Accounts accounts;
    private ActivationCodes activationCodes;
    private Sessions sessions;
    private AuditTrail auditTrail;
    private Outbox outbox;
    private IdempotencyRecords idempotencyRecords;
    private ProxyGrants proxyGrants;
    private Preferences preferences;
    private Departments departments;
    private Providers providers;
    private VisitTypes visitTypes;
    private Slots slots;
    private Appointments appointments;
    private VisitSummaries visitSummaries;
    private AppointmentRequests appointmentRequests;
    private Waitlist waitlist;
    private Prescriptions prescriptions;
    private Pharmacies pharmacies;
    private RefillRequests refillRequests;
    private HealthHistory healthHistory;
    private MessageThreads messageThreads;
    private Messages messages;
    private MessagingDirectory messagingDirectory;
    private ClinicCalendar clinicCalendar;
    private TestResults testResults;
    private ContactChanges contactChanges;

    /**
     * Loads and initialises the stores and their plumbing (a no-op after the first call in a JVM),
     * so that a storage's first transactions do not do it inside a request.
     */
    static void prepareClasses() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        List<Class<?>> classes = List.of(JdbcTransaction.class, Deferred.class, MultiRow.class, Sql.class,
                Sql.Params.class, JsonColumns.class, Errors.class, JdbcPatients.class, JdbcAccounts.class,
                JdbcActivationCodes.class, JdbcSessions.class, JdbcAuditTrail.class, JdbcOutbox.class,
                JdbcIdempotencyRecords.class, JdbcProxyGrants.class, JdbcPreferences.class, JdbcDepartments.class,
                JdbcProviders.class, JdbcVisitTypes.class, JdbcSlots.class, JdbcAppointments.class,
                JdbcVisitSummaries.class, JdbcAppointmentRequests.class, JdbcWaitlist.class, JdbcPrescriptions.class,
                JdbcPharmacies.class, JdbcRefillRequests.class, JdbcHealthHistory.class, JdbcMessageThreads.class,
                JdbcMessages.class, JdbcMessagingDirectory.class, JdbcClinicCalendar.class, JdbcTestResults.class,
                JdbcContactChanges.class);
        for (Class<?> c : classes) {
            try {
                lookup.ensureInitialized(c);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("a class of this package cannot be initialised", e);
            }
        }
    }

    JdbcTransaction(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    @Override
    public Patients patients() {
        checkOpen();
        if (patients == null) {
            patients = new JdbcPatients(this);
        }
        return patients;
    }

    @Override
    public Accounts accounts() {
        checkOpen();
        if (accounts == null) {
            accounts = new JdbcAccounts(this);
        }
        return accounts;
    }

    @Override
    public ActivationCodes activationCodes() {
        checkOpen();
        if (activationCodes == null) {
            activationCodes = new JdbcActivationCodes(this);
        }
        return activationCodes;
    }

    @Override
    public Sessions sessions() {
        checkOpen();
        if (sessions == null) {
            sessions = new JdbcSessions(this);
        }
        return sessions;
    }

    @Override
    public AuditTrail auditTrail() {
        checkOpen();
        if (auditTrail == null) {
            auditTrail = new JdbcAuditTrail(this);
        }
        return auditTrail;
    }

    @Override
    public Outbox outbox() {
        checkOpen();
        if (outbox == null) {
            outbox = new JdbcOutbox(this);
        }
        return outbox;
    }

    @Override
    public IdempotencyRecords idempotencyRecords() {
        checkOpen();
        if (idempotencyRecords == null) {
            idempotencyRecords = new JdbcIdempotencyRecords(this);
        }
        return idempotencyRecords;
    }

    @Override
    public ProxyGrants proxyGrants() {
        checkOpen();
        if (proxyGrants == null) {
            proxyGrants = new JdbcProxyGrants(this);
        }
        return proxyGrants;
    }

    @Override
    public Preferences preferences() {
        checkOpen();
        if (preferences == null) {
            preferences = new JdbcPreferences(this);
        }
        return preferences;
    }

    @Override
    public Departments departments() {
        checkOpen();
        if (departments == null) {
            departments = new JdbcDepartments(this);
        }
        return departments;
    }

    @Override
    public Providers providers() {
        checkOpen();
        if (providers == null) {
            providers = new JdbcProviders(this);
        }
        return providers;
    }

    @Override
    public VisitTypes visitTypes() {
        checkOpen();
        if (visitTypes == null) {
            visitTypes = new JdbcVisitTypes(this);
        }
        return visitTypes;
    }

    @Override
    public Slots slots() {
        checkOpen();
        if (slots == null) {
            slots = new JdbcSlots(this);
        }
        return slots;
    }

    @Override
    public Appointments appointments() {
        checkOpen();
        if (appointments == null) {
            appointments = new JdbcAppointments(this);
        }
        return appointments;
    }

    @Override
    public VisitSummaries visitSummaries() {
        checkOpen();
        if (visitSummaries == null) {
            visitSummaries = new JdbcVisitSummaries(this);
        }
        return visitSummaries;
    }

    @Override
    public AppointmentRequests appointmentRequests() {
        checkOpen();
        if (appointmentRequests == null) {
            appointmentRequests = new JdbcAppointmentRequests(this);
        }
        return appointmentRequests;
    }

    @Override
    public Waitlist waitlist() {
        checkOpen();
        if (waitlist == null) {
            waitlist = new JdbcWaitlist(this);
        }
        return waitlist;
    }

    @Override
    public Prescriptions prescriptions() {
        checkOpen();
        if (prescriptions == null) {
            prescriptions = new JdbcPrescriptions(this);
        }
        return prescriptions;
    }

    @Override
    public Pharmacies pharmacies() {
        checkOpen();
        if (pharmacies == null) {
            pharmacies = new JdbcPharmacies(this);
        }
        return pharmacies;
    }

    @Override
    public RefillRequests refillRequests() {
        checkOpen();
        if (refillRequests == null) {
            refillRequests = new JdbcRefillRequests(this);
        }
        return refillRequests;
    }

    @Override
    public HealthHistory healthHistory() {
        checkOpen();
        if (healthHistory == null) {
            healthHistory = new JdbcHealthHistory(this);
        }
        return healthHistory;
    }

    @Override
    public MessageThreads messageThreads() {
        checkOpen();
        if (messageThreads == null) {
            messageThreads = new JdbcMessageThreads(this);
        }
        return messageThreads;
    }

    @Override
    public Messages messages() {
        checkOpen();
        if (messages == null) {
            messages = new JdbcMessages(this);
        }
        return messages;
    }

    @Override
    public MessagingDirectory messagingDirectory() {
        checkOpen();
        if (messagingDirectory == null) {
            messagingDirectory = new JdbcMessagingDirectory(this);
        }
        return messagingDirectory;
    }

    @Override
    public ClinicCalendar clinicCalendar() {
        checkOpen();
        if (clinicCalendar == null) {
            clinicCalendar = new JdbcClinicCalendar(this);
        }
        return clinicCalendar;
    }

    @Override
    public TestResults testResults() {
        checkOpen();
        if (testResults == null) {
            testResults = new JdbcTestResults(this);
        }
        return testResults;
    }

    @Override
    public ContactChanges contactChanges() {
        checkOpen();
        if (contactChanges == null) {
            contactChanges = new JdbcContactChanges(this);
        }
        return contactChanges;
    }

    Dialect dialect() {
        return dialect;
    }

    boolean postgres() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** Heads locked by {@code lockHead} in this transaction, as they stand now. */
    Map<AuditChain, ChainHead> lockedHeads() {
        return lockedHeads;
    }

    /** Ends the transaction's life: any further use of a store fails; unsent writes are dropped. */
    void close() {
        open = false;
        deferred.clear();
    }

    /**
     * A write that answers only with its row count (an INSERT, 0 meaning a duplicate, or an UPDATE
     * whose count nobody needs): on PostgreSQL it waits for the next statement or the commit
     * ({@link #flush}); on H2 it runs now.
     *
     * @param duplicate the message of the {@link DuplicateKeyException} thrown when no row was
     *                  written, or null: any count is fine
     */
    void defer(String action, String sql, Sql.Binder binder, String duplicate) {
        deferChecked(action, sql, binder, duplicate == null ? null : () -> new DuplicateKeyException(duplicate));
    }

    /**
     * Like {@link #defer(String, String, Sql.Binder, String)}, for a conditional write whose
     * caller does not need its row count: no row written throws {@code none}'s exception, from the
     * statement or commit that sends it on PostgreSQL (the transaction cannot commit), now on H2.
     *
     * @param none makes the exception thrown when no row was written, or null: any count is fine
     */
    void deferChecked(String action, String sql, Sql.Binder binder, Supplier<? extends StorageException> none) {
        checkOpen();
        if (!postgres()) {
            if (update(action, sql, binder) == 0 && none != null) {
                throw none.get();
            }
            return;
        }
        deferred.add(new Deferred(action, sql, binder, none, 1, PARAMETERS.computeIfAbsent(sql,
                JdbcTransaction::parametersOf)));
    }

    /**
     * PostgreSQL: a query run behind for its effect (a lock), its one row of no interest, sent with
     * the deferred writes around it, in order.
     */
    void deferQuery(String action, String sql, Sql.Binder binder) {
        checkOpen();
        if (!postgres()) {
            throw new IllegalStateException("queries are deferred on PostgreSQL only");
        }
        deferred.add(new Deferred(action, sql, binder, null, Deferred.QUERY, PARAMETERS.computeIfAbsent(sql,
                JdbcTransaction::parametersOf)));
    }

    /** Sends the deferred writes, in one round trip; a failure among them aborts the transaction. */
    void flush() {
        if (deferred.isEmpty()) {
            return;
        }
        checkOpen();
        send(takeDeferred(), null);
    }

    /**
     * Ends the work (PostgreSQL): sends the deferred writes with {@code COMMIT} behind them in one
     * round trip, when each of them can fail on the server where it would fail here: an insert that
     * would skip a duplicate ({@code ON CONFLICT DO NOTHING}, found by its count afterwards) is sent
     * without that clause, so the duplicate aborts the transaction before the {@code COMMIT} runs,
     * and any count of the others will do. Otherwise it flushes them as {@link #flush} does. The
     * caller commits afterwards all the same: pgJDBC sends nothing when no transaction is open.
     */
    void flushAndCommit() {
        if (deferred.isEmpty()) {
            return;
        }
        checkOpen();
        List<Deferred> writes = takeDeferred();
        List<Deferred> strict = new ArrayList<>(writes.size());
        for (Deferred write : writes) {
            String sql = write.strict();
            if (sql == null) {
                send(writes, null);
                return;
            }
            strict.add(new Deferred(write.action(), sql, write.binder(), write.none(), write.rows(), write.parameters()));
        }
        send(strict, "COMMIT");
    }

    /** Sends {@code writes} (and {@code after}, unless null) as one multi-statement query and checks their counts. */
    private void send(List<Deferred> writes, String after) {
        String action = writes.get(0).action();
        try (PreparedStatement statement = connection.prepareStatement(behind(writes, after))) {
            bindDeferred(statement, writes);
            skipDeferred(statement, writes, statement.execute());
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    private List<Deferred> takeDeferred() {
        if (deferred.isEmpty()) {
            return List.of();
        }
        List<Deferred> writes = coalesce(deferred);
        deferred.clear();
        // pgJDBC refuses a query of more than 65,535 parameters: a transaction that wrote thousands
        // of rows behind sends them in several queries, all but the last one now
        int start = 0;
        int parameters = 0;
        for (int i = 0; i < writes.size(); i++) {
            int more = writes.get(i).parameters();
            if (parameters + more > MAX_PARAMETERS && i > start) {
                send(writes.subList(start, i), null);
                start = i;
                parameters = 0;
            }
            parameters += more;
        }
        return start == 0 ? writes : writes.subList(start, writes.size());
    }

    /**
     * Adjacent deferred single-row inserts of the same statement become one multi-row insert (the
     * three outbox entries of a booking: one statement for the database to plan and run, not three).
     * The merged write expects a row for each: fewer (a duplicate skipped by {@code ON CONFLICT DO
     * NOTHING}) is the duplicate the single insert would have reported.
     */
    private static List<Deferred> coalesce(List<Deferred> writes) {
        List<Deferred> merged = new ArrayList<>(writes.size());
        int i = 0;
        while (i < writes.size()) {
            Deferred first = writes.get(i);
            int end = i + 1;
            MultiRow shape = MultiRow.of(first.sql());
            while (shape != null && end - i < shape.maxRows() && end < writes.size()
                    && writes.get(end).sql().equals(first.sql())
                    && (writes.get(end).none() == null) == (first.none() == null)) {
                end++;
            }
            if (end - i == 1) {
                merged.add(first);
            } else {
                List<Deferred> group = List.copyOf(writes.subList(i, end));
                Sql.Binder all = params -> {
                    for (Deferred write : group) {
                        write.binder().bind(params);
                    }
                };
                merged.add(new Deferred(first.action(), shape.sql(group.size()), all, first.none(), group.size(),
                        first.parameters() * group.size()));
            }
            i = end;
        }
        return merged;
    }

    /**
     * A single-row {@code INSERT ... VALUES (...)} (with an optional {@code ON CONFLICT DO NOTHING}),
     * cut where more rows go; {@code null} from {@link #of} for any other statement.
     */
    private record MultiRow(String head, String row, String tail, int maxRows, String[] texts) {
        private static final Map<String, Optional<MultiRow>> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();
        private static final String VALUES = " VALUES (";
        /** Texts of up to this many rows are kept, one instance each (see {@link #behind}). */
        private static final int KEPT_ROWS = 16;

        static MultiRow of(String sql) {
            return SHAPES.computeIfAbsent(sql, MultiRow::parse).orElse(null);
        }

        private static Optional<MultiRow> parse(String sql) {
            int values = sql.indexOf(VALUES);
            if (!sql.startsWith("INSERT INTO ") || values < 0 || sql.indexOf(VALUES, values + 1) >= 0) {
                return Optional.empty();
            }
            int close = sql.indexOf(')', values);
            String row = sql.substring(values + VALUES.length() - 1, close + 1);
            String tail = sql.substring(close + 1);
            if (!row.matches("\\(\\?(, \\?)*\\)") || !(tail.isEmpty() || tail.equals(" ON CONFLICT DO NOTHING"))) {
                return Optional.empty();
            }
            return Optional.of(new MultiRow(sql.substring(0, values + VALUES.length() - 1), row, tail,
                    MAX_PARAMETERS / parametersOf(row), new String[KEPT_ROWS]));
        }

        /** The insert of {@code rows} rows; the same instance each time for a few rows. */
        String sql(int rows) {
            if (rows >= KEPT_ROWS) {
                return text(rows);
            }
            String kept = texts[rows];
            if (kept == null) {
                // a racing thread may store an equal text: either does (Strings are immutable)
                kept = text(rows);
                texts[rows] = kept;
            }
            return kept;
        }

        private String text(int rows) {
            StringBuilder sql = new StringBuilder(head.length() + rows * (row.length() + 2) + tail.length()).append(head);
            for (int r = 0; r < rows; r++) {
                sql.append(r == 0 ? "" : ", ").append(row);
            }
            return sql.append(tail).toString();
        }
    }

    /**
     * {@code sql} (null: nothing) behind the deferred writes, as one multi-statement query. The text
     * of a sequence of statements seen before is the same instance each time (up to
     * {@value #KEPT_COMPOSITIONS} sequences of up to {@value #KEPT_LENGTH} chars): the driver finds
     * its prepared form by the text, whose hash a String computes once and whose comparison with
     * itself is at once (the final query of a booking is about 3 KB of text).
     */
    private static String behind(List<Deferred> writes, String sql) {
        if (writes.isEmpty()) {
            return sql;
        }
        List<String> parts = new ArrayList<>(writes.size() + 1);
        for (Deferred write : writes) {
            parts.add(write.sql());
        }
        parts.add(sql == null ? "" : sql);
        String kept = COMPOSED.get(parts);
        if (kept != null) {
            return kept;
        }
        String composed = compose(writes, sql);
        if (composed.length() <= KEPT_LENGTH && COMPOSED.size() < KEPT_COMPOSITIONS) {
            COMPOSED.putIfAbsent(parts, composed);
        }
        return composed;
    }

    private static String compose(List<Deferred> writes, String sql) {
        int length = sql == null ? 0 : sql.length();
        for (Deferred write : writes) {
            length += write.sql().length() + 2;
        }
        StringBuilder all = new StringBuilder(length);
        for (Deferred write : writes) {
            all.append(write.sql()).append(";\n");
        }
        if (sql == null) {
            all.setLength(all.length() - 2);
        } else {
            all.append(sql);
        }
        return all.toString();
    }

    /** Binds the deferred writes' parameters first; the statement's own follow on the returned params. */
    private Sql.Params bindDeferred(PreparedStatement statement, List<Deferred> writes) throws SQLException {
        Sql.Params params = new Sql.Params(statement, postgres());
        for (Deferred write : writes) {
            write.binder().bind(params);
        }
        return params;
    }

    /**
     * Checks the deferred writes' row counts, the first results of the executed statement, and
     * moves past them.
     *
     * @param rows what {@code execute} answered
     * @return whether the result after them (the statement's own, if any) is a result set
     */
    private boolean skipDeferred(PreparedStatement statement, List<Deferred> writes, boolean rows) throws SQLException {
        for (Deferred write : writes) {
            if (write.rows() == Deferred.QUERY) {
                if (!rows) {
                    aborted = true;
                    throw new StorageException("Could not " + write.action() + ": it answered without rows");
                }
                rows = statement.getMoreResults();
                continue;
            }
            int count = statement.getUpdateCount();
            if (rows || count < 0) {
                aborted = true;
                throw new StorageException("Could not " + write.action() + ": it answered with rows or not at all");
            }
            if (count < write.rows() && write.none() != null) {
                aborted = true;
                throw write.none().get();
            }
            rows = statement.getMoreResults();
        }
        return rows;
    }

    /**
     * A write behind; {@code rows}: how many rows it writes (more than one when {@link #coalesce}d),
     * or {@link #QUERY} for a query run for its effect ({@link #deferQuery}); {@code parameters}: how
     * many it binds.
     */
    private record Deferred(String action, String sql, Sql.Binder binder, Supplier<? extends StorageException> none,
                            int rows, int parameters) {
        private static final String SKIP = " ON CONFLICT DO NOTHING";
        /** {@link #strict()}'s text of each statement, one instance each (see {@link #behind}). */
        private static final Map<String, Optional<String>> STRICT = new java.util.concurrent.ConcurrentHashMap<>();
        /** {@code rows} of a query whose answer is skipped. */
        static final int QUERY = -1;

        /**
         * The statement that fails on the server wherever this one's count would fail here (see
         * {@link #flushAndCommit}), or null if there is none: any count does, or an insert skipping
         * duplicates becomes one refusing them; other checked counts have none.
         */
        String strict() {
            if (none == null) {
                return sql;
            }
            return STRICT.computeIfAbsent(sql, Deferred::strictOf).orElse(null);
        }

        private static Optional<String> strictOf(String sql) {
            int skip = sql.indexOf(SKIP);
            boolean insert = sql.startsWith("INSERT INTO ") || sql.startsWith("WITH e AS (INSERT INTO ");
            if (!insert || skip < 0 || sql.indexOf(SKIP, skip + 1) >= 0) {
                return Optional.empty();
            }
            return Optional.of(sql.substring(0, skip) + sql.substring(skip + SKIP.length()));
        }
    }

    /** The placeholders of a statement the stores write behind (their texts are constants). */
    private static int parametersOf(String sql) {
        return (int) sql.chars().filter(c -> c == '?').count();
    }

    /**
     * {@link #readForCommand}'s query for each combination of its optional parts ({@link #readParts}),
     * composed once: the driver finds its parsed form by the text, and the same string hashes once.
     */
    private static final String[] READ_FOR_COMMAND = new String[16];

    static {
        for (int parts = 0; parts < READ_FOR_COMMAND.length; parts++) {
            StringBuilder sql = new StringBuilder(JdbcAuditTrail.LOCK_HEAD).append(";\n").append(JdbcPatients.FIND)
                    .append(";\n").append(JdbcAccounts.FIND_BY_PATIENT);
            if ((parts & 1) != 0) {
                sql.append(";\n").append(JdbcSlots.FIND);
            }
            if ((parts & 2) != 0) {
                sql.append(";\n").append(JdbcAppointments.FIND);
            }
            if ((parts & 4) != 0) {
                sql.append(";\n").append(JdbcIdempotencyRecords.FIND);
            }
            if ((parts & 8) != 0) {
                sql.append(";\n").append(JdbcSlots.FIND_OF_APPOINTMENT).append(";\n")
                        .append(JdbcWaitlist.WAITING_OF_PATIENT_FOR_APPOINTMENT).append(";\n")
                        .append(JdbcWaitlist.WAITING_FOR_SLOT_OF_APPOINTMENT).append(";\n")
                        .append(JdbcWaitlist.HELD_BY_WAITING).append(";\n").append(JdbcWaitlist.ACCOUNTS_OF_WAITING);
            }
            READ_FOR_COMMAND[parts] = sql.toString();
        }
    }

    private static int readParts(boolean slot, boolean appointment, boolean idempotency, boolean waitlist) {
        return (slot ? 1 : 0) | (appointment ? 2 : 0) | (idempotency ? 4 : 0) | (waitlist ? 8 : 0);
    }

    /**
     * PostgreSQL: the lock and the reads in one multi-statement query (one round trip), each part
     * the store's own statement, run in order with its own snapshot (READ COMMITTED), so the reads
     * see what a transaction that held the lock committed. A chain without a head row yet (its
     * first event) takes the composed way, which creates the row.
     */
    @Override
    public CommandSnapshot readForCommand(CommandRead read) {
        Objects.requireNonNull(read, "read");
        checkOpen();
        if (!postgres() || lockedHeads.containsKey(read.chain())) {
            return StorageTransaction.super.readForCommand(read);
        }
        flush();
        String sql = READ_FOR_COMMAND[readParts(read.slot() != null, read.appointment() != null,
                read.idempotencyKey() != null, read.waitlistLimit() > 0)];
        String action = "read for a patient command";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Sql.Params p = new Sql.Params(statement, postgres());
            p.text(read.chain().value()).uuid(read.patient().value()).uuid(read.patient().value());
            if (read.slot() != null) {
                p.uuid(read.slot().value());
            }
            if (read.appointment() != null) {
                p.uuid(read.appointment().value());
            }
            if (read.idempotencyKey() != null) {
                p.text(read.idempotencyScope()).text(read.idempotencyKey());
            }
            if (read.waitlistLimit() > 0) {
                p.uuid(read.appointment().value()).uuid(read.patient().value()).uuid(read.appointment().value());
                for (int part = 0; part < 3; part++) {
                    p.uuid(read.appointment().value()).integer(read.waitlistLimit()).integer(read.waitlistLimit());
                }
            }
            statement.execute();
            Optional<ChainHead> head = next(statement, false, action, row -> JdbcAuditTrail.head(read.chain(), row));
            if (head.isEmpty()) {
                return StorageTransaction.super.readForCommand(read);
            }
            lockedHeads.put(read.chain(), head.get());
            Optional<Patient> patient = next(statement, true, action, JdbcPatients::map);
            Optional<Account> account = next(statement, true, action, JdbcAccounts::map);
            Optional<Slot> slot = read.slot() == null ? Optional.empty() : next(statement, true, action, JdbcSlots::map);
            Optional<Appointment> appointment = read.appointment() == null ? Optional.empty()
                    : next(statement, true, action, JdbcAppointments::map);
            Optional<IdempotencyRecord> record = read.idempotencyKey() == null ? Optional.empty()
                    : next(statement, true, action, JdbcIdempotencyRecords::map);
            if (read.waitlistLimit() == 0) {
                return new CommandSnapshot(head.get(), patient, account, slot, appointment, record);
            }
            return new CommandSnapshot(head.get(), patient, account, slot, appointment, record,
                    next(statement, true, action, JdbcSlots::map), all(statement, action, JdbcWaitlist::map),
                    all(statement, action, JdbcWaitlist::map), all(statement, action, JdbcAppointments::map),
                    all(statement, action, JdbcAccounts::map));
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /** The at most one row of the statement's current result set ({@code advance}: of the next one). */
    private static <T> Optional<T> next(PreparedStatement statement, boolean advance, String action,
                                        Sql.RowMapper<T> mapper) throws SQLException {
        if (advance && !statement.getMoreResults()) {
            throw new StorageException("Could not " + action + ": a part answered without rows");
        }
        try (ResultSet rows = statement.getResultSet()) {
            Optional<T> found = rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            if (rows.next()) {
                throw new StorageException("Could not " + action + ": more than one row");
            }
            return found;
        }
    }

    /** Every row of the statement's next result set. */
    private static <T> List<T> all(PreparedStatement statement, String action, Sql.RowMapper<T> mapper)
            throws SQLException {
        if (!statement.getMoreResults()) {
            throw new StorageException("Could not " + action + ": a part answered without rows");
        }
        List<T> found = new ArrayList<>();
        try (ResultSet rows = statement.getResultSet()) {
            while (rows.next()) {
                found.add(mapper.map(rows));
            }
        }
        return found;
    }

    /** Whether a statement failed on a database where that aborts the transaction. */
    boolean aborted() {
        return aborted;
    }

    void checkOpen() {
        if (!open) {
            throw new IllegalStateException("The transaction is over: stores are valid only inside the work");
        }
    }

    /** Runs an INSERT, UPDATE or DELETE and returns the row count. */
    int update(String action, String sql, Sql.Binder binder) {
        checkOpen();
        List<Deferred> writes = takeDeferred();
        try (PreparedStatement statement = connection.prepareStatement(behind(writes, sql))) {
            Sql.Params params = bindDeferred(statement, writes);
            binder.bind(params);
            if (writes.isEmpty()) {
                return statement.executeUpdate();
            }
            if (skipDeferred(statement, writes, statement.execute())) {
                throw new StorageException("Could not " + action + ": the statement answered with rows");
            }
            return statement.getUpdateCount();
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /**
     * Runs {@code sql}, several statements that answer with row counts, as one query behind the
     * deferred writes (PostgreSQL), and returns their counts in order.
     */
    int[] updates(String action, String sql, int statements, Sql.Binder binder) {
        return updates(action, 0, sql, statements, binder);
    }

    /**
     * Runs {@code sql} as {@link #updates(String, String, int, Sql.Binder)} does, where the first
     * {@code locks} statements are queries that take a lock (PostgreSQL's
     * {@code SELECT pg_advisory_xact_lock(...)}): their single row is read and dropped, and the
     * counts of the {@code statements} after them are returned.
     */
    int[] updates(String action, int locks, String sql, int statements, Sql.Binder binder) {
        checkOpen();
        List<Deferred> writes = takeDeferred();
        try (PreparedStatement statement = connection.prepareStatement(behind(writes, sql))) {
            Sql.Params params = bindDeferred(statement, writes);
            binder.bind(params);
            boolean rows = skipDeferred(statement, writes, statement.execute());
            for (int i = 0; i < locks; i++) {
                if (!rows) {
                    throw new StorageException("Could not " + action + ": a lock answered with no row");
                }
                statement.getResultSet().close();
                rows = statement.getMoreResults();
            }
            int[] counts = new int[statements];
            for (int i = 0; i < statements; i++) {
                int count = statement.getUpdateCount();
                if (rows || count < 0) {
                    throw new StorageException("Could not " + action + ": a part answered with rows or not at all");
                }
                counts[i] = count;
                rows = statement.getMoreResults();
            }
            return counts;
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /**
     * PostgreSQL: the slot's conditional booking and the appointment's insert in one round trip;
     * the insert runs only if the booking took the slot for this appointment, so the outcome is
     * the default's.
     */
    @Override
    public SlotBooking bookSlot(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        checkOpen();
        if (!postgres()) {
            return StorageTransaction.super.bookSlot(appointment);
        }
        return ((JdbcAppointments) appointments()).bookSlot(appointment);
    }

    /**
     * On PostgreSQL written behind ({@link JdbcAppointments#bookSlotBehind}): the patient's lock and
     * one statement that books the slot and stores the appointment or refuses on the server, sent with
     * the writes that follow it, so that {@code book} commits in the same round trip; elsewhere
     * the default's.
     */
    @Override
    public void bookSlotBehind(Appointment appointment) {
        Objects.requireNonNull(appointment, "appointment");
        checkOpen();
        if (!postgres()) {
            StorageTransaction.super.bookSlotBehind(appointment);
            return;
        }
        ((JdbcAppointments) appointments()).bookSlotBehind(appointment);
    }

    /** Runs a query (or a data-changing statement that returns rows) and maps every row. */
    <T> List<T> query(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        checkOpen();
        List<Deferred> writes = takeDeferred();
        try (PreparedStatement statement = connection.prepareStatement(behind(writes, sql))) {
            Sql.Params params = bindDeferred(statement, writes);
            binder.bind(params);
            if (!writes.isEmpty() && !skipDeferred(statement, writes, statement.execute())) {
                throw new StorageException("Could not " + action + ": the query answered without rows");
            }
            try (ResultSet rows = writes.isEmpty() ? statement.executeQuery() : statement.getResultSet()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    /**
     * The rows of {@code select} (up to its {@code FROM}, no {@code WHERE}) whose uuid {@code column} is
     * one of {@code ids} (distinct), in one statement ({@link Sql#anyId}); no statement for no ids.
     */
    <T> List<T> queryAnyId(String action, String select, String column, List<UUID> ids, Sql.RowMapper<T> mapper) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query(action, select + " WHERE " + Sql.anyId(column, postgres(), ids.size()), p -> p.uuids(ids), mapper);
    }

    /** Like {@link #query}, for at most one row. */
    <T> Optional<T> queryOne(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        List<T> rows = query(action, sql, binder, mapper);
        if (rows.size() > 1) {
            throw new StorageException("Could not " + action + ": more than one row");
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * Runs one statement that may break a unique constraint, such that the failure leaves the
     * transaction usable on PostgreSQL too (inside a savepoint there; H2 undoes a failed statement
     * by itself). For the rare writes that cannot use {@code ON CONFLICT DO NOTHING}.
     */
    <T> List<T> queryGuarded(String action, String sql, Sql.Binder binder, Sql.RowMapper<T> mapper) {
        if (!postgres()) {
            return query(action, sql, binder, mapper);
        }
        checkOpen();
        flush();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw failed(action, e);
        }
        List<T> result = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(new Sql.Params(statement, postgres()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
        } catch (SQLException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailed) {
                aborted = true;
            }
            throw Errors.translate(action, e);
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw failed(action, e);
        }
        return result;
    }

    /**
     * A versioned replace that returns the row as stored: on PostgreSQL {@code update} ends with
     * {@code RETURNING columns} and is one round trip; on H2 the row this transaction now holds is
     * read back with {@code reread} (not {@code FINAL TABLE (UPDATE ...)}: in H2 2.3 a failed
     * delta-table statement undoes earlier writes of the transaction too). No savepoint: the
     * callers' tables have no unique key an update can break.
     *
     * @return the stored row, or empty if no row matched (stale version or gone)
     */
    <T> Optional<T> updateReturning(String action, String update, String columns, Sql.Binder binder,
                                    Sql.RowMapper<T> mapper, Supplier<Optional<T>> reread) {
        if (postgres()) {
            return queryOne(action, update + " RETURNING " + columns, binder, mapper);
        }
        return update(action, update, binder) == 0 ? Optional.empty() : reread.get();
    }

    /**
     * One keyset page in id order: {@code select} ends with a WHERE clause whose parameters
     * {@code filter} binds; the page starts after {@code after} (null for the first page).
     */
    <T> List<T> pageById(String action, String select, Sql.Binder filter, UUID after, int limit,
                         Sql.RowMapper<T> mapper) {
        Sql.pageLimit(limit);
        String sql = select + (after == null ? "" : " AND id > ?") + " ORDER BY id" + Sql.limit(limit);
        return query(action, sql, p -> {
            filter.bind(p);
            if (after != null) {
                p.uuid(after);
            }
        }, mapper);
    }

    /**
     * Runs one statement for each binder as a JDBC batch (one round trip where the driver pipelines
     * it) and returns the row count of each, {@link Statement#EXECUTE_FAILED} for a row
     * that H2 refused as a duplicate (H2 undoes that row alone and runs the rest; the caller
     * decides). Any other failure is translated as usual.
     */
    int[] batch(String action, String sql, List<Sql.Binder> binders) {
        checkOpen();
        flush();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Sql.Binder binder : binders) {
                binder.bind(new Sql.Params(statement, postgres()));
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (BatchUpdateException e) {
            if (!postgres() && Errors.translate(action, e) instanceof DuplicateKeyException) {
                int[] counts = e.getUpdateCounts();
                int[] all = new int[binders.size()];
                Arrays.fill(all, Statement.EXECUTE_FAILED);
                System.arraycopy(counts, 0, all, 0, Math.min(counts.length, all.length));
                return all;
            }
            throw failed(action, e);
        } catch (SQLException e) {
            throw failed(action, e);
        }
    }

    private StorageException failed(String action, SQLException e) {
        if (dialect.failedStatementAbortsTransaction()) {
            aborted = true;
        }
        return Errors.translate(action, e);
    }
}
