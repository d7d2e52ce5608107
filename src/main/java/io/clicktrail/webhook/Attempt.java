package io.clicktrail.webhook;

import org.jspecify.annotations.Nullable;

/**
 * One finished attempt of a delivery, as the sender reports it to be recorded.
 *
 * @param deliveryId the delivery's row id
 * @param number the attempt's number, from 1
 * @param scheduleStart how many attempts the delivery had when its current schedule began (a replay
 *     starts a new schedule)
 * @param at when the attempt started, epoch milliseconds
 * @param httpStatus the answer's status, null when none arrived
 * @param error why no answer arrived, null when one did
 * @param responseBody the first bytes of the answer's body
 * @param retryAfter the answer's {@code Retry-After}, null when absent
 */
public record Attempt(
    long deliveryId,
    String subscriptionId,
    int number,
    int scheduleStart,
    long at,
    @Nullable Integer httpStatus,
    long latencyMillis,
    @Nullable String error,
    String responseBody,
    @Nullable String retryAfter) {

  /** Whether the receiver accepted it (any 2xx). */
  public boolean succeeded() {
    return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
  }
}
