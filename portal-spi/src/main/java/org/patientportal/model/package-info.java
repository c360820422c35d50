/** The shared model: immutable records with typed, time-ordered ids. */
package org.patientportal.model;
