package io.clicktrail.attribution;

import org.jspecify.annotations.Nullable;

/**
 * What one Click-to-WhatsApp ad brought, for the referrals in a time range. Descriptive fields come
 * from the ad's latest referral in the range.
 *
 * @param sourceId the ad id ({@code referral.source_id})
 * @param conversations referral messages: each one a conversation the ad started
 * @param users distinct WhatsApp users among them
 * @param replies the users' other messages, from each referral until their next referral
 * @param messagesSent messages the business sent those users in the same spans
 * @param clicks counted clicks on those messages
 */
public record AdPerformance(
    String sourceId,
    @Nullable String sourceType,
    @Nullable String sourceUrl,
    @Nullable String headline,
    @Nullable String body,
    @Nullable String mediaType,
    long conversations,
    long users,
    long replies,
    long messagesSent,
    long clicks) {}
