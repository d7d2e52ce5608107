/**
 * Tracked links: signed tokens, the redirect and the open pixel (the hot, stateless edge),
 * classification of each click as human, bot or prefetch, and the projection of clicks and opens
 * into per-link and per-message counts.
 */
@NullMarked
package io.clicktrail.track;

import org.jspecify.annotations.NullMarked;
