/**
 * Test support for the applications that embed the SDK: {@link org.patientportal.test.TestPortal}
 * builds a portal for a test (in memory, or on any storage) and gives signed-in patients and staff
 * actors in one call, {@link org.patientportal.test.TestClock} is the time a test sets and
 * advances, and {@link org.patientportal.test.NotificationAssert} checks what the recording
 * notification sender delivered.
 */
@NullMarked
package org.patientportal.test;

import org.jspecify.annotations.NullMarked;
