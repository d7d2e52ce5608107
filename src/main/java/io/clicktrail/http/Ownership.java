package io.clicktrail.http;

import java.util.Optional;
import java.util.function.Function;

/** The one rule for reading an object by id: unknown is 404 code 803, another account's is 403. */
public final class Ownership {
  private Ownership() {}

  /**
   * The found object when {@code account} owns it.
   *
   * @param what the kind of object, for messages ("template", "message")
   * @throws ApiException 404 when nothing was found, 403 when another account owns it
   */
  public static <T> T require(
      Optional<T> found, Function<T, String> owner, String account, String what, String id) {
    T object =
        found.orElseThrow(() -> ApiException.notFound("unknown " + what + " " + Params.clip(id)));
    if (!owner.apply(object).equals(account)) {
      throw ApiException.forbidden(what + " " + Params.clip(id) + " belongs to another account");
    }
    return object;
  }
}
