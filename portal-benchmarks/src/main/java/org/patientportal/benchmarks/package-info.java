/**
 * Benchmarks of the Portal SDK (issue 8): {@link org.patientportal.benchmarks.BookingThroughput}, the
 * booking throughput harness on PostgreSQL, and {@link org.patientportal.benchmarks.CpuBenchmarks},
 * the JMH benchmarks of the CPU-bound paths. Run them with {@code scripts/bench}. Not published.
 */
package org.patientportal.benchmarks;
