package io.clicktrail.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.clicktrail.webhook.UrlGuard.RefusedTarget;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Examples for {@link UrlGuard} and {@link GuardedAddressResolver}. Nothing here connects anywhere
 * or asks real DNS: names go to stub resolvers, and addresses are built from literals.
 */
class UrlGuardTest {

  /** A resolver for guards that must only ever see literals. */
  private static final UrlGuard.Resolver NO_LOOKUP =
      host -> {
        throw new AssertionError("resolver asked about " + host);
      };

  private final UrlGuard guard = new UrlGuard(false, NO_LOOKUP);
  private final UrlGuard permissive = new UrlGuard(true, NO_LOOKUP);

  private final UrlGuard withDns =
      new UrlGuard(
          false,
          dns(
              Map.of(
                  "hooks.example", List.of(ip("93.184.215.14"), ip("2606:2800:21f:cb07::1")),
                  "hooks.example.", List.of(ip("93.184.215.14")),
                  "mixed.example", List.of(ip("93.184.215.14"), ip("10.0.0.5")),
                  "v6local.example", List.of(ip("2606:2800:21f:cb07::1"), ip("fd00::5")),
                  "localhost", List.of(ip("127.0.0.1"), ip("::1")),
                  "empty.example", List.of())));

  @ParameterizedTest
  @CsvSource({
    "0.0.0.0, unspecified",
    "0.255.255.255, unspecified",
    "10.0.0.0, private",
    "10.255.255.255, private",
    "100.64.0.0, cgnat",
    "100.127.255.255, cgnat",
    "127.0.0.1, loopback",
    "127.255.255.254, loopback",
    "169.254.169.254, link-local",
    "172.16.0.0, private",
    "172.31.255.255, private",
    "192.0.0.8, reserved",
    "192.0.2.1, documentation",
    "192.88.99.1, reserved",
    "192.168.1.1, private",
    "198.18.0.0, benchmarking",
    "198.19.255.255, benchmarking",
    "198.51.100.7, documentation",
    "203.0.113.9, documentation",
    "224.0.0.1, multicast",
    "239.255.255.250, multicast",
    "240.0.0.1, reserved",
    "255.255.255.254, reserved",
    "255.255.255.255, broadcast",
  })
  void refusal_blockedIpv4_namesItsClass(String address, String name) {
    assertThat(SpecialAddresses.refusal(ip(address))).contains(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.0.0.0",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.1.255",
        "192.0.3.0",
        "192.88.98.255",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "198.51.99.255",
        "203.0.112.255",
        "223.255.255.255",
      })
  void refusal_publicIpv4_isEmpty(String address) {
    assertThat(SpecialAddresses.refusal(ip(address))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "::, unspecified",
    "::1, loopback",
    "fc00::1, private",
    "fdff:ffff::1, private",
    "fe80::1, link-local",
    "febf:ffff::1, link-local",
    "fec0::1, site-local",
    "ff02::1, multicast",
    "ff0e::1, multicast",
    "100::1, reserved",
    "64:ff9b:1::a00:1, reserved",
    "1fff:ffff::1, reserved",
    "4000::1, reserved",
    "2001:db8::1, documentation",
    "2001:db8:ffff::1, documentation",
    "2001::1, reserved",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, reserved",
    "2001:2::1, benchmarking",
    "2001:10::1, reserved",
    "2001:20::1, reserved",
    "2001:1ff:ffff::1, reserved",
    "3fff::1, documentation",
    "3fff:fff:ffff::1, documentation",
    "5f00::1, reserved",
    "::ffff:127.0.0.1, loopback",
    "::ffff:a00:1, private",
    "::127.0.0.1, loopback",
    "::a00:1, private",
    "::0.0.0.2, unspecified",
    "64:ff9b::a00:1, private",
    "64:ff9b::7f00:1, loopback",
    "64:ff9b::a9fe:a9fe, link-local",
    "2002:a00:1::, private",
    "2002:7f00:1:ffff::1, loopback",
    "2002:c0a8:101::1, private",
    "2002:e000:1::, multicast",
  })
  void refusal_blockedIpv6_namesItsClass(String address, String name) {
    assertThat(SpecialAddresses.refusal(ip(address))).contains(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2606:4700::1111",
        "2a00:1450:4001::200e",
        "2001:200::1",
        "2001:db7:ffff::1",
        "2001:db9::1",
        "3fff:1000::1",
        "3ffe::1",
        "3fff:ffff::1",
        "2000::1",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "::808:808",
        "::ffff:8.8.8.8",
      })
  void refusal_publicIpv6_isEmpty(String address) {
    assertThat(SpecialAddresses.refusal(ip(address))).isEmpty();
  }

