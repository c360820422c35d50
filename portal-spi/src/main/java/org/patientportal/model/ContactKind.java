package org.patientportal.model;

/** Which contact on file a patient changes (PR-2): the email address or the mobile number. */
public enum ContactKind { EMAIL, MOBILE }
