package io.clicktrail.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clicktrail.track.Engagement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Every notice survives storage unchanged, and nothing stored can make decoding fail other than
 * with an {@link IllegalArgumentException}.
 */
class NoticeCodecProperties {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // --- round trips

  @Property(tries = 500)
  void anyNotice_decodesToAnEqualNotice(@ForAll("notices") Notice notice) {
    assertThat(NoticeCodec.decode(NoticeCodec.encode(notice))).isEqualTo(notice);
  }

  @Property(tries = 200)
  void anyNotice_encodesToAsciiJsonNamingItsType(@ForAll("notices") Notice notice)
      throws JsonProcessingException {
    String encoded = NoticeCodec.encode(notice);

    assertThat(encoded.chars()).allMatch(c -> c >= 0x20 && c < 0x80);
    assertThat(MAPPER.readTree(encoded).get("type").asText()).isEqualTo(notice.type().wireName());
  }

  @Example
  void relay_withNestedValue_roundTrips() throws JsonProcessingException {
    JsonNode value =
        MAPPER.readTree(
            "{\"statuses\":[{\"id\":\"wamid.1\",\"errors\":[{\"code\":131047,\"n\":null}],"
                + "\"pricing\":{\"billable\":false,\"rate\":0.0125,\"big\":123456789012345678901234567890}}],"
                + "\"text\":\"\\u00e9\\ud83d\\ude00\"}");
    RelayNotice relay = new RelayNotice("1", EventType.STATUS, "wamid.1", 1, value);

    assertThat(NoticeCodec.decode(NoticeCodec.encode(relay))).isEqualTo(relay);
  }

  @Example
  void click_withEmptyListsAndNulls_roundTrips() {
    ClickNotice click =
        new ClickNotice(
            "",
            "",
            "",
            Long.MIN_VALUE,
            null,
            null,
            Integer.MAX_VALUE,
            "",
            "",
            "",
            "",
            "",
            Long.MAX_VALUE,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            List.of());

    assertThat(NoticeCodec.decode(NoticeCodec.encode(click))).isEqualTo(click);
  }

  @Example
  void absentOptionalKeys_decodeAsNull() {
    String encoded =
        "{\"v\":1,\"type\":\"opened\",\"account_id\":\"a\",\"message_id\":\"m\",\"at\":5,"
            + "\"open_id\":\"o\",\"classification\":\"human\",\"reason\":\"r\",\"recents\":[]}";

    assertThat(NoticeCodec.decode(encoded))
        .isEqualTo(
            new OpenNotice("a", "m", "o", 5, null, null, "human", "r", null, null, List.of()));
  }

  // --- hostile input

  @Property(tries = 1000)
  void anyString_decodesOrFailsWithIllegalArgument(@ForAll("hostile") String encoded) {
    Throwable thrown = catchThrowable(() -> NoticeCodec.decode(encoded));
    Statistics.collect(thrown == null ? "decoded" : "refused");

    if (thrown != null) {
      assertThat(thrown)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("notice");
    }
  }

  @Example
  void badInput_failsWithAMessageNamingTheProblem() {
    assertFails("", "notice must be a JSON object");
    assertFails("null", "notice must be a JSON object");
    assertFails("[1]", "notice must be a JSON object");
    assertFails("{\"v\":1} {}", "notice is not valid JSON");
    assertFails("{\"v\":1,\"v\":1}", "notice is not valid JSON");
    assertFails("[".repeat(100_000), "notice is not valid JSON");
    assertFails("{\"v\":2,\"type\":\"opened\"}", "notice encoding version 2 is unknown");
    assertFails("{\"v\":\"1\"}", "notice key 'v' must be a 64-bit integer");
    assertFails("{\"v\":1,\"type\":\"clicked\"}", "notice type 'clicked' is unknown");
    assertFails(
        "{\"v\":1,\"type\":\"status\",\"account_id\":\"a\",\"message_id\":\"m\",\"at\":1}",
        "notice key 'value' is missing");
  }

  @Example
  void wrongTypeInsideAList_isNamedByPath() {
    ClickNotice click =
        new ClickNotice(
            "a",
            "m",
            "k",
            1,
            null,
            null,
            0,
            "body",
            "u",
            "t",
            "human",
            "r",
            0,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            List.of(new Engagement.Recent(0, null, "0", 1, null)));
    String encoded = NoticeCodec.encode(click).replace("\"link_index\":\"0\"", "\"link_index\":0");

    assertFails(encoded, "notice key 'recents[0].link_index' must be a string");
  }

