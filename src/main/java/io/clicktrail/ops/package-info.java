/** Operating the service: the health check and Prometheus metrics endpoints. */
@NullMarked
package io.clicktrail.ops;

import org.jspecify.annotations.NullMarked;
