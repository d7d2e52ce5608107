package io.clicktrail.webhook;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether an outbound webhook URL may be called and which addresses a connection to its
 * host may use (SPEC §6.1: no loopback, private, link-local, CGNAT, multicast, reserved or
 * unspecified targets unless {@code allowPrivate}).
 *
 * <p>Host literals are read the way the most permissive common parser reads them, so that no
 * spelling slips past: IPv4 literals exactly as {@code inet_aton} does (one to four parts, each
 * decimal or {@code 0x} hex, the last part filling the remaining bytes, so {@code 2130706433},
 * {@code 0x7f000001} and {@code 127.1} are all 127.0.0.1), and a host whose last label is numeric
 * is always taken as an IPv4 literal and never looked up. A part written with a leading zero
 * ({@code 0177.0.0.1}) is refused outright, even with {@code allowPrivate}, because parsers
 * disagree on whether it is octal. IPv6 literals are parsed without DNS and judged by the IPv4
 * address they embed when they are IPv4-mapped, IPv4-compatible, NAT64 ({@code 64:ff9b::/96}) or
 * 6to4 ({@code 2002::/16}). Any other host is asked of the {@link Resolver} as written (a trailing
 * dot included), and is refused whole when any one of its answers is refused.
 *
 * <p>This class opens no connections; the resolver is its only I/O. Instances are immutable and as
 * thread-safe as their resolver.
 */
public final class UrlGuard {

  /** The longest URL accepted, in characters. */
  public static final int MAX_URL_LENGTH = 2048;

  /** Looks names up with {@link InetAddress#getAllByName}; blocks for as long as DNS takes. */
  public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*\\.?");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
  private static final Pattern HEX = Pattern.compile("0[xX][0-9A-Fa-f]*");
  private static final Pattern LEADING_ZERO = Pattern.compile("0[0-9]+");
  private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  private final boolean allowPrivate;
  private final Resolver resolver;

  /**
   * Creates a guard.
   *
   * @param allowPrivate when true, addresses are not judged by class (syntax and resolvability
   *     still are); for deployments whose receivers live on a private network
   * @param resolver asked about host names only, never about literals
   */
  public UrlGuard(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = requireNonNull(resolver, "resolver");
  }

  /**
   * Checks a webhook URL: absolute http or https, a host, no user info, a port from 1 to 65535 if
   * given, at most {@link #MAX_URL_LENGTH} characters, and a host that {@link #resolve} accepts.
   * May block on the resolver.
   *
   * @return empty when the URL is acceptable, else a lowercase problem that names the bad value,
   *     fit for a 400 answer
   */
  public Optional<String> checkUrl(String url) {
    requireNonNull(url, "url");
    try {
      resolve(hostOf(url));
      return Optional.empty();
    } catch (RefusedTarget e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Returns the addresses a connection to {@code host} may use: the literal's own address, or every
   * answer of the resolver, in its order. IPv6 literals may come with or without brackets. May
   * block on the resolver.
   *
   * @throws RefusedTarget when the host is malformed, does not resolve, or (unless {@code
   *     allowPrivate}) any of its addresses is refused
   */
  public List<InetAddress> resolve(String host) throws RefusedTarget {
    requireNonNull(host, "host");
    Optional<InetAddress> literal = literal(host);
    List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : lookUp(host);
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        Optional<String> refusal = SpecialAddresses.refusal(address);
        if (refusal.isPresent()) {
          String verb = literal.isPresent() ? "is" : "resolves to";
          throw refused(host, verb + " " + withArticle(refusal.get()) + " address");
        }
      }
    }
    return addresses;
  }

