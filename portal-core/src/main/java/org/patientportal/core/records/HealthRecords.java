package org.patientportal.core.records;

import org.patientportal.core.Actor;
import org.patientportal.core.ConflictException;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.NotFoundException;
import org.patientportal.core.Page;
import org.patientportal.core.PageRequest;
import org.patientportal.core.PatientOperation;
import org.patientportal.core.Role;
import org.patientportal.model.AuditAction;
import org.patientportal.model.HistoryCategory;
import org.patientportal.model.HistoryEntryId;
import org.patientportal.model.PatientId;
import org.patientportal.model.ProxyScope;

/**
 * Health history (HH-1..HH-3).
 *
 * <p>Imports take a {@code CLINICIAN} or the clinic's record system ({@code INTEGRATION}); reading
 * and reporting take the patient or a proxy with the {@code RECORDS} scope (PX-2 ages apply);
 * reviews take a {@code CLINICIAN}. A denied patient or proxy is answered as for an unknown patient
 * ({@link NotFoundException}). Every call records one audit event on the patient's chain (AD-1,
 * AD-3); a refused call changes nothing (IN-2); no problem, allergy or vital value reaches a log
 * line or an exception message (LG-1).
 */
public interface HealthRecords {

    /**
     * Imports a batch of the patient's history entries in one transaction (HH-1, HH-3): one row per
     * (category, source id); a higher source version replaces the stored one, the same or an older
     * one changes nothing and is not audited; an entry marked entered in error leaves the patient's
     * view (never the audit trail). One UPDATE audit event per entry changed.
     *
     * @param staff   a clinician or the clinic's record system (INTEGRATION)
     * @param patient the patient
     * @param command the batch
     * @return how many were received and changed
     * @throws InvalidRequestException with every violation (paths {@code entries[i].field}): a vital
     *                                 without value or unit, a medication (those come as prescriptions)
     * @throws NotFoundException       if there is no such patient
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN, Role.INTEGRATION},
            action = AuditAction.UPDATE, category = "health-history")
    HistoryImported importHistory(Actor staff, PatientId patient, ImportHistory command);

    /**
     * One page of one category of the patient's history, newest first (HH-1), with the patient's
     * own reports and their review status (HH-2); entries entered in error are not listed.
     *
     * @param actor    the patient, a proxy with RECORDS, or a clinician
     * @param patient  the patient
     * @param category the category
     * @param page     which page
     * @return the page
     * @throws InvalidRequestException if the category is null or the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RECORDS, staff = {Role.CLINICIAN},
            action = AuditAction.READ, category = "health-history")
    Page<HistoryEntryView> history(Actor actor, PatientId patient, HistoryCategory category, PageRequest page);

    /**
     * One page of the patient's past visits that have an after-visit summary, newest first (HH-1).
     *
     * @param actor   the patient, a proxy with RECORDS, or a clinician
     * @param patient the patient
     * @param page    which page
     * @return the page
     * @throws InvalidRequestException if the page request is invalid
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RECORDS, staff = {Role.CLINICIAN},
            action = AuditAction.READ, category = "visit-summary")
    Page<VisitSummaryView> visitSummaries(Actor actor, PatientId patient, PageRequest page);

    /**
     * Reports an allergy, a medication taken elsewhere or a problem (HH-2): it is listed as
     * reported by the patient, pending review, until a clinician accepts or declines it.
     *
     * @param actor   the patient or a proxy with RECORDS
     * @param patient the patient
     * @param command what is reported
     * @return the entry, pending review
     * @throws InvalidRequestException if the command is invalid or the category is not one a patient reports
     * @throws NotFoundException       if there is no such patient, or access is denied
     */
    @PatientOperation(scope = ProxyScope.RECORDS, action = AuditAction.CREATE, category = "health-history")
    HistoryEntryView report(Actor actor, PatientId patient, ReportEntry command);

    /**
     * Accepts a patient's report into the record (HH-2), once.
     *
     * @param clinician a clinician
     * @param patient   the patient
     * @param entry     the pending entry
     * @return the accepted entry
     * @throws NotFoundException if there is no such patient or entry of theirs
     * @throws ConflictException if it is not pending review (decided already, or from the clinic)
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "health-history")
    HistoryEntryView accept(Actor clinician, PatientId patient, HistoryEntryId entry);

    /**
     * Declines a patient's report with a reason (HH-2), once; the patient sees the outcome.
     *
     * @param clinician  a clinician
     * @param patient    the patient
     * @param entry      the pending entry
     * @param reasonCode a machine reason: 1 to 64 lower-case letters, digits or underscores
     * @return the declined entry
     * @throws InvalidRequestException if the reason is malformed
     * @throws NotFoundException       if there is no such patient or entry of theirs
     * @throws ConflictException       if it is not pending review
     */
    @PatientOperation(self = false, staff = {Role.CLINICIAN}, action = AuditAction.UPDATE, category = "health-history")
    HistoryEntryView decline(Actor clinician, PatientId patient, HistoryEntryId entry, String reasonCode);
}
