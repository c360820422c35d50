package org.patientportal.core.internal.scheduling;

import org.patientportal.core.scheduling.AppointmentRequestView;
import org.patientportal.core.scheduling.DepartmentView;
import org.patientportal.core.scheduling.OpenedSlot;
import org.patientportal.core.scheduling.ProviderView;
import org.patientportal.core.scheduling.VisitSummaryView;
import org.patientportal.core.scheduling.VisitTypeView;
import org.patientportal.core.scheduling.WaitlistEntryView;
import org.patientportal.model.AppointmentRequest;
import org.patientportal.model.Department;
import org.patientportal.model.Provider;
import org.patientportal.model.Slot;
import org.patientportal.model.VisitSummary;
import org.patientportal.model.VisitType;
import org.patientportal.model.WaitlistEntry;

/** The API's views of the scheduling storage rows: the rows' storage concerns (versions, who decided) stay here. */
final class Views {
    private Views() {
    }

    static DepartmentView department(Department d) {
        return new DepartmentView(d.id(), d.name(), d.zone());
    }

    static ProviderView provider(Provider p) {
        return new ProviderView(p.id(), p.displayName(), p.active());
    }

    static VisitTypeView visitType(VisitType t) {
        return new VisitTypeView(t.id(), t.name(), t.duration(), t.selfSchedulable(), t.eligibility(), t.active());
    }

    static OpenedSlot slot(Slot s) {
        return new OpenedSlot(s.id(), s.providerId(), s.departmentId(), s.start(), s.end(), s.visitTypes(), s.status());
    }

    static AppointmentRequestView request(AppointmentRequest r) {
        return new AppointmentRequestView(r.id(), r.patientId(), r.visitTypeId(), r.providerId(), r.departmentId(),
                r.earliest(), r.latest(), r.status(), r.createdAt(), r.decidedAt(), r.appointmentId(),
                r.declineReason());
    }

    static WaitlistEntryView entry(WaitlistEntry e) {
        return new WaitlistEntryView(e.id(), e.patientId(), e.appointmentId(), e.visitTypeId(), e.providerId(),
                e.createdAt(), e.status(), e.closedAt());
    }

    static VisitSummaryView summary(VisitSummary v) {
        return new VisitSummaryView(v.appointmentId(), v.patientId(), v.summary(), v.diagnoses(), v.recordedAt());
    }
}
