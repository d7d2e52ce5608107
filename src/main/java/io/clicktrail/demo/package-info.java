/**
 * The demo: seeds a realistic month of a WhatsApp campaign into a running server through its public
 * HTTP API only, exactly as a client and Meta's webhooks would (messages, statuses, replies, ad
 * referrals, Meta's reports of people's clicks, visits of people and bots), and runs a small
 * webhook receiver so the server has a healthy and a failing subscription to show.
 */
@NullMarked
package io.clicktrail.demo;

import org.jspecify.annotations.NullMarked;
