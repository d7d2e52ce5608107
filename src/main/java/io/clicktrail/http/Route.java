package io.clicktrail.http;

import org.jspecify.annotations.Nullable;

/** A handler of one method and path pattern. */
@FunctionalInterface
public interface Route {
  /**
   * Answers {@code request}, or returns null to decline so that the next route matching the same
   * path may answer (used for Graph node paths such as {@code /{id}}, where the kind of object
   * decides who answers). Throws {@link ApiException} for expected failures.
   */
  @Nullable ApiResponse handle(ApiRequest request) throws Exception;
}
