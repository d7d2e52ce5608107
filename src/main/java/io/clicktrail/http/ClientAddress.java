package io.clicktrail.http;

import java.util.function.Predicate;
import org.eclipse.jetty.server.Request;

/**
 * The client address of a request: the socket's peer, or, when that peer is a trusted proxy, the
 * nearest untrusted address of its {@code X-Forwarded-For} chain.
 */
public final class ClientAddress {
  private final Predicate<String> trustedProxy;

  /** {@code trustedProxy} tells whether an address literal belongs to a trusted proxy. */
  public ClientAddress(Predicate<String> trustedProxy) {
    this.trustedProxy = trustedProxy;
  }

  /** The client address of {@code request} as an IP literal. */
  public String of(Request request) {
    String peer = Request.getRemoteAddr(request);
    if (!trustedProxy.test(peer)) {
      return peer;
    }
    String forwarded = request.getHeaders().get("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) {
      return peer;
    }
    String[] hops = forwarded.split(",");
    String candidate = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty() || !looksLikeIp(hop)) {
        return candidate;
      }
      candidate = hop;
      if (!trustedProxy.test(hop)) {
        return hop;
      }
    }
    return candidate;
  }

  private static boolean looksLikeIp(String s) {
    if (s.length() > 45) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