  private static void assertFails(String encoded, String message) {
    assertThatThrownBy(() -> NoticeCodec.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  // --- notices

  @Provide
  Arbitrary<Notice> notices() {
    return Arbitraries.oneOf(clicks(), opens(), relays());
  }

  private record ClickHead(
      String accountId,
      String messageId,
      String clickId,
      long at,
      String ip,
      String userAgent,
      int linkIndex,
      String component) {}

  private record ClickBody(
      String url,
      String trackingToken,
      String classification,
      String reason,
      long sequence,
      String phoneNumberId,
      String displayPhoneNumber,
      String productId) {}

  private record ClickTail(
      String grantId,
      String label,
      List<Engagement.LinkCount> linkData,
      List<Engagement.Recent> recents) {}

  private Arbitrary<ClickNotice> clicks() {
    Arbitrary<ClickHead> head =
        Combinators.combine(
                text(),
                text(),
                text(),
                Arbitraries.longs(),
                nullableText(),
                nullableText(),
                Arbitraries.integers(),
                text())
            .as(ClickHead::new);
    Arbitrary<ClickBody> body =
        Combinators.combine(
                text(),
                text(),
                text(),
                text(),
                Arbitraries.longs(),
                nullableText(),
                nullableText(),
                nullableText())
            .as(ClickBody::new);
    Arbitrary<ClickTail> tail =
        Combinators.combine(
                nullableText(),
                nullableText(),
                linkCounts().list().ofMaxSize(4),
                recentClicks().list().ofMaxSize(4))
            .as(ClickTail::new);
    return Combinators.combine(head, body, tail).as(NoticeCodecProperties::click);
  }

  private static ClickNotice click(ClickHead h, ClickBody b, ClickTail t) {
    return new ClickNotice(
        h.accountId(),
        h.messageId(),
        h.clickId(),
        h.at(),
        h.ip(),
        h.userAgent(),
        h.linkIndex(),
        h.component(),
        b.url(),
        b.trackingToken(),
        b.classification(),
        b.reason(),
        b.sequence(),
        b.phoneNumberId(),
        b.displayPhoneNumber(),
        b.productId(),
        t.grantId(),
        t.label(),
        t.linkData(),
        t.recents());
  }

  private Arbitrary<Engagement.LinkCount> linkCounts() {
    return Combinators.combine(Arbitraries.integers(), text()).as(Engagement.LinkCount::new);
  }

  private Arbitrary<Engagement.Recent> recentClicks() {
    return Combinators.combine(
            Arbitraries.longs(), nullableText(), text(), Arbitraries.longs(), nullableText())
        .as(Engagement.Recent::new);
  }

  private record OpenHead(
      String accountId,
      String messageId,
      String openId,
      long at,
      String ip,
      String userAgent,
      String classification,
      String reason) {}

  private Arbitrary<OpenNotice> opens() {
    Arbitrary<OpenHead> head =
        Combinators.combine(
                text(),
                text(),
                text(),
                Arbitraries.longs(),
                nullableText(),
                nullableText(),
                text(),
                text())
            .as(OpenHead::new);
    Arbitrary<Engagement.RecentOpen> recent =
        Combinators.combine(
                Arbitraries.longs(), nullableText(), Arbitraries.longs(), nullableText())
            .as(Engagement.RecentOpen::new);
    return Combinators.combine(head, nullableText(), nullableText(), recent.list().ofMaxSize(4))
        .as(
            (h, grantId, label, recents) ->
                new OpenNotice(
                    h.accountId(),
                    h.messageId(),
                    h.openId(),
                    h.at(),
                    h.ip(),
                    h.userAgent(),
                    h.classification(),
                    h.reason(),
                    grantId,
                    label,
                    recents));
  }

  private Arbitrary<RelayNotice> relays() {
    return Combinators.combine(
            text(),
            Arbitraries.of(EventType.STATUS, EventType.INBOUND),
            text(),
            Arbitraries.longs(),
            json())
        .as(RelayNotice::new);
  }

  /** Strings of every kind: any UTF-16 (lone surrogates too), astral, CJK, JSON-looking. */
  private static Arbitrary<String> text() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().all().ofMaxLength(12)),
        Tuple.of(3, Arbitraries.strings().ascii().ofMaxLength(12)),
        Tuple.of(1, Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMaxLength(6)),
        Tuple.of(
            2,
            Arbitraries.of(
                "",
                "😀",
                "\ud800",
                "x\udc00",
                "null",
                "\"",
                "\\u0000",
                "\u0000",
                "ünïcødé",
                "{\"v\":1}",
                "\u2028\u2029",
                "👩‍👩‍👧")));
  }

  private static Arbitrary<String> nullableText() {
    return text().injectNull(0.3);
  }

  // --- JSON values, as a parser would build them (relays hold parsed WhatsApp values)

  private static Arbitrary<JsonNode> json() {
    return Arbitraries.recursive(
        NoticeCodecProperties::jsonLeaf,
        inner ->
            Arbitraries.frequencyOf(
                Tuple.of(2, inner),
                Tuple.of(1, inner.list().ofMaxSize(4).map(NoticeCodecProperties::array)),
                Tuple.of(
                    2,
                    Arbitraries.maps(text(), inner)
                        .ofMaxSize(4)
                        .map(NoticeCodecProperties::object))),
        0,
        4);
  }

  private static Arbitrary<JsonNode> jsonLeaf() {
    BigInteger beyondLong = BigInteger.ONE.shiftLeft(63);
    return Arbitraries.oneOf(
        Arbitraries.just(NullNode.getInstance()),
        Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE),
        Arbitraries.integers().map(IntNode::valueOf),
        Arbitraries.longs().filter(l -> l != (int) (long) l).map(LongNode::valueOf),
        Arbitraries.bigIntegers()
            .between(beyondLong, beyondLong.shiftLeft(40))
            .map(
                b ->
                    (JsonNode)
                        BigIntegerNode.valueOf(
                            Math.random() < 0.5 ? b : b.negate().subtract(BigInteger.ONE))),
        Arbitraries.doubles().map(DoubleNode::valueOf),
        text().map(TextNode::valueOf));
  }

  private static JsonNode array(List<JsonNode> elements) {
    ArrayNode array = NODES.arrayNode();
    array.addAll(elements);
    return array;
  }

  private static JsonNode object(Map<String, JsonNode> fields) {
    ObjectNode object = NODES.objectNode();
    object.setAll(fields);
    return object;
  }

  // --- hostile strings

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
        Tuple.of(1, json().map(JsonNode::toString)),
        Tuple.of(3, textualMutations()),
        Tuple.of(4, structuralMutations()));
  }

  /** A valid encoding cut short, or with one character dropped, replaced or added. */
  private Arbitrary<String> textualMutations() {
    return Combinators.combine(
            notices().map(NoticeCodec::encode),
            Arbitraries.integers().between(0, 3),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.of('"', '{', '}', '[', ']', ',', ':', '\\', '0', '-', 'e', '.', 'n', ' '))
        .as(
            (encoded, kind, where, c) -> {
              int at = (int) (where * encoded.length());
              int next = Math.min(at + 1, encoded.length());
              return switch (kind) {
                case 0 -> encoded.substring(0, at);
                case 1 -> encoded.substring(0, at) + encoded.substring(next);
                case 2 -> encoded.substring(0, at) + c + encoded.substring(next);
                default -> encoded.substring(0, at) + c + encoded.substring(at);
              };
            });
  }

  /** A valid encoding with one key, at any depth, removed or given an arbitrary JSON value. */
  private Arbitrary<String> structuralMutations() {
    return Combinators.combine(
            notices().map(n -> parse(NoticeCodec.encode(n))),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().greaterOrEqual(0),
            json().injectNull(0.3))
        .as(
            (tree, where, which, replacement) -> {
              List<ObjectNode> objects = new ArrayList<>();
              collectObjects(tree, objects);
              ObjectNode target =
                  objects.get(Math.min(objects.size() - 1, (int) (where * objects.size())));
              List<String> names = new ArrayList<>();
              target.fieldNames().forEachRemaining(names::add);
              if (!names.isEmpty()) {
                String name = names.get(which % names.size());
                if (replacement == null) {
                  target.remove(name);
                } else {
                  target.set(name, replacement);
                }
              }
              return tree.toString();
            });
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode object) {
      out.add(object);
    }
    node.forEach(child -> collectObjects(child, out));
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
