package org.patientportal.model;

/** What an audited call did (AD-1). */
public enum AuditAction { CREATE, READ, UPDATE, DELETE, EXECUTE }
