package org.patientportal.testsupport;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A {@link DataSource} that counts the statement executions made through its connections: each
 * {@code execute*} call on a statement counts once, a whole JDBC batch included, which is how the
 * tests bound a use case's round trips.
 */
public final class CountingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicInteger executions = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();

    /**
     * Counts what runs through {@code target}'s connections.
     *
     * @param target the data source to count
     */
    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    /**
     * How many statement executions ran so far.
     *
     * @return the count, on every connection
     */
    public int executions() {
        return executions.get();
    }

    /**
     * How many commits reached the database so far ({@link Connection#commit}: one round trip
     * each, not counted by {@link #executions}); pgJDBC sends none when no transaction is open, as
     * after a {@code COMMIT} the adapter sent inside a query, and those are not counted.
     *
     * @return the count, on every connection
     */
    public int commits() {
        return commits.get();
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
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("commit") && transactionOpen(connection)) {
                        commits.incrementAndGet();
                    }
                    Object result = invoke(connection, method, args);
                    if (name.equals("prepareStatement") || name.equals("createStatement")) {
                        return counted((Statement) result, method.getReturnType());
                    }
                    return result;
                });
    }

    /** Whether the driver will send a commit: pgJDBC only with a transaction open; other drivers always. */
    private static boolean transactionOpen(Connection connection) throws SQLException {
        return !connection.isWrapperFor(BaseConnection.class)
                || connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    private Object counted(Statement statement, Class<?> type) {
        Class<?> face = type == PreparedStatement.class ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {face}, (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                executions.incrementAndGet();
            }
            return invoke(statement, method, args);
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
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
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
