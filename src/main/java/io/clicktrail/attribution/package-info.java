/**
 * Click-to-WhatsApp ad attribution: for each ad ({@code source_id}) whose referrals started
 * conversations in a time range, how many conversations and users it brought, how many replies
 * those users sent, how many messages the business sent them afterwards and how many clicks those
 * messages got. A read-only report over the inbound, message and engagement read models, served at
 * {@code GET /v1/attribution}.
 */
@NullMarked
package io.clicktrail.attribution;

import org.jspecify.annotations.NullMarked;
