package io.clicktrail.track;

/** Where a click is sent: the link's URL with the click id added to its query. */
final class RedirectTarget {
  private RedirectTarget() {}

  /**
   * {@code url} with {@code param=clickId} appended to its query (keeping any existing query),
   * before any {@code #fragment}. Both parts are URL-safe, so nothing needs encoding.
   */
  static String of(String url, String param, String clickId) {
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    int q = base.indexOf('?');
    String sep;
    if (q < 0) {
      sep = "?";
    } else if (q == base.length() - 1 || base.endsWith("&")) {
      sep = "";
    } else {
      sep = "&";
    }
    return base + sep + param + "=" + clickId + fragment;
  }
}
