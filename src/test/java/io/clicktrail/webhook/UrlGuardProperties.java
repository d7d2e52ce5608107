package io.clicktrail.webhook;

import static io.clicktrail.webhook.UrlGuardTest.dns;
import static io.clicktrail.webhook.UrlGuardTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.webhook.UrlGuard.RefusedTarget;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.eclipse.jetty.util.Promise;

/**
 * Properties of {@link UrlGuard} and {@link GuardedAddressResolver} over generated addresses and
 * spellings. Nothing here connects anywhere or asks real DNS: literals never reach a resolver, and
 * names go to stubs.
 */
class UrlGuardProperties {

  private static final UrlGuard.Resolver NO_LOOKUP =
      host -> {
        throw new AssertionError("resolver asked about " + host);
      };

  /** The refused IPv4 ranges of SPEC §6.1, written out again as an oracle apart from the guard. */
  private static final List<String> BLOCKED_V4 =
      List.of(
          "0.0.0.0/8",
          "10.0.0.0/8",
          "100.64.0.0/10",
          "127.0.0.0/8",
          "169.254.0.0/16",
          "172.16.0.0/12",
          "192.0.0.0/24",
          "192.0.2.0/24",
          "192.88.99.0/24",
          "192.168.0.0/16",
          "198.18.0.0/15",
          "198.51.100.0/24",
          "203.0.113.0/24",
          "224.0.0.0/4",
          "240.0.0.0/4",
          "255.255.255.255/32");

  /** Refused IPv6 prefixes that embed no IPv4 address, so every address in them is refused. */
  private static final List<String> BLOCKED_V6 =
      List.of(
          "100::/8",
          "100::/64",
          "64:ff9b:1::/48",
          "1000::/4",
          "2001::/23",
          "2001::/32",
          "2001:2::/48",
          "2001:10::/28",
          "2001:db8::/32",
          "3fff::/20",
          "4000::/2",
          "5f00::/16",
          "8000::/1",
          "fc00::/7",
          "fe80::/10",
          "fec0::/10",
          "ff00::/8");

  /** Prefixes inside 2000::/3 that are refused or judged by an embedded IPv4 address. */
  private static final List<String> NOT_PLAIN_GLOBAL_V6 =
      List.of("2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20", "5f00::/16");

  private final UrlGuard guard = new UrlGuard(false, NO_LOOKUP);
  private final UrlGuard permissive = new UrlGuard(true, NO_LOOKUP);
  private final GuardedAddressResolver guarded = new GuardedAddressResolver(guard, Runnable::run);

  @Property
  void blockedIpv4_inEverySpelling_isRefused(@ForAll("blockedV4") int address) {
    List<String> hosts =
        Stream.of(ipv4Spellings(address), embeddedSpellings(address), leadingZeroSpellings(address))
            .flatMap(List::stream)
            .toList();
    for (String host : hosts) {
      assertThat(guard.checkUrl("http://" + host + ":8080/hook")).as(host).isPresent();
      assertThatThrownBy(() -> guard.resolve(host)).as(host).isInstanceOf(RefusedTarget.class);
      assertThat(failure(resolveGuarded(guarded, host, 443))).isInstanceOf(RefusedTarget.class);
    }
  }

  @Property
  void publicIpv4_inEveryPlainSpelling_isAcceptedAsExactlyItself(@ForAll("publicV4") int address)
      throws RefusedTarget {
    for (String host : ipv4Spellings(address)) {
      assertThat(guard.checkUrl("https://" + host + "/hook")).as(host).isEmpty();
      assertThat(guard.resolve(host)).as(host).containsExactly(v4(address));
    }
    for (String host : embeddedSpellings(address)) {
      assertThat(guard.checkUrl("https://" + host + "/hook")).as(host).isEmpty();
    }
  }

  @Property
  void anyIpv4_inEveryPlainSpelling_resolvesToExactlyItself(@ForAll int address)
      throws RefusedTarget {
    for (String host : ipv4Spellings(address)) {
      assertThat(permissive.resolve(host)).as(host).containsExactly(v4(address));
    }
  }

  @Property
  void anyIpv4_withALeadingZeroPart_isRefusedEvenWhenPrivateIsAllowed(@ForAll int address) {
    for (String host : leadingZeroSpellings(address)) {
      assertThat(permissive.checkUrl("http://" + host + "/"))
          .contains("url host '" + host + "' has a leading zero in an IPv4 part");
    }
  }

  @Property
  void blockedIpv6_inAnyNotation_isRefused(@ForAll("blockedV6") Inet6Address address) {
    assertThat(SpecialAddresses.refusal(address)).as(address.toString()).isPresent();
    for (String text : ipv6Notations(address)) {
      String host = "[" + text + "]";
      assertThat(guard.checkUrl("https://" + host + ":8443/hook")).as(host).isPresent();
      assertThatThrownBy(() -> guard.resolve(host)).as(host).isInstanceOf(RefusedTarget.class);
    }
  }

