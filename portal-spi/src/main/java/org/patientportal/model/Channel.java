package org.patientportal.model;

/** A way to reach a patient (NT-1). */
public enum Channel { EMAIL, SMS, PUSH }
