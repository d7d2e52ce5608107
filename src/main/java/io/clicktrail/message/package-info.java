/** Outbound messages: registration, link extraction and rewriting, and message views. */
@NullMarked
package io.clicktrail.message;

import org.jspecify.annotations.NullMarked;
