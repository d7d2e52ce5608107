package io.clicktrail.http;

import java.util.Optional;

/** Resolves a presented bearer token to the principal it authenticates, if any. */
@FunctionalInterface
public interface TokenResolver {
  /** Never throws for a malformed token: answers empty. */
  Optional<Principal> resolve(String token);
}
