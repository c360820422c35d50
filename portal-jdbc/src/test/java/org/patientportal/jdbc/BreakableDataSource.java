package org.patientportal.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.patientportal.testsupport.CountingDataSource;

/**
 * A {@link DataSource} that can be switched to fail like a lost database. Its failures carry what
 * real drivers put in theirs: the SQL text and a parameter value, so tests can check that none of
 * it reaches the adapter's exceptions.
 */
final class BreakableDataSource implements DataSource {
    /** Put in every failure's message, as a driver would echo a bound value. */
    static final String SECRET = "MRN-SECRET-4711";

    private final DataSource target;
    private volatile boolean broken;

    /** The connections come through it, so that statement executions are counted. */
    private final CountingDataSource counting;

    BreakableDataSource(DataSource target) {
        this.target = target;
        this.counting = new CountingDataSource(target);
    }

    /**
     * How many {@code commit} calls reached the database: on PostgreSQL those made while pgJDBC saw
     * the transaction open (it sends nothing otherwise, as after a {@code COMMIT} sent in a query);
     * on H2 every call.
     */
    int commitsSent() {
        return counting.commits();
    }

    /** From now on every connection and statement fails. */
    void breakIt() {
        broken = true;
    }

    /** How many statement executions (each {@code execute*} call, a whole batch counting once) ran so far. */
    int executions() {
        return counting.executions();
    }

    DataSource target() {
        return target;
    }

    private SQLException failure(String sql) {
        return new SQLException("FATAL: terminating connection due to administrator command while executing "
                + (sql == null ? "SELECT * FROM patients WHERE mrn = '" + SECRET + "'" : sql)
                + " with parameters ('" + SECRET + "')", "57P01", 0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (broken) {
            throw failure(null);
        }
        return wrap(counting.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (broken) {
            throw failure(null);
        }
        return wrap(counting.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            boolean statementFactory = name.equals("prepareStatement") || name.equals("createStatement");
            if (broken && !name.equals("close") && !name.equals("rollback") && !name.equals("isClosed")) {
                throw failure(statementFactory && args != null && args.length > 0 ? (String) args[0] : null);
            }
            Object result = invoke(connection, method, args);
            if (statementFactory) {
                String sql = args != null && args.length > 0 ? (String) args[0] : null;
                return wrapStatement((Statement) result, sql, method.getReturnType());
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Object wrapStatement(Statement statement, String sql, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (broken && name.startsWith("execute")) {
                throw failure(sql != null ? sql : args != null && args.length > 0 ? (String) args[0] : null);
            }
            return invoke(statement, method, args);
        };
        Class<?> face = type == PreparedStatement.class ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {face}, handler);
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
