/**
 * Messaging the care team (MS-1..MS-6): patients (and proxies with the {@code MESSAGING} scope,
 * PX-2) start threads on a topic, to the topic's pool, their primary care provider or a provider
 * they saw in the last three years; staff answer from an inbox per pool, with a reply-by instant
 * counted in the clinic's business days. The portal says plainly that it is not for urgent matters
 * ({@link org.patientportal.core.messaging.Messaging#URGENT_NOTICE}), and a screener refuses
 * messages that look like an emergency unless the patient confirms they are not urgent. New
 * messages notify the other side through the outbox, without the subject or the body.
 */
@NullMarked
package org.patientportal.core.messaging;

import org.jspecify.annotations.NullMarked;