  @Property
  void publicIpv6_inAnyNotation_isAcceptedAsExactlyItself(@ForAll("publicV6") Inet6Address address)
      throws RefusedTarget {
    for (String text : ipv6Notations(address)) {
      String host = "[" + text + "]";
      assertThat(guard.checkUrl("https://" + host + ":8443/hook")).as(host).isEmpty();
      assertThat(guard.resolve(host)).as(host).containsExactly(address);
    }
  }

  @Property
  void guardedResolver_publicAnswers_yieldsExactlyThemWithThePort(
      @ForAll("publicAnswers") List<InetAddress> answers,
      @ForAll @IntRange(min = 1, max = 65535) int port) {
    GuardedAddressResolver resolver = resolverFor(answers);

    List<InetSocketAddress> targets = resolveGuarded(resolver, "svc.example", port).join();

    assertThat(targets)
        .containsExactlyElementsOf(
            answers.stream().map(a -> new InetSocketAddress(a, port)).toList());
    assertThat(targets).noneMatch(InetSocketAddress::isUnresolved);
  }

  @Property
  void guardedResolver_anyBlockedAnswer_failsThePromise(
      @ForAll("publicAnswers") List<InetAddress> answers,
      @ForAll("blockedAddress") InetAddress blocked,
      @ForAll @IntRange(min = 0, max = 4) int position,
      @ForAll @IntRange(min = 1, max = 65535) int port) {
    List<InetAddress> mixed = new ArrayList<>(answers);
    mixed.add(position % (answers.size() + 1), blocked);

    Throwable failure = failure(resolveGuarded(resolverFor(mixed), "svc.example", port));

    assertThat(failure)
        .isInstanceOf(RefusedTarget.class)
        .hasMessageStartingWith("url host 'svc.example' resolves to a");
  }

  @Provide
  Arbitrary<Integer> blockedV4() {
    return Arbitraries.of(BLOCKED_V4)
        .flatMap(
            cidr -> {
              long size = 1L << (32 - prefixLength(cidr));
              return Arbitraries.longs()
                  .between(0, size - 1)
                  .map(offset -> v4Prefix(cidr) + (int) (long) offset);
            });
  }

  @Provide
  Arbitrary<Integer> publicV4() {
    return Arbitraries.integers().filter(address -> !isBlockedV4(address));
  }

  @Provide
  Arbitrary<Inet6Address> blockedV6() {
    return Arbitraries.of(BLOCKED_V6)
        .flatMap(
            cidr ->
                Arbitraries.longs()
                    .tuple2()
                    .map(bits -> v6(withPrefix(cidr, bits.get1()), bits.get2())));
  }

  @Provide
  Arbitrary<Inet6Address> publicV6() {
    return Arbitraries.longs()
        .map(high -> high >>> 3 | 0x2000_0000_0000_0000L)
        .filter(high -> NOT_PLAIN_GLOBAL_V6.stream().noneMatch(cidr -> v6Contains(cidr, high)))
        .flatMap(high -> Arbitraries.longs().map(low -> v6(high, low)));
  }

