/**
 * Outbound messages: registration, link extraction and rewriting, message views, and the WhatsApp
 * delivery facts of each message (status timeline, pricing), written by the inbound projector
 * through {@link io.clicktrail.message.StatusTimelines} and {@link
 * io.clicktrail.message.Messages#observe}.
 */
@NullMarked
package io.clicktrail.message;

import org.jspecify.annotations.NullMarked;
