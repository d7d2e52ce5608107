/**
 * The demo: seeds a realistic campaign into a running server through its public HTTP API only,
 * exactly as a client would.
 */
@NullMarked
package io.clicktrail.demo;

import org.jspecify.annotations.NullMarked;