  private static String hostOf(String url) throws RefusedTarget {
    if (url.length() > MAX_URL_LENGTH) {
      throw new RefusedTarget(
          "url is " + url.length() + " characters long; the limit is " + MAX_URL_LENGTH);
    }
    URI uri = parse(url);
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new RefusedTarget(named(url) + " must be http or https");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new RefusedTarget(named(url) + " has no host");
    }
    if (authority.indexOf('@') >= 0) {
      // Named without the value, which holds a password.
      throw new RefusedTarget("url must not contain a user name or password");
    }
    return hostOfAuthority(authority);
  }

  private static URI parse(String url) throws RefusedTarget {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedTarget(named(url) + " is not a valid url");
    }
  }

  /** Splits {@code host[:port]} or {@code [v6][:port]}, checking the port. */
  /**
   * How a refusal names {@code url}: quoted and clipped to 100 characters, or not at all when it
   * may hold a password ({@code user:password@host}).
   */
  private static String named(String url) {
    if (url.indexOf('@') >= 0) {
      return "url";
    }
    return "url '" + (url.length() > 100 ? url.substring(0, 100) + "…" : url) + "'";
  }

  private static String hostOfAuthority(String authority) throws RefusedTarget {
    int colon;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return authority;
      }
      colon = close + 1;
    } else {
      colon = authority.indexOf(':');
    }
    if (colon < 0 || colon == authority.length()) {
      return authority;
    }
    if (authority.charAt(colon) != ':') {
      throw refused(authority, "is not a valid IPv6 address");
    }
    checkPort(authority.substring(colon + 1));
    return authority.substring(0, colon);
  }

  private static void checkPort(String port) throws RefusedTarget {
    boolean valid = PORT.matcher(port).matches() && inRange(Integer.parseInt(port), 1, 65535);
    if (!valid) {
      throw new RefusedTarget("url port '" + port + "' must be a number from 1 to 65535");
    }
  }

  private static boolean inRange(int value, int min, int max) {
    return value >= min && value <= max;
  }

  /** Validates the host's syntax; returns its address when it is a literal, empty for a name. */
  private static Optional<InetAddress> literal(String host) throws RefusedTarget {
    if (host.isEmpty()) {
      throw new RefusedTarget("url has no host");
    }
    if (host.startsWith("[") || host.indexOf(':') >= 0) {
      return Optional.of(ipv6Literal(host));
    }
    if (!HOST_NAME.matcher(host).matches()) {
      throw refused(host, "is not a valid host name");
    }
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = name.split("\\.", -1);
    return isNumeric(parts[parts.length - 1])
        ? Optional.of(ipv4Literal(host, parts))
        : Optional.empty();
  }

  private static boolean isNumeric(String part) {
    return DECIMAL.matcher(part).matches() || HEX.matcher(part).matches();
  }

  /** Reads an IPv4 literal as inet_aton does, refusing octal-looking parts. */
  private static InetAddress ipv4Literal(String host, String[] parts) throws RefusedTarget {
    for (String part : parts) {
      if (LEADING_ZERO.matcher(part).matches()) {
        throw refused(host, "has a leading zero in an IPv4 part");
      }
    }
    if (parts.length > 4) {
      throw refused(host, "is not a valid IPv4 address");
    }
    long address = 0;
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      int bits = last ? 8 * (4 - i) : 8;
      long value = partValue(host, parts[i], bits);
      address |= last ? value : value << (24 - 8 * i);
    }
    return addressOf(
        new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        });
  }

  private static long partValue(String host, String part, int bits) throws RefusedTarget {
    boolean hex = HEX.matcher(part).matches();
    String digits = hex ? part.substring(2) : part;
    if (digits.isEmpty() || !(hex || DECIMAL.matcher(part).matches())) {
      throw refused(host, "is not a valid IPv4 address");
    }
    BigInteger value = new BigInteger(digits, hex ? 16 : 10);
    if (value.bitLength() > bits) {
      throw refused(host, "is not a valid IPv4 address");
    }
    return value.longValueExact();
  }

  private static InetAddress ipv6Literal(String host) throws RefusedTarget {
    boolean bracketed = host.length() > 2 && host.startsWith("[") && host.endsWith("]");
    String text = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!IPV6_TEXT.matcher(text).matches()) {
      throw refused(host, "is not a valid IPv6 address");
    }
    String tail = text.substring(text.lastIndexOf(':') + 1);
    if (tail.indexOf('.') >= 0) {
      checkDottedQuad(host, tail);
    }
    try {
      // Brackets make the JDK require a literal, so this never consults DNS.
      return InetAddress.getByName("[" + text + "]");
    } catch (UnknownHostException e) {
      throw refused(host, "is not a valid IPv6 address");
    }
  }

  /** The JDK reads {@code 0177} in an embedded IPv4 part as decimal, others refuse it. */
  private static void checkDottedQuad(String host, String quad) throws RefusedTarget {
    String[] parts = quad.split("\\.", -1);
    for (String part : parts) {
      if (LEADING_ZERO.matcher(part).matches()) {
        throw refused(host, "has a leading zero in an IPv4 part");
      }
      if (!DECIMAL.matcher(part).matches() || part.length() > 3 || Integer.parseInt(part) > 255) {
        throw refused(host, "is not a valid IPv6 address");
      }
    }
    if (parts.length != 4) {
      throw refused(host, "is not a valid IPv6 address");
    }
  }

  private List<InetAddress> lookUp(String host) throws RefusedTarget {
    List<InetAddress> answers;
    try {
      answers = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw refused(host, "does not resolve");
    }
    if (answers.isEmpty()) {
      throw refused(host, "does not resolve");
    }
    return List.copyOf(answers);
  }

  private static RefusedTarget refused(String host, String problem) {
    return new RefusedTarget("url host '" + host + "' " + problem);
  }

  private static String withArticle(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private static InetAddress addressOf(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4 or 16 byte address is always valid", e);
    }
  }

  /** Looks up the addresses of a host name. */
  @FunctionalInterface
  public interface Resolver {

    /**
     * Returns every address of {@code host}, a name as written in the URL (never a literal).
     *
     * @throws UnknownHostException when the name has no addresses
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /**
   * A URL or host that must not be connected to. The message is lowercase, names the refused value
   * and is fit to show to the API user.
   */
  public static final class RefusedTarget extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates a refusal with a lowercase message that names the refused value. */
    public RefusedTarget(String message) {
      super(requireNonNull(message, "message"));
    }
  }
}
