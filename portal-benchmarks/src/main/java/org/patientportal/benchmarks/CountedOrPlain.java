package org.patientportal.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One side's connections: a plain HikariCP pool straight on the driver, as a host has it, for the
 * timed rounds, and a pool made through a {@link CountingDataSource} for the phases that count round
 * trips. The counter's proxies cost the caller CPU on every JDBC call (a reflective call per
 * parameter set), which would charge the side making more calls for the measurement itself (about
 * 8 % of the SDK's throughput in adjacent runs). {@link #counting} chooses which pool new
 * transactions take their connection from.
 */
final class CountedOrPlain implements DataSource, AutoCloseable {
    private final HikariDataSource plain;
    private final HikariDataSource counted;
    private final CountingDataSource counter;
    private volatile boolean counting;

    CountedOrPlain(String name, int size, Database database) {
        this.counter = new CountingDataSource(database.unpooled());
        this.plain = Database.plainPool(name, size, database.unpooled());
        this.counted = Database.pool(name + "-counted", size, counter);
    }

    /** The counter behind the counted pool. */
    CountingDataSource counter() {
        return counter;
    }

    /** Whether connections come from the counted pool from now on. */
    void counting(boolean on) {
        counting = on;
    }

    private DataSource current() {
        return counting ? counted : plain;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return current().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return current().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return plain.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        plain.setLogWriter(out);
        counted.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        plain.setLoginTimeout(seconds);
        counted.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return plain.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger(CountedOrPlain.class.getName());
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public void close() {
        plain.close();
        counted.close();
    }
}
