package org.patientportal.model;

/** How an audited call ended (AD-1, AD-3). */
public enum AuditOutcome { SUCCESS, DENIED, FAILED }
