package io.clicktrail.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The address classes an outbound webhook connection must not reach: IPv4 and IPv6 special-purpose
 * blocks (loopback, private, link-local, CGNAT, multicast, reserved, unspecified, documentation,
 * benchmarking), with IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4)
 * judged by that address. Pure functions of the address bytes.
 */
final class SpecialAddresses {
  private SpecialAddresses() {}

  private static final List<Block4> BLOCKED_V4 =
      List.of(
          Block4.of("0.0.0.0/8", "unspecified"),
          Block4.of("10.0.0.0/8", "private"),
          Block4.of("100.64.0.0/10", "cgnat"),
          Block4.of("127.0.0.0/8", "loopback"),
          Block4.of("169.254.0.0/16", "link-local"),
          Block4.of("172.16.0.0/12", "private"),
          Block4.of("192.0.0.0/24", "reserved"),
          Block4.of("192.0.2.0/24", "documentation"),
          Block4.of("192.88.99.0/24", "reserved"),
          Block4.of("192.168.0.0/16", "private"),
          Block4.of("198.18.0.0/15", "benchmarking"),
          Block4.of("198.51.100.0/24", "documentation"),
          Block4.of("203.0.113.0/24", "documentation"),
          Block4.of("224.0.0.0/4", "multicast"),
          Block4.of("255.255.255.255/32", "broadcast"),
          Block4.of("240.0.0.0/4", "reserved"));

  /** Refused IPv6 blocks, all at most 64 bits long; everything outside 2000::/3 is refused too. */
  private static final List<Block6> BLOCKED_V6 =
      List.of(
          Block6.of("2001:db8::/32", "documentation"),
          Block6.of("2001:2::/48", "benchmarking"),
          Block6.of("2001::/23", "reserved"),
          Block6.of("3fff::/20", "documentation"),
          // SRv6 SIDs: outside 2000::/3 already, listed because they look global.
          Block6.of("5f00::/16", "reserved"),
          Block6.of("fc00::/7", "private"),
          Block6.of("fe80::/10", "link-local"),
          Block6.of("fec0::/10", "site-local"),
          Block6.of("ff00::/8", "multicast"));

  private static final long NAT64_HIGH = 0x0064_ff9b_0000_0000L;
  private static final long SIX_TO_FOUR_PREFIX = 0x2002;

  /**
   * Returns the name of the address class that refuses {@code address} ("loopback", "private",
   * "link-local", "cgnat", "multicast", "broadcast", "reserved", "unspecified", "documentation",
   * "benchmarking", "site-local"), or empty when it is public unicast. Embedded IPv4 forms are
   * judged by their IPv4 address.
   */
  static Optional<String> refusal(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 ? refusalV4(bits32(bytes, 0)) : refusalV6(bytes);
  }

  private static Optional<String> refusalV4(int address) {
    return BLOCKED_V4.stream().filter(b -> b.contains(address)).map(Block4::name).findFirst();
  }

  private static Optional<String> refusalV6(byte[] bytes) {
    long high = bits64(bytes, 0);
    long low = bits64(bytes, 8);
    if (high == 0 && low == 0) {
      return Optional.of("unspecified");
    }
    if (high == 0 && low == 1) {
      return Optional.of("loopback");
    }
    OptionalInt embedded = embeddedV4(high, low);
    if (embedded.isPresent()) {
      return refusalV4(embedded.getAsInt());
    }
    Optional<String> blocked =
        BLOCKED_V6.stream().filter(b -> b.contains(high)).map(Block6::name).findFirst();
    boolean globalUnicast = high >>> 61 == 1;
    return blocked.isPresent() || globalUnicast ? blocked : Optional.of("reserved");
  }

  /** The IPv4 address inside a mapped, compatible, NAT64 or 6to4 address. */
  private static OptionalInt embeddedV4(long high, long low) {
    long marker = low >>> 32;
    boolean mappedOrCompatible = high == 0 && (marker == 0 || marker == 0xffff);
    boolean nat64 = high == NAT64_HIGH && marker == 0;
    if (mappedOrCompatible || nat64) {
      return OptionalInt.of((int) low);
    }
    if (high >>> 48 == SIX_TO_FOUR_PREFIX) {
      return OptionalInt.of((int) (high >>> 16));
    }
    return OptionalInt.empty();
  }

  private static int bits32(byte[] bytes, int from) {
    return (int) bitsOf(bytes, from, 4);
  }

  private static long bits64(byte[] bytes, int from) {
    return bitsOf(bytes, from, 8);
  }

  private static long bitsOf(byte[] bytes, int from, int count) {
    long bits = 0;
    for (int i = from; i < from + count; i++) {
      bits = bits << 8 | (bytes[i] & 0xff);
    }
    return bits;
  }

  /** An IPv4 block: the top {@code length} bits equal those of {@code prefix}. */
  private record Block4(int prefix, int length, String name) {

    static Block4 of(String cidr, String name) {
      int slash = cidr.indexOf('/');
      int prefix = 0;
      for (String part : cidr.substring(0, slash).split("\\.", -1)) {
        prefix = prefix << 8 | Integer.parseInt(part);
      }
      return new Block4(prefix, Integer.parseInt(cidr.substring(slash + 1)), name);
    }

    boolean contains(int address) {
      return (address ^ prefix) >>> (32 - length) == 0;
    }
  }

  /** An IPv6 block of at most 64 bits, matched against an address's upper 64 bits. */
  private record Block6(long prefix, int length, String name) {

    static Block6 of(String cidr, String name) {
      int slash = cidr.indexOf('/');
      byte[] bytes = literalBytes(cidr.substring(0, slash));
      return new Block6(bits64(bytes, 0), Integer.parseInt(cidr.substring(slash + 1)), name);
    }

    private static byte[] literalBytes(String literal) {
      try {
        return InetAddress.getByName("[" + literal + "]").getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + literal + "' is not an IPv6 literal", e);
      }
    }

    boolean contains(long high) {
      return (high ^ prefix) >>> (64 - length) == 0;
    }
  }
}
