/**
 * Accounts (one WhatsApp Business Account or email sending application each), their access tokens
 * (stored as SHA-256 hashes only), the admin token, and the admin API under {@code /v1/accounts}.
 */
@NullMarked
package io.clicktrail.account;

import org.jspecify.annotations.NullMarked;
