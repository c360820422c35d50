package org.patientportal.test;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.spi.storage.PortalStorage;

/** The fixtures work on any storage: here JDBC on a new H2 in-memory database per test. */
class H2TestPortalTest extends TestPortalSuite {
    @Override
    protected PortalStorage storage() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:portal-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return JdbcStorage.create(dataSource);
    }
}
