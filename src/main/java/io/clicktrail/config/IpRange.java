package io.clicktrail.config;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One IP address or CIDR range. Host bits below the prefix are cleared, so {@code 10.1.2.3/8} is
 * {@code 10.0.0.0/8}. Never touches DNS.
 *
 * @param address the first address of the range
 * @param prefixLength how many leading bits an address must share with {@code address}
 */
public record IpRange(InetAddress address, int prefixLength) {
  private static final Pattern IPV4 =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern DOT = Pattern.compile("\\.");
  private static final int IPV4_MAPPED_PREFIX = 96;

  public IpRange {
    requireNonNull(address, "address");
    int bits = address.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " must be between 0 and " + bits);
    }
    address = masked(address, prefixLength);
  }

  /**
   * Parses an IP literal ({@code 10.0.0.1}, {@code ::1}) or a CIDR range ({@code 10.0.0.0/8},
   * {@code fd00::/8}).
   *
   * @throws IllegalArgumentException if the text is not one; the message names the text
   */
  public static IpRange parse(String text) {
    requireNonNull(text, "text");
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = parseAddress(addressText);
    int bits = address.getAddress().length * 8;
    if (slash < 0) {
      return new IpRange(address, bits);
    }
    String prefixText = trimmed.substring(slash + 1);
    int prefix = prefixText.matches("0|[1-9][0-9]{0,2}") ? Integer.parseInt(prefixText) : -1;
    if (address instanceof Inet4Address && addressText.contains(":")) {
      // ::ffff:a.b.c.d comes back as IPv4; its prefix counts the 96 mapping bits too.
      prefix = prefix < IPV4_MAPPED_PREFIX ? -1 : prefix - IPV4_MAPPED_PREFIX;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException(
          "'" + text + "' has a bad prefix length '" + prefixText + "'");
    }
    return new IpRange(address, prefix);
  }

  /**
   * Parses an IPv4 literal in dotted-decimal form or an IPv6 literal (no brackets, no zone). Host
   * names are rejected without any DNS lookup.
   *
   * @throws IllegalArgumentException if the text is not such a literal; the message names it
   */
  public static InetAddress parseAddress(String text) {
    requireNonNull(text, "text");
    try {
      if (IPV4.matcher(text).matches()) {
        byte[] bytes = new byte[4];
        String[] parts = DOT.split(text, -1);
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(parts[i]);
          if (part > 255) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
          }
          bytes[i] = (byte) part;
        }
        return InetAddress.getByAddress(bytes);
      }
      if (IPV6.matcher(text).matches()) {
        // Brackets make InetAddress treat the text as an IPv6 literal and never resolve it.
        return InetAddress.getByName("[" + text + "]");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address", e);
    }
    throw new IllegalArgumentException("'" + text + "' is not an IP address");
  }

  /** Whether the address lies in this range; an address of the other family never does. */
  public boolean contains(InetAddress candidate) {
    requireNonNull(candidate, "candidate");
    byte[] mine = address.getAddress();
    byte[] theirs = candidate.getAddress();
    return mine.length == theirs.length && masked(candidate, prefixLength).equals(address);
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefixLength;
  }
}
