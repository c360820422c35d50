package org.patientportal.core.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.patientportal.model.AuditChain;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.ChainHead;
import org.patientportal.model.Uuids;
import org.patientportal.spi.storage.PortalStorage;

/** Reads of the audit trail that tests share. */
public final class AuditTrails {
    private AuditTrails() {
    }

    /**
     * Every event that concerns no patient (on staff chains and shards), oldest first: in event-id
     * order, which is the order one JVM made them in.
     */
    public static List<AuditEvent> patientless(PortalStorage storage) {
        return storage.inTransaction(tx -> {
            List<AuditEvent> out = new ArrayList<>();
            AuditChain after = null;
            while (true) {
                List<ChainHead> heads = tx.auditTrail().chains(after, 1000);
                for (ChainHead head : heads) {
                    if (!head.chain().isPatientChain()) {
                        out.addAll(tx.auditTrail().events(head.chain(), 0, 1000));
                    }
                }
                if (heads.size() < 1000) {
                    break;
                }
                after = heads.get(heads.size() - 1).chain();
            }
            out.sort(Comparator.comparing((AuditEvent e) -> e.id().value(), Uuids.UNSIGNED_ORDER));
            return out;
        });
    }
}
