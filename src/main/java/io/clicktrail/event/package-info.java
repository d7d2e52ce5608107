/**
 * The event log every fact enters through, and the events it carries. Clicks, opens and sent
 * messages are appended to an {@link io.clicktrail.event.EventLog}; consumers (projectors, the
 * webhook dispatcher) fold it into read models, committing their position in the same transaction
 * as their changes so each event takes effect exactly once.
 */
@NullMarked
package io.clicktrail.event;

import org.jspecify.annotations.NullMarked;
