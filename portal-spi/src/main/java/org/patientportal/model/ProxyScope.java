package org.patientportal.model;

/** What a proxy may do for the patient (PX-1). */
public enum ProxyScope { APPOINTMENTS, MEDICATIONS, RESULTS, MESSAGING, RECORDS }
