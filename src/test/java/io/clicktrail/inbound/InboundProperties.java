package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clicktrail.testing.Fixtures;
import io.clicktrail.testing.SharedServer;
import io.clicktrail.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Correctly signed hostile payloads get 200 or 400, never a 5xx; a 400 writes nothing; and the
 * order and grouping in which Meta delivers statuses never changes the timeline. One server serves
 * every try.
 */
class InboundProperties {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static TestServer.Account acme;
  private static final SharedServer SHARED =
      new SharedServer(
          "inbound-properties",
          s -> {
            acme = s.createAccount(Fixtures.ACME_ID, "Acme");
            s.phoneNumber(acme, Fixtures.PHONE_ID, Fixtures.PHONE_DISPLAY);
          });

  private static TestServer server() {
    return SHARED.get();
  }

  @AfterContainer
  static void stop() throws IOException {
    SHARED.close();
  }

  // --- hostile input

  /** A payload using every part of the model, to be mutated. */
  private static ObjectNode base() {
    byte[] fixture = Inbound.fixture("inbound-ctwa-referral.json");
    try {
      ObjectNode root = (ObjectNode) TestServer.JSON.readTree(fixture);
      ObjectNode value = (ObjectNode) root.at("/entry/0/changes/0/value");
      value
          .putArray("statuses")
          .add(
              Inbound.priced(
                  Inbound.status("wamid.H" + IDS.incrementAndGet(), "sent", 1000, "16505551234"),
                  "conv",
                  "marketing"));
      value
          .putArray("user_actions")
          .add(
              TestServer.JSON
                  .readTree(Inbound.fixture("click-user-action.json"))
                  .at("/entry/0/changes/0/value/user_actions/0"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every container node of {@code root}, depth first. */
  private static List<ContainerNode<?>> containers(JsonNode root) {
    List<ContainerNode<?>> out = new ArrayList<>();
    if (root instanceof ContainerNode<?> c) {
      out.add(c);
      root.forEach(child -> out.addAll(containers(child)));
    }
    return out;
  }

  /** Replaces (or removes, when {@code value} is absent) a member of the chosen container. */
  private static void mutate(JsonNode root, int where, int member, Object value) {
    List<ContainerNode<?>> all = containers(root);
    ContainerNode<?> target = all.get(Math.floorMod(where, all.size()));
    JsonNode replacement = value == REMOVE ? null : TestServer.JSON.valueToTree(value);
    if (target instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(Math.floorMod(member, names.size()));
      if (replacement == null) {
        o.remove(name);
      } else {
        o.set(name, replacement);
      }
    } else if (target instanceof ArrayNode a && a.size() > 0) {
      int i = Math.floorMod(member, a.size());
      if (replacement == null) {
        a.remove(i);
      } else {
        a.set(i, replacement);
      }
    }
  }

  private static final Object REMOVE = new Object();

  @Property(tries = 150)
  void mutatedPayloads_get200Or400_andA400WritesNothing(
      @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Object>> mutations) {
    ObjectNode payload = base();
    for (Tuple.Tuple3<Integer, Integer, Object> m : mutations) {
      mutate(payload, m.get1(), m.get2(), m.get3());
    }
    Statistics.label("status").collect(check(payload.toString().getBytes(UTF_8)));
    Statistics.label("status")
        .coverage(
            c -> {
              c.check(200).percentage(p -> p >= 10);
              c.check(400).percentage(p -> p >= 10);
            });
  }

  @Property(tries = 100)
  void arbitraryBytes_get200Or400(@ForAll("bytes") byte[] body) {
    check(body);
  }

  /** Posts {@code body} signed; checks the answer and the store; returns the status. */
  private static int check(byte[] body) {
    TestServer s = server();
    Map<String, Long> before = s.rowCounts();

    TestServer.Response r = Inbound.post(s, acme, body);

    String sent = new String(body, UTF_8);
    assertThat(r.status()).as("%s → %s", sent, r.body()).isIn(200, 400);
    if (r.status() == 400) {
      assertThat(TestServer.graphErrorProblems(r.status(), r.body())).as(sent).isEmpty();
      assertThat(s.rowCounts()).as(sent).isEqualTo(before);
    } else {
      Inbound.awaitProjected(s);
    }
    return r.status();
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<Integer, Integer, Object>>> mutations() {
    Arbitrary<Object> replacement =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(REMOVE)),
            Tuple.of(1, Arbitraries.just((Object) "")),
            Tuple.of(2, Arbitraries.strings().ofMaxLength(8).map(x -> (Object) x)),
            Tuple.of(
                1,
                Arbitraries.of("sent", "read", "1750275000", "-1", "\u0000", "é🎉")
                    .map(x -> (Object) x)),
            Tuple.of(2, Arbitraries.longs().map(x -> (Object) x)),
            Tuple.of(1, Arbitraries.doubles().map(x -> (Object) x)),
            Tuple.of(1, Arbitraries.of(true, false).map(x -> (Object) x)),
            Tuple.of(1, Arbitraries.just((Object) List.of())),
            Tuple.of(1, Arbitraries.just((Object) Map.of())),
            Tuple.of(1, Arbitraries.just((Object) Map.of("id", 1, "status", List.of()))));
    return Combinators.combine(
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 1000),
            replacement)
        .as(Tuple::of)
        .list()
        .ofMinSize(0)
        .ofMaxSize(3);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    byte[] fixture = Inbound.fixture("inbound-text.json");
    Arbitrary<byte[]> flipped =
        Combinators.combine(
                Arbitraries.integers().between(0, fixture.length - 1), Arbitraries.bytes())
            .as(
                (at, b) -> {
                  byte[] raw = fixture.clone();
                  raw[at] = b;
                  return raw;
                });
    return Arbitraries.oneOf(random, flipped);
  }

  // --- order independence

  @Property(tries = 40)
  void statusTimelines_dependOnlyOnTheStatusesReceived(
      @ForAll("statusSets") List<Tuple.Tuple2<String, Integer>> statuses,
      @ForAll("seeds") long seed) {
    TestServer s = server();
    int n = IDS.incrementAndGet();
    String inOrder = "wamid.ORDERED" + n;
    String shuffled = "wamid.SHUFFLED" + n;
    post(
        s,
        statuses.stream()
            .map(x -> Inbound.status(inOrder, x.get1(), x.get2(), "1650555"))
            .toList());
    List<ObjectNode> again =
        new ArrayList<>(
            statuses.stream()
                .map(x -> Inbound.status(shuffled, x.get1(), x.get2(), "1650555"))
                .toList());
    again.addAll(List.copyOf(again)); // every status delivered twice
    java.util.Collections.shuffle(again, new java.util.Random(seed));
    for (int from = 0; from < again.size(); from += 3) {
      post(s, again.subList(from, Math.min(again.size(), from + 3)));
    }
    Inbound.awaitProjected(s);

    JsonNode a = s.get("/v1/messages/" + inOrder, acme.token()).json();
    JsonNode b = s.get("/v1/messages/" + shuffled, acme.token()).json();
    assertThat(b.get("statuses")).isEqualTo(a.get("statuses"));
    assertThat(b.get("status")).isEqualTo(a.get("status"));
    assertThat(b.get("sent_at")).isEqualTo(a.get("sent_at"));
  }

  private static void post(TestServer s, List<ObjectNode> statuses) {
    TestServer.Response r =
        Inbound.post(s, acme, Inbound.envelope(Fixtures.ACME_ID, Inbound.statusesValue(statuses)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, Integer>>> statusSets() {
    return Combinators.combine(
            Arbitraries.of("sent", "delivered", "read", "played", "failed", "deleted"),
            Arbitraries.integers().between(1000, 1010))
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }
}