  @Provide
  Arbitrary<List<InetAddress>> publicAnswers() {
    Arbitrary<InetAddress> v4 = publicV4().map(UrlGuardProperties::v4);
    Arbitrary<InetAddress> v6 = publicV6().map(InetAddress.class::cast);
    return Arbitraries.oneOf(List.of(v4, v6)).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<InetAddress> blockedAddress() {
    Arbitrary<InetAddress> v4 = blockedV4().map(UrlGuardProperties::v4);
    Arbitrary<InetAddress> v6 = blockedV6().map(InetAddress.class::cast);
    return Arbitraries.oneOf(List.of(v4, v6));
  }

  /** Spellings inet_aton reads as {@code address}, none with a leading-zero part. */
  static List<String> ipv4Spellings(int address) {
    int[] b = bytesOf(address);
    String dotted = b[0] + "." + b[1] + "." + b[2] + "." + b[3];
    String hex = Integer.toHexString(address);
    return List.of(
        dotted,
        dotted + ".",
        Integer.toUnsignedString(address),
        "0x" + hex,
        "0X" + hex.toUpperCase(Locale.ROOT),
        String.format(Locale.ROOT, "0x%010x", address),
        b[0] + "." + b[1] + "." + (address & 0xffff),
        b[0] + "." + (address & 0xffffff),
        hex(b[0]) + "." + hex(b[1]) + "." + hex(b[2]) + "." + hex(b[3]),
        hex(b[0]) + "." + (address & 0xffffff),
        b[0] + "." + hex(b[1]) + "." + b[2] + "." + hex(b[3]),
        hex(b[0]) + "." + b[1] + "." + hex(address & 0xffff));
  }

  /** IPv6 literals that embed {@code address}: mapped, compatible, NAT64 and 6to4. */
  static List<String> embeddedSpellings(int address) {
    int[] b = bytesOf(address);
    String dotted = b[0] + "." + b[1] + "." + b[2] + "." + b[3];
    String high = Integer.toHexString(address >>> 16);
    String low = Integer.toHexString(address & 0xffff);
    String upper = (high + ":" + low).toUpperCase(Locale.ROOT);
    return List.of(
        "[::ffff:" + dotted + "]",
        "[::ffff:" + high + ":" + low + "]",
        "[0:0:0:0:0:FFFF:" + upper + "]",
        "[::" + dotted + "]",
        "[::" + high + ":" + low + "]",
        "[64:ff9b::" + dotted + "]",
        "[64:ff9b::" + high + ":" + low + "]",
        "[0064:FF9B:0000:0000:0000:0000:" + upper + "]",
        "[2002:" + high + ":" + low + "::]",
        "[2002:" + upper + ":1:2:3:4:5]");
  }

  /** Spellings of {@code address} with at least one part written with a leading zero. */
  static List<String> leadingZeroSpellings(int address) {
    int[] b = bytesOf(address);
    return List.of(
        octal(b[0]) + "." + octal(b[1]) + "." + octal(b[2]) + "." + octal(b[3]),
        "0" + Long.toOctalString(Integer.toUnsignedLong(address)),
        octal(b[0]) + "." + b[1] + "." + b[2] + "." + b[3],
        b[0] + "." + b[1] + "." + b[2] + ".0" + b[3],
        hex(b[0]) + "." + octal(address & 0xffffff),
        "[::ffff:" + b[0] + "." + b[1] + "." + b[2] + ".0" + b[3] + "]");
  }

  /** Full, upper-case, zero-padded and zero-compressed notations of {@code address}. */
  static List<String> ipv6Notations(Inet6Address address) {
    byte[] bytes = address.getAddress();
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 16; i += 2) {
      groups.add(Integer.toHexString((bytes[i] & 0xff) << 8 | (bytes[i + 1] & 0xff)));
    }
    String full = String.join(":", groups);
    String padded =
        String.join(":", groups.stream().map(g -> "0".repeat(4 - g.length()) + g).toList());
    return List.of(full, full.toUpperCase(Locale.ROOT), padded, compressed(groups));
  }

  /** Replaces the longest run of two or more zero groups with {@code ::}. */
  private static String compressed(List<String> groups) {
    int bestStart = -1;
    int bestLength = 1;
    for (int start = 0; start < groups.size(); start++) {
      int end = start;
      while (end < groups.size() && groups.get(end).equals("0")) {
        end++;
      }
      if (end - start > bestLength) {
        bestStart = start;
        bestLength = end - start;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    return String.join(":", groups.subList(0, bestStart))
        + "::"
        + String.join(":", groups.subList(bestStart + bestLength, groups.size()));
  }

  private GuardedAddressResolver resolverFor(List<InetAddress> answers) {
    UrlGuard stubbed = new UrlGuard(false, dns(Map.of("svc.example", answers)));
    return new GuardedAddressResolver(stubbed, Runnable::run);
  }

  private static Promise.Completable<List<InetSocketAddress>> resolveGuarded(
      GuardedAddressResolver resolver, String host, int port) {
    Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();
    resolver.resolve(host, port, Map.of(), promise);
    return promise;
  }

  private static boolean isBlockedV4(int address) {
    return BLOCKED_V4.stream()
        .anyMatch(cidr -> (address ^ v4Prefix(cidr)) >>> (32 - prefixLength(cidr)) == 0);
  }

  private static int v4Prefix(String cidr) {
    int prefix = 0;
    for (String part : cidr.substring(0, cidr.indexOf('/')).split("\\.", -1)) {
      prefix = prefix << 8 | Integer.parseInt(part);
    }
    return prefix;
  }

  private static int prefixLength(String cidr) {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  private static long v6High(String cidr) {
    byte[] bytes = UrlGuardTest.ip(cidr.substring(0, cidr.indexOf('/'))).getAddress();
    long high = 0;
    for (int i = 0; i < 8; i++) {
      high = high << 8 | (bytes[i] & 0xff);
    }
    return high;
  }

  private static boolean v6Contains(String cidr, long high) {
    return (high ^ v6High(cidr)) >>> (64 - prefixLength(cidr)) == 0;
  }

  private static long withPrefix(String cidr, long random) {
    long mask = -1L << (64 - prefixLength(cidr));
    return (v6High(cidr) & mask) | (random & ~mask);
  }

  private static Inet6Address v6(long high, long low) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static InetAddress v4(int address) {
    int[] b = bytesOf(address);
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) b[0], (byte) b[1], (byte) b[2], (byte) b[3]});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static int[] bytesOf(int address) {
    return new int[] {
      address >>> 24, (address >>> 16) & 0xff, (address >>> 8) & 0xff, address & 0xff
    };
  }

  private static String hex(int value) {
    return "0x" + Integer.toHexString(value);
  }

  private static String octal(int value) {
    return "0" + Integer.toOctalString(value);
  }
}
