/**
 * An account's phone numbers and message templates, including a template's URL and quick-reply
 * buttons and its link-tracking opt-out.
 */
@NullMarked
package io.clicktrail.catalog;

import org.jspecify.annotations.NullMarked;
