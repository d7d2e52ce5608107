package io.clicktrail.event;

/**
 * An event with its position in the log.
 *
 * @param position strictly increasing within one log (or one partition)
 */
public record LoggedEvent(long position, Event event) {}
