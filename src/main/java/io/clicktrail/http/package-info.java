/**
 * The HTTP edge: the Jetty server, routing, authentication by bearer or {@code access_token},
 * request-body limits, strict JSON binding, and the one place every failure becomes the Graph API
 * error shape. It knows no feature: features register their routes and raw handlers here.
 */
@NullMarked
package io.clicktrail.http;

import org.jspecify.annotations.NullMarked;