  @Test
  void refusal_ipv4MappedKeptAsInet6Address_isJudgedByItsIpv4() throws Exception {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = 127;
    bytes[15] = 1;
    InetAddress mapped = Inet6Address.getByAddress(null, bytes, -1);

    assertThat(mapped).isInstanceOf(Inet6Address.class);
    assertThat(SpecialAddresses.refusal(mapped)).contains("loopback");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://2130706433/ | url host '2130706433' is a loopback address",
        "http://0x7f000001/ | url host '0x7f000001' is a loopback address",
        "http://0X7F000001/ | url host '0X7F000001' is a loopback address",
        "http://0x00007f000001/ | url host '0x00007f000001' is a loopback address",
        "http://127.1/ | url host '127.1' is a loopback address",
        "http://127.0.1/ | url host '127.0.1' is a loopback address",
        "http://0x7f.1/ | url host '0x7f.1' is a loopback address",
        "http://0x7f.0.0.1/ | url host '0x7f.0.0.1' is a loopback address",
        "http://0x7f.0x0.0x0.0x1/ | url host '0x7f.0x0.0x0.0x1' is a loopback address",
        "http://127.0.0.1./ | url host '127.0.0.1.' is a loopback address",
        "http://167772161/ | url host '167772161' is a private address",
        "http://10.1/ | url host '10.1' is a private address",
        "http://0xa.0.1/ | url host '0xa.0.1' is a private address",
        "http://0/ | url host '0' is an unspecified address",
        "http://0.0.0.0:8080/ | url host '0.0.0.0' is an unspecified address",
        "http://4294967295/ | url host '4294967295' is a broadcast address",
        "https://169.254.169.254/latest/meta-data/ | "
            + "url host '169.254.169.254' is a link-local address",
        "http://100.64.1.1/ | url host '100.64.1.1' is a cgnat address",
        "http://[::1]/ | url host '[::1]' is a loopback address",
        "http://[0:0:0:0:0:0:0:1]:8080/ | url host '[0:0:0:0:0:0:0:1]' is a loopback address",
        "http://[::]/ | url host '[::]' is an unspecified address",
        "http://[::ffff:127.0.0.1]/ | url host '[::ffff:127.0.0.1]' is a loopback address",
        "http://[::ffff:7f00:1]/ | url host '[::ffff:7f00:1]' is a loopback address",
        "http://[::FFFF:A00:1]/ | url host '[::FFFF:A00:1]' is a private address",
        "http://[::127.0.0.1]/ | url host '[::127.0.0.1]' is a loopback address",
        "http://[::a00:1]/ | url host '[::a00:1]' is a private address",
        "http://[64:ff9b::a00:1]/ | url host '[64:ff9b::a00:1]' is a private address",
        "http://[64:ff9b::10.0.0.1]/ | url host '[64:ff9b::10.0.0.1]' is a private address",
        "http://[2002:a00:1::]/ | url host '[2002:a00:1::]' is a private address",
        "http://[FE80::1]/ | url host '[FE80::1]' is a link-local address",
        "http://[FC00:0:0:0:0:0:0:1]/ | url host '[FC00:0:0:0:0:0:0:1]' is a private address",
        "http://[fd00:0000:0000::0001]/ | url host '[fd00:0000:0000::0001]' is a private address",
        "http://[2001:db8::1]/ | url host '[2001:db8::1]' is a documentation address",
      })
  void checkUrl_blockedLiteralInAnySpelling_isRefusedByClass(String url, String problem) {
    assertThat(guard.checkUrl(url)).contains(problem);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0177.0.0.1",
        "010.1.1.1",
        "0x7f.01",
        "00",
        "08.8.8.8",
        "8.8.8.010",
        "017700000001",
        "0127.0.0.1.",
        "[::ffff:0177.0.0.1]",
        "[64:ff9b::010.0.0.1]",
      })
  void checkUrl_leadingZeroIpv4Part_isRefusedEvenWhenPrivateIsAllowed(String host) {
    String problem = "url host '" + host + "' has a leading zero in an IPv4 part";

    assertThat(guard.checkUrl("http://" + host + "/")).contains(problem);
    assertThat(permissive.checkUrl("http://" + host + "/")).contains(problem);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.256",
        "256.1.1.1",
        "1.2.3.4.5",
        "4294967296",
        "0x100000000",
        "256.1",
        "1.16777216",
        "1.2.65536",
        "example.123",
        "0x",
        "1.0x.2.3",
      })
  void checkUrl_malformedIpv4_isRefused(String host) {
    assertThat(permissive.checkUrl("http://" + host + "/"))
        .contains("url host '" + host + "' is not a valid IPv4 address");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"[::1::2]", "[1:2:3:4:5:6:7:8:9]", "[::ffff:1.2.3]", "[::1%eth0]", "[::1", "::g"})
  void resolve_malformedIpv6_isRefused(String host) {
    assertThatThrownBy(() -> permissive.resolve(host))
        .isInstanceOf(RefusedTarget.class)
        .hasMessage("url host '" + host + "' is not a valid IPv6 address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1::2]", "[1:2:3:4:5:6:7:8:9]", "[::ffff:1.2.3]", "[::1%25eth0]"})
  void checkUrl_malformedIpv6_isRefused(String host) {
    assertThat(permissive.checkUrl("http://" + host + "/")).isPresent();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://hooks.example/ | url 'ftp://hooks.example/' must be http or https",
        "file:///etc/passwd | url 'file:///etc/passwd' must be http or https",
        "gopher://hooks.example:70/ | url 'gopher://hooks.example:70/' must be http or https",
        "/hooks | url '/hooks' must be http or https",
        "hooks.example/x | url 'hooks.example/x' must be http or https",
        "http:///hooks | url 'http:///hooks' has no host",
        "http:hooks.example | url 'http:hooks.example' has no host",
        "http://hooks example/ | url 'http://hooks example/' is not a valid url",
        "http://hooks.example\\@10.0.0.1/ | url is not a valid url",
        "http://user:secret@hooks.example/ | url must not contain a user name or password",
        "http://user@hooks.example/ | url must not contain a user name or password",
        "http://@10.0.0.1/ | url must not contain a user name or password",
        "http://hooks.example:0/ | url port '0' must be a number from 1 to 65535",
        "http://hooks.example:65536/ | url port '65536' must be a number from 1 to 65535",
        "http://hooks.example:123456/ | url port '123456' must be a number from 1 to 65535",
        "http://hooks.example:/ | url port '' must be a number from 1 to 65535",
        "http://hooks.example:http/ | url port 'http' must be a number from 1 to 65535",
        "http://[::1]:99999/ | url port '99999' must be a number from 1 to 65535",
        "http://%31%32%37.0.0.1/ | url host '%31%32%37.0.0.1' is not a valid host name",
        "http://hooks..example/ | url host 'hooks..example' is not a valid host name",
      })
  void checkUrl_badSyntax_namesTheProblem(String url, String problem) {
    assertThat(withDns.checkUrl(url)).contains(problem);
  }

  @Test
  void checkUrl_tooLong_isRefused() {
    String url = "https://hooks.example/" + "a".repeat(UrlGuard.MAX_URL_LENGTH);

    assertThat(withDns.checkUrl(url))
        .contains("url is " + url.length() + " characters long; the limit is 2048");
  }

  @Test
  void checkUrl_atLengthLimit_isAccepted() {
    String prefix = "https://hooks.example/";
    String url = prefix + "a".repeat(UrlGuard.MAX_URL_LENGTH - prefix.length());

    assertThat(withDns.checkUrl(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://hooks.example/hooks",
        "HTTPS://hooks.example:443/hooks?x=1#f",
        "http://hooks.example:1/",
        "http://hooks.example:65535/",
        "http://hooks.example./",
        "http://93.184.215.14/",
        "http://1572394766/",
        "http://[2606:4700::1111]:8443/",
        "http://[2606:4700:0:0:0:0:0:1111]/",
        "http://[2606:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[64:ff9b::808:808]/",
        "http://[2002:808:808::]/",
      })
  void checkUrl_publicTarget_isAccepted(String url) {
    assertThat(withDns.checkUrl(url)).isEmpty();
  }

  @Test
  void checkUrl_nameWithOnePublicAndOnePrivateAnswer_isRefusedWhole() {
    assertThat(withDns.checkUrl("https://mixed.example/hooks"))
        .contains("url host 'mixed.example' resolves to a private address");
    assertThat(withDns.checkUrl("https://v6local.example/hooks"))
        .contains("url host 'v6local.example' resolves to a private address");
    assertThat(withDns.checkUrl("http://localhost:8080/"))
        .contains("url host 'localhost' resolves to a loopback address");
  }

  @Test
  void checkUrl_unknownOrEmptyName_doesNotResolve() {
    assertThat(withDns.checkUrl("https://nowhere.example/"))
        .contains("url host 'nowhere.example' does not resolve");
    assertThat(withDns.checkUrl("https://empty.example/"))
        .contains("url host 'empty.example' does not resolve");
  }

  @Test
  void checkUrl_privateAllowed_acceptsLoopbackButStillChecksSyntaxAndNames() {
    UrlGuard allowing = new UrlGuard(true, dns(Map.of("localhost", List.of(ip("127.0.0.1")))));

    assertThat(allowing.checkUrl("http://localhost:8080/hooks")).isEmpty();
    assertThat(allowing.checkUrl("http://127.0.0.1:8080/hooks")).isEmpty();
    assertThat(allowing.checkUrl("http://[::1]:8080/hooks")).isEmpty();
    assertThat(allowing.checkUrl("http://10.1.2.3/")).isEmpty();
    assertThat(allowing.checkUrl("http://nowhere.example/")).isPresent();
    assertThat(allowing.checkUrl("ftp://localhost/")).isPresent();
    assertThat(allowing.checkUrl("http://u:p@localhost/")).isPresent();
  }

  @Test
  void resolve_privateAllowed_returnsTheLiteralsAddress() throws Exception {
    assertThat(permissive.resolve("127.1")).containsExactly(ip("127.0.0.1"));
    assertThat(permissive.resolve("[::1]")).containsExactly(ip("::1"));
    assertThat(permissive.resolve("::1")).containsExactly(ip("::1"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "134744072",
        "0x08080808",
        "0X8080808",
        "8.526344",
        "8.8.2056",
        "0x8.0x8.0x8.0x8",
        "8.0x8.8.0x8",
        "0x8.8.2056",
        "8.8.8.8."
      })
  void resolve_publicIpv4Spellings_returnExactlyThatAddress(String host) throws Exception {
    List<InetAddress> addresses = guard.resolve(host);

    assertThat(addresses).containsExactly(ip("8.8.8.8"));
    assertThat(addresses.get(0)).isInstanceOf(Inet4Address.class);
  }

  @Test
  void resolve_name_returnsEveryAnswerInOrder() throws Exception {
    assertThat(withDns.resolve("hooks.example"))
        .containsExactly(ip("93.184.215.14"), ip("2606:2800:21f:cb07::1"));
    assertThat(withDns.resolve("hooks.example.")).containsExactly(ip("93.184.215.14"));
  }

  @Test
  void resolve_refusedName_throwsWithTheProblem() {
    assertThatThrownBy(() -> withDns.resolve("mixed.example"))
        .isInstanceOf(RefusedTarget.class)
        .hasMessage("url host 'mixed.example' resolves to a private address");
  }

  @Test
  void resolve_literals_neverAskTheResolver() throws Exception {
    List<String> asked = new ArrayList<>();
    UrlGuard recording =
        new UrlGuard(
            true,
            host -> {
              asked.add(host);
              return List.of(ip("93.184.215.14"));
            });

    for (String host :
        List.of(
            "127.0.0.1",
            "2130706433",
            "0x7f000001",
            "127.1",
            "0x7f.1",
            "8.8.8.8.",
            "[::1]",
            "[::ffff:127.0.0.1]",
            "[64:ff9b::a00:1]",
            "[2002:a00:1::]")) {
      recording.resolve(host);
      recording.checkUrl("http://" + host + ":8080/x");
    }
    for (String host : List.of("0177.0.0.1", "1.2.3.256", "example.1", "[::g]")) {
      assertThat(recording.checkUrl("http://" + host + "/")).isPresent();
    }
    recording.resolve("hooks.example");

    assertThat(asked).containsExactly("hooks.example");
  }

  @Nested
  class GuardedAddressResolverExamples {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final GuardedAddressResolver resolver = new GuardedAddressResolver(withDns, tasks::add);

    @Test
    void resolve_publicName_yieldsEveryCheckedAddressWithThePortOnTheExecutor() {
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      resolver.resolve("hooks.example", 8443, Map.of(), promise);

      assertThat(promise).isNotDone();
      runTasks();
      assertThat(promise.join())
          .containsExactly(
              new InetSocketAddress(ip("93.184.215.14"), 8443),
              new InetSocketAddress(ip("2606:2800:21f:cb07::1"), 8443));
    }

    @Test
    void resolve_nameWithAPrivateAnswer_failsWithRefusedTarget() {
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      resolver.resolve("mixed.example", 443, Map.of(), promise);
      runTasks();

      assertThat(failure(promise))
          .isInstanceOf(RefusedTarget.class)
          .hasMessage("url host 'mixed.example' resolves to a private address");
    }

    @Test
    void resolve_numericSpellingOfLoopback_failsWithRefusedTarget() {
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      resolver.resolve("0x7f.1", 80, Map.of(), promise);
      runTasks();

      assertThat(failure(promise)).isInstanceOf(RefusedTarget.class);
    }

    @Test
    void resolve_unbracketedIpv6Literal_isChecked() {
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      resolver.resolve("::1", 80, Map.of(), promise);
      runTasks();

      assertThat(failure(promise))
          .isInstanceOf(RefusedTarget.class)
          .hasMessage("url host '::1' is a loopback address");
    }

    @Test
    void resolve_rejectingExecutor_failsThePromise() {
      GuardedAddressResolver rejecting =
          new GuardedAddressResolver(
              withDns,
              task -> {
                throw new RejectedExecutionException("shut down");
              });
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      rejecting.resolve("hooks.example", 443, Map.of(), promise);

      assertThat(failure(promise)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void resolve_portOutOfRange_failsThePromise() {
      Promise.Completable<List<InetSocketAddress>> promise = new Promise.Completable<>();

      resolver.resolve("hooks.example", 70000, Map.of(), promise);
      runTasks();

      assertThat(failure(promise)).isInstanceOf(IllegalArgumentException.class);
    }

    private void runTasks() {
      for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
        task.run();
      }
    }
  }

  static Throwable failure(Promise.Completable<?> promise) {
    assertThat(promise).isCompletedExceptionally();
    Throwable thrown = catchThrowable(promise::join);
    assertThat(thrown).isInstanceOf(CompletionException.class);
    return thrown.getCause();
  }

  /** A stub resolver over a fixed zone; unknown names do not resolve. */
  static UrlGuard.Resolver dns(Map<String, List<InetAddress>> zone) {
    return host -> {
      List<InetAddress> answers = zone.get(host);
      if (answers == null) {
        throw new UnknownHostException(host);
      }
      return answers;
    };
  }

  /** Parses an IP literal; brackets make the JDK refuse anything but a literal, so no DNS. */
  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
