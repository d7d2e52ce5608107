/**
 * Analytics call-compatible with WhatsApp's: field expansion, bucketing, the four analytics
 * queries, rollups, rate card, countries. {@link io.clicktrail.analytics.FieldExpansion} parses the
 * Graph {@code fields} expression, {@link io.clicktrail.analytics.GraphFieldQuery} turns each
 * requested field into a validated query, and {@link io.clicktrail.analytics.Buckets} cuts a time
 * range into the data points a query answers with.
 */
@NullMarked
package io.clicktrail.analytics;

import org.jspecify.annotations.NullMarked;
