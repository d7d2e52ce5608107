package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.analytics.FieldRequest.ArrayArg;
import io.clicktrail.analytics.FieldRequest.Element;
import io.clicktrail.analytics.FieldRequest.IntegerArg;
import io.clicktrail.analytics.FieldRequest.IntegerElement;
import io.clicktrail.analytics.FieldRequest.Modifier;
import io.clicktrail.analytics.FieldRequest.StringElement;
import io.clicktrail.analytics.FieldRequest.WordArg;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldExpansionTest {

  private static final FieldRequest SEED_ANALYTICS =
      new FieldRequest(
          "analytics",
          List.of(
              new Modifier("start", new IntegerArg(1543543200)),
              new Modifier("end", new IntegerArg(1544148000)),
              new Modifier("granularity", new WordArg("DAY"))));

  private static ArrayArg strings(String... values) {
    return new ArrayArg(List.of(values).stream().<Element>map(StringElement::new).toList());
  }

  @Test
  void seedAnalytics_parsesNameAndModifiersInOrder() {
    assertThat(FieldExpansion.parse("analytics.start(1543543200).end(1544148000).granularity(DAY)"))
        .containsExactly(SEED_ANALYTICS);
  }

  @Test
  void seedAnalyticsAsWrittenInTheCurlExample_toleratesNewlinesAndIndentation() {
    String fields =
        "analytics\n      .start(1543543200)\n      .end(1544148000)\n      .granularity(DAY)\n";
    assertThat(FieldExpansion.parse(fields)).containsExactly(SEED_ANALYTICS);
  }

  @Test
  void seedMonthlyConversations_parsesEmptyArrayAndStringArray() {
    List<FieldRequest> fields =
        FieldExpansion.parse(
            "conversation_analytics.start(1685602800).end(1688194800).granularity(MONTHLY)"
                + ".phone_numbers([])"
                + ".dimensions([\"CONVERSATION_CATEGORY\",\"CONVERSATION_TYPE\",\"COUNTRY\",\"PHONE\"])");

    assertThat(fields)
        .containsExactly(
            new FieldRequest(
                "conversation_analytics",
                List.of(
                    new Modifier("start", new IntegerArg(1685602800)),
                    new Modifier("end", new IntegerArg(1688194800)),
                    new Modifier("granularity", new WordArg("MONTHLY")),
                    new Modifier("phone_numbers", new ArrayArg(List.of())),
                    new Modifier(
                        "dimensions",
                        strings(
                            "CONVERSATION_CATEGORY", "CONVERSATION_TYPE", "COUNTRY", "PHONE")))));
  }

  @Test
  void seedHalfHourConversations_keepsACommaInsideAStringInOneElement() {
    FieldRequest field =
        FieldExpansion.parse(
                "conversation_analytics.start(1685602800).end(1685689200).granularity(HALF_HOUR)"
                    + ".phone_numbers([\"19195552584\"])"
                    + ".dimensions([\"CONVERSATION_CATEGORY\",\"CONVERSATION_TYPE\",\"COUNTRY,PHONE\"])")
            .get(0);

    assertThat(field.argument("phone_numbers")).contains(strings("19195552584"));
    assertThat(field.argument("dimensions"))
        .contains(strings("CONVERSATION_CATEGORY", "CONVERSATION_TYPE", "COUNTRY,PHONE"));
  }

  @Test
  void seedConversationCategories_parses() {
    FieldRequest field =
        FieldExpansion.parse(
                "conversation_analytics\n  .start(1685527200)\n  .end(1685613600)\n"
                    + "  .granularity(HALF_HOUR)\n"
                    + "  .conversation_categories([\"MARKETING\",\"AUTHENTICATION\"])\n"
                    + "  .dimensions([\"CONVERSATION_CATEGORY\",\"CONVERSATION_TYPE\"])")
            .get(0);

    assertThat(field.argument("conversation_categories"))
        .contains(strings("MARKETING", "AUTHENTICATION"));
    assertThat(field.argument("granularity")).contains(new WordArg("HALF_HOUR"));
  }

  @Test
  void seedPricingExampleValues_parseWithMultiLineArrays() {
    FieldRequest field =
        FieldExpansion.parse(
                "pricing_analytics.start(1726014453).end(1728581152).granularity(DAY)"
                    + ".phone_numbers([\"15550783881\",\"15550783882\",\"15550783883\"])"
                    + ".country_codes([\n  \"US\",\n  \"BR\"\n])"
                    + ".metric_types([\"COST\",\"VOLUME\"])"
                    + ".pricing_types([\"REGULAR\",\"FREE_CUSTOMER_SERVICE\"])"
                    + ".pricing_categories([\"AUTHENTICATION\",\"MARKETING\",\"UTILITY\"])"
                    + ".dimensions([\"PRICING_CATEGORY\",\"PRICING_TYPE\",\"COUNTRY\"])")
            .get(0);

    assertThat(field.name()).isEqualTo("pricing_analytics");
    assertThat(field.modifiers()).extracting(Modifier::name).hasSize(9);
    assertThat(field.argument("country_codes")).contains(strings("US", "BR"));
    assertThat(field.argument("end")).contains(new IntegerArg(1728581152));
  }

  @Test
  void integerArrays_parseAsIntegerElements() {
    assertThat(
            FieldExpansion.parse("analytics.product_types([0, 2])")
                .get(0)
                .argument("product_types"))
        .contains(new ArrayArg(List.of(new IntegerElement(0), new IntegerElement(2))));
  }

  @Test
  void severalFields_splitOnlyOnTopLevelCommas() {
    List<FieldRequest> fields =
        FieldExpansion.parse(
            "id, analytics.start(1).end(2).granularity(DAY).country_codes([\"US\",\"BR\"]),"
                + " pricing_analytics.dimensions([\"A,B\"]) ,name");

    assertThat(fields)
        .extracting(FieldRequest::name)
        .containsExactly("id", "analytics", "pricing_analytics", "name");
    assertThat(fields.get(1).argument("country_codes")).contains(strings("US", "BR"));
    assertThat(fields.get(2).argument("dimensions")).contains(strings("A,B"));
  }

  @Test
  void whitespaceBetweenEveryToken_isTolerated() {
    assertThat(
            FieldExpansion.parse(
                " \t analytics \n . start ( 1543543200 ) . end( 1544148000 )\r\n"
                    + " .granularity (\tDAY\t) "))
        .containsExactly(SEED_ANALYTICS);
  }

  @Test
  void percentEncodedExpression_isDecodedOnce() {
    String printed = SEED_ANALYTICS.expression() + ",id";
    String encoded = URLEncoder.encode(printed, StandardCharsets.UTF_8);
    assertThat(encoded).contains("%28");

    assertThat(FieldExpansion.parse(encoded))
        .containsExactly(SEED_ANALYTICS, new FieldRequest("id", List.of()));
  }

  @Test
  void percentEncodedArray_decodesUtf8() {
    assertThat(
            FieldExpansion.parse("analytics.phone_numbers(%5B%22%C3%A9%22%5D)")
                .get(0)
                .argument("phone_numbers"))
        .contains(strings("é"));
  }

  @Test
  void doublyEncodedExpression_isDecodedOnlyOnce() {
    assertThatThrownBy(() -> FieldExpansion.parse("analytics.start%2528"))
        .isInstanceOf(FieldExpansionException.class)
        .hasMessage("missing argument for modifier 'start' at position 15");
  }

  @Test
  void percentInAJsonString_printsEscapedAndRoundTrips() {
    FieldRequest field =
        new FieldRequest("x", List.of(new Modifier("y", strings("100%41 \"q\" \\ é"))));
    String printed = FieldExpansion.print(List.of(field));

    assertThat(printed).doesNotContain("%");
    assertThat(FieldExpansion.parse(printed)).containsExactly(field);
  }

  @Test
  void extremeIntegers_parse() {
    assertThat(
            FieldExpansion.parse("a.b(-9223372036854775808).c(9223372036854775807)")
                .get(0)
                .modifiers())
        .containsExactly(
            new Modifier("b", new IntegerArg(Long.MIN_VALUE)),
            new Modifier("c", new IntegerArg(Long.MAX_VALUE)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "``| fields is empty",
        "`   `| fields is empty",
        "analytics,,id| empty field at position 10",
        ",analytics| empty field at position 0",
        "analytics,| empty field at position 10",
        "`analytics, `| empty field at position 11",
        "analytics.start(1| unbalanced parenthesis: '(' at position 15 is never closed",
        "analytics.start((1)| unbalanced parenthesis: '(' at position 15 is never closed",
        "analytics.start(1))| unbalanced parenthesis: ')' at position 18 has no matching '('",
        "analytics)| unbalanced parenthesis: ')' at position 9 has no matching '('",
        "a.b([1)| unbalanced bracket: '[' at position 4 is never closed",
        "a.b([1| unbalanced bracket: '[' at position 4 is never closed",
        "a.b(1])| unbalanced bracket: ']' at position 5 has no matching '['",
        "a.b([1]])| unbalanced bracket: ']' at position 7 has no matching '['",
        "a]| unbalanced bracket: ']' at position 1 has no matching '['",
        "a.b([\"x)| unterminated string starting at position 5",
        "analytics.start()| missing argument for modifier 'start' at position 15",
        "analytics.start(  )| missing argument for modifier 'start' at position 15",
        "analytics.start| missing argument for modifier 'start' at position 15",
        "analytics.start.end(1)| missing argument for modifier 'start' at position 15",
        "analytics.| missing modifier name at position 10",
        "analytics.(1)| unexpected '(1)' at position 10 where a modifier name was expected",
        "(1)| unexpected '(1)' at position 0 where a field name was expected",
        "analytics.start(1)x| trailing garbage 'x' at position 18 after field 'analytics'",
        "analytics.start(1) x.y(2)| trailing garbage 'x.y(2)' at position 19 after field 'analytics'",
        "analytics{a,b}| trailing garbage '{a,b}' at position 9 after field 'analytics'",
        "analytics.granularity(DAY x)| trailing garbage 'x' at position 26 in argument of modifier 'granularity'",
        "a.b([1] [2])| trailing garbage '[2]' at position 8 in argument of modifier 'b'",
        "a.b(\"DAY\")| bad argument '\"DAY\"' for modifier 'b' at position 4; expected an integer, a word or a json array",
        "a.b([1,])| bad json array '[1,]' for modifier 'b' at position 4",
        "a.b([01])| bad json array '[01]' for modifier 'b' at position 4",
        "a.b([US])| bad json array '[US]' for modifier 'b' at position 4",
        "a.b([1.5])| bad json array for modifier 'b' at position 4: element 1.5 is not a string or an integer",
        "a.b([[1]])| bad json array for modifier 'b' at position 4: element [ is not a string or an integer",
        "a.b([null])| bad json array for modifier 'b' at position 4: element null is not a string or an integer",
        "a.b([{\"k\":1}])| bad json array for modifier 'b' at position 4: element { is not a string or an integer",
        "a.b([99999999999999999999])| b element 99999999999999999999 is not a number",
        "analytics.start(99999999999999999999)| start 99999999999999999999 is not a number",
        "analytics.start(12abc)| start 12abc is not a number",
        "analytics.start(1 2)| start 1 2 is not a number",
        "analytics.start(-)| start - is not a number",
        "analytics,analytics| duplicate field 'analytics' at position 10",
        "analytics.start(1).start(2)| duplicate modifier 'start' for field 'analytics' at position 19",
        "Analytics| field name 'Analytics' at position 0 must be lowercase letters and underscores",
        "analytics.Start(1)| modifier name 'Start' at position 10 must be lowercase letters and underscores",
        "analytics2| field name 'analytics2' at position 0 must be lowercase letters and underscores",
      })
  void malformedExpression_failsNamingTheProblem(String fields, String message) {
    assertThatThrownBy(() -> FieldExpansion.parse(fields))
        .isExactlyInstanceOf(FieldExpansionException.class)
        .hasMessage(message.strip());
  }

  @Test
  void longBadValues_areClippedInMessages() {
    String digits = "9".repeat(100);
    assertThatThrownBy(() -> FieldExpansion.parse("a.start(" + digits + ")"))
        .hasMessage("start " + "9".repeat(32) + "… is not a number");
  }
}
