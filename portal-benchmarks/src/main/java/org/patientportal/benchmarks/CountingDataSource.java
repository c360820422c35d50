package org.patientportal.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that counts the database round trips made through its connections, put
 * <em>under</em> the connection pool (HikariCP's {@code dataSource}) so that the pool's own traffic
 * (rollback of a dirty connection on return, validation) is counted too.
 *
 * <p>Counted as one round trip each, because pgJDBC sends each of them as one request and waits for
 * its answer: {@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeLargeUpdate},
 * {@code executeBatch} (pgJDBC pipelines a whole batch, every Bind/Execute of it followed by one
 * Sync: one round trip for batches of up to a few hundred rows, after which it flushes and reads
 * the answers so far to keep the socket buffers from filling; with {@code reWriteBatchedInserts=true}
 * it also folds the INSERT rows into multi-row statements), {@code commit}, {@code rollback} (with or
 * without a savepoint), {@code setSavepoint}, {@code releaseSavepoint}, {@code setTransactionIsolation}
 * (pgJDBC sends {@code SET SESSION CHARACTERISTICS}) and {@code isValid} (an empty query).
 *
 * <p>Not counted, because pgJDBC sends nothing for them: {@code prepareStatement} (parsing goes with
 * the first execution), parameter setters, {@code setAutoCommit(false)} (the {@code BEGIN} goes with
 * the next statement), {@code setAutoCommit(true)} outside a transaction, {@code setReadOnly}, and
 * {@code close}, and a {@code commit} or {@code rollback} when no transaction is open (pgJDBC skips
 * those; the wrapper asks the driver for its transaction state).
 *
 * <p>With {@link #trace} on, the calling thread's round trips are also recorded in order (SQL text
 * without values) for {@link #stopTrace}. The wrapper is a JDK dynamic proxy: a few tens of
 * nanoseconds per JDBC call, paid on both sides of the comparison.
 */
final class CountingDataSource implements DataSource {
    private static final int SQL_SHOWN = 200;

    private final DataSource target;
    private final LongAdder roundTrips = new LongAdder();
    private final ThreadLocal<List<String>> trace = new ThreadLocal<>();

    CountingDataSource(DataSource target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Round trips counted so far, on every thread. */
    long roundTrips() {
        return roundTrips.sum();
    }

    /** Starts recording the calling thread's round trips. */
    void trace() {
        trace.set(new ArrayList<>());
    }

    /** Stops recording on the calling thread and returns what it sent, in order. */
    List<String> stopTrace() {
        List<String> recorded = trace.get();
        trace.remove();
        return recorded == null ? List.of() : recorded;
    }

    private void count(String what, String sql) {
        roundTrips.increment();
        List<String> recorded = trace.get();
        if (recorded != null) {
            recorded.add(sql == null ? what : what + ": " + shown(sql));
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(target.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return target.isWrapperFor(type);
    }

    private static String shown(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= SQL_SHOWN ? oneLine : oneLine.substring(0, SQL_SHOWN) + " ...";
    }

    /**
     * Whether pgJDBC will send a {@code commit} or {@code rollback}: it sends nothing when no
     * transaction is open (after a {@code COMMIT} sent inside a query, say). Other drivers: counted.
     */
    private static boolean transactionOpen(Connection connection) throws SQLException {
        return !connection.isWrapperFor(BaseConnection.class)
                || connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private final class ConnectionHandler implements InvocationHandler {
        private final Connection connection;

        ConnectionHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "commit", "rollback" -> {
                    if (transactionOpen(connection)) {
                        count(name, null);
                    }
                }
                case "setSavepoint", "releaseSavepoint", "setTransactionIsolation", "isValid" -> count(name, null);
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                default -> {
                    // not a round trip
                }
            }
            Object result = CountingDataSource.invoke(connection, method, args);
            if (result instanceof Statement statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(statement, sql, proxy));
            }
            return result;
        }
    }

    private final class StatementHandler implements InvocationHandler {
        private final Statement statement;
        private final String sql;
        private final Object connection;
        private int batched;

        StatementHandler(Statement statement, String sql, Object connection) {
            this.statement = statement;
            this.sql = sql;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "execute", "executeQuery", "executeUpdate", "executeLargeUpdate" ->
                        count(name, args != null && args.length > 0 && args[0] instanceof String s ? s
                                : Objects.requireNonNullElse(sql, "?"));
                case "addBatch" -> batched++;
                case "executeBatch", "executeLargeBatch" -> {
                    count(name + " of " + batched, Objects.requireNonNullElse(sql, "?"));
                    batched = 0;
                }
                case "clearBatch" -> batched = 0;
                case "getConnection" -> {
                    return connection;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    // not a round trip
                }
            }
            return CountingDataSource.invoke(statement, method, args);
        }
    }
}
