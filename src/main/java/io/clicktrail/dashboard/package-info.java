/**
 * The dashboard: serves the one-page UI ({@code GET /}) with its content-hashed, immutable assets
 * (the page's scripts and style sheet, and the charting library), tells the signed-in page which
 * account its token acts for ({@code GET /v1/me}), and streams each account's clicks live over
 * server-sent events ({@code GET /v1/live/clicks}) as the engagement projector commits them.
 */
@NullMarked
package io.clicktrail.dashboard;

import org.jspecify.annotations.NullMarked;
