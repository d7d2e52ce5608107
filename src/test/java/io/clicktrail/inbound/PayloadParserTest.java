package io.clicktrail.inbound;

import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clicktrail.http.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The payload model: every documented message type, exact raw values, strictness where needed. */
class PayloadParserTest {
  private static String envelope(String value) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":102290129340398,"
        + "\"time\":1750275992,\"changes\":[{\"value\":"
        + value
        + ",\"field\":\"messages\"}]}]}";
  }

  private static ChangeValue value(String value) {
    List<ParsedChange> changes = PayloadParser.parse(envelope(value).getBytes(UTF_8));
    assertThat(changes).hasSize(1);
    return changes.get(0).value();
  }

  private static final String EVERY_TYPE =
      """
      {"messaging_product":"whatsapp","future_field":{"x":[1,2]},
       "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
       "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234","identity_key_hash":"DF2l"}],
       "messages":[
        {"from":"16505551234","id":"m1","timestamp":"1","type":"text","text":{"body":"hi"},
         "context":{"forwarded":true,"frequently_forwarded":true}},
        {"from":"16505551234","id":"m2","timestamp":"1","type":"image",
         "image":{"caption":"pic","mime_type":"image/jpeg","sha256":"abc","id":"media1"}},
        {"from":"16505551234","id":"m3","timestamp":"1","type":"audio",
         "audio":{"mime_type":"audio/ogg; codecs=opus","sha256":"a","id":"media2","voice":true}},
        {"from":"16505551234","id":"m4","timestamp":"1","type":"video","video":{"id":"v","caption":"vid"}},
        {"from":"16505551234","id":"m5","timestamp":"1","type":"document",
         "document":{"id":"d","filename":"a.pdf","caption":"doc"}},
        {"from":"16505551234","id":"m6","timestamp":"1","type":"sticker",
         "sticker":{"id":"s","animated":false,"mime_type":"image/webp"}},
        {"from":"16505551234","id":"m7","timestamp":"1","type":"location",
         "location":{"latitude":38.9,"longitude":-77.03,"name":"Office","address":"1 Main St"}},
        {"from":"16505551234","id":"m8","timestamp":"1","type":"contacts",
         "contacts":[{"name":{"formatted_name":"Ann Lee","first_name":"Ann"},
           "phones":[{"phone":"+1 555","wa_id":"1555","type":"HOME"}],
           "emails":[{"email":"a@b.example","type":"WORK"}],"birthday":"2000-01-01",
           "org":{"company":"X"}}]},
        {"from":"16505551234","id":"m9","timestamp":"1","type":"interactive",
         "interactive":{"type":"list_reply","list_reply":{"id":"r1","title":"Row","description":"d"}}},
        {"from":"16505551234","id":"m10","timestamp":"1","type":"interactive",
         "interactive":{"type":"button_reply","button_reply":{"id":"b1","title":"Yes"}},
         "context":{"from":"15550783881","id":"wamid.T"}},
        {"from":"16505551234","id":"m11","timestamp":"1","type":"button",
         "button":{"payload":"p","text":"Contact Support"},"context":{"from":"15550783881","id":"wamid.T"}},
        {"from":"16505551234","id":"m12","timestamp":"1","type":"reaction",
         "reaction":{"message_id":"wamid.T","emoji":"\\uD83D\\uDE00"}},
        {"from":"16505551234","id":"m13","timestamp":"1","type":"order",
         "order":{"catalog_id":"c","text":"cart","product_items":[
           {"product_retailer_id":"di9ozbzfi4","quantity":2,"item_price":12.5,"currency":"USD"}]}},
        {"from":"16505551234","id":"m14","timestamp":"1","type":"system",
         "system":{"body":"changed number","new_wa_id":"16505550000","type":"user_changed_number"}},
        {"from":"16505551234","id":"m15","timestamp":"1","type":"unsupported",
         "errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown",
           "error_data":{"details":"Message type is currently not supported."}}],
         "unsupported":{"type":"poll"}},
        {"from":"16505551234","id":"m16","timestamp":"1","type":"text","text":{"body":"ad"},
         "referral":{"source_url":"https://fb.me/x","source_id":"120226305854810726",
           "source_type":"ad","body":"b","headline":"h","media_type":"video",
           "video_url":"https://v","thumbnail_url":"https://t","ctwa_clid":"clid",
           "welcome_message":{"text":"Hi there!"}}},
        {"from":"16505551234","id":"m17","timestamp":"1","type":"text","text":{"body":"product?"},
         "context":{"from":"15550783881","id":"wamid.P",
           "referred_product":{"catalog_id":"194836987003835","product_retailer_id":"di9ozbzfi4"}}}
       ],
       "statuses":[{"id":"wamid.S","status":"failed","timestamp":"1750275000",
         "recipient_id":"16505551234","biz_opaque_callback_data":"cb",
         "conversation":{"id":"c1","expiration_timestamp":"1750361400","origin":{"type":"marketing"}},
         "pricing":{"billable":true,"pricing_model":"PMP","category":"marketing","type":"regular"},
         "errors":[{"code":131026,"title":"Message undeliverable"}]}],
       "user_actions":[{"action_type":"marketing_messages_link_click","timestamp":"1750275992",
         "marketing_messages_link_click_data":{"click_component":"cta","product_id":"p",
           "click_id":"c1f0","tracking_token":"t"}}]}
      """;

  @Test
  void everyDocumentedMessageType_bindsIntoTheModel() {
    ChangeValue v = value(EVERY_TYPE);

    assertThat(v.metadata().phoneNumberId()).isEqualTo("106540352242922");
    assertThat(v.contacts().get(0).profile().name()).isEqualTo("Sheena Nelson");
    List<InboundMessage> m = v.messages();
    assertThat(m).hasSize(17);
    assertThat(m.get(0).context().forwarded()).isTrue();
    assertThat(m.get(1).summary()).isEqualTo("pic");
    assertThat(m.get(2).audio().voice()).isTrue();
    assertThat(m.get(3).summary()).isEqualTo("vid");
    assertThat(m.get(4).document().filename()).isEqualTo("a.pdf");
    assertThat(m.get(5).sticker().animated()).isFalse();
    assertThat(m.get(6).location().longitude()).isEqualTo(-77.03);
    assertThat(m.get(7).contacts().get(0).phones().get(0).waId()).isEqualTo("1555");
    assertThat(m.get(8).summary()).isEqualTo("Row");
    assertThat(m.get(8).pressedButtonText()).isNull();
    assertThat(m.get(9).pressedButtonText()).isEqualTo("Yes");
    assertThat(m.get(10).pressedButtonText()).isEqualTo("Contact Support");
    assertThat(m.get(10).context().id()).isEqualTo("wamid.T");
    assertThat(m.get(11).reaction().emoji()).isEqualTo("😀");
    assertThat(m.get(12).order().productItems().get(0).quantity()).isEqualTo("2");
    assertThat(m.get(12).order().productItems().get(0).itemPrice()).isEqualTo("12.5");
    assertThat(m.get(13).system().newWaId()).isEqualTo("16505550000");
    assertThat(m.get(14).errors().get(0).errorData().details()).contains("not supported");
    assertThat(m.get(14).unsupported().type()).isEqualTo("poll");
    assertThat(m.get(15).referral().welcomeMessage().text()).isEqualTo("Hi there!");
    assertThat(m.get(16).context().referredProduct().productRetailerId()).isEqualTo("di9ozbzfi4");
    StatusUpdate s = v.statuses().get(0);
    assertThat(s.conversation().origin().type()).isEqualTo("marketing");
    assertThat(s.pricing().billable()).isTrue();
    assertThat(s.errors().get(0).code()).isEqualTo(131026);
    assertThat(v.userActions().get(0).marketingMessagesLinkClickData().clickId()).isEqualTo("c1f0");
  }

  @Test
  void rawValue_isExactlyTheTextReceived() {
    String value =
        "{ \"messaging_product\" : \"whatsapp\",\n\t\"note\": \"} { \\\" \\u00e9 é\","
            + " \"n\": 1.50e3, \"statuses\": [] }";

    ParsedChange c = PayloadParser.parse(envelope(value).getBytes(UTF_8)).get(0);

    assertThat(c.rawValue()).isEqualTo(value);
    assertThat(c.wabaId()).isEqualTo("102290129340398");
    assertThat(c.field()).isEqualTo("messages");
  }

  @Test
  void severalEntriesAndChanges_keepTheirOrderAndEntryIds() {
    String body =
        "{\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"a\":1}},"
            + "{\"field\":\"x\",\"value\":{\"b\":2}}],\"id\":\"1\"},"
            + "{\"id\":\"2\",\"changes\":[{\"value\":{\"c\":3},\"field\":\"messages\"}]}],"
            + "\"object\":\"whatsapp_business_account\"}";

    List<ParsedChange> changes = PayloadParser.parse(body.getBytes(UTF_8));

    assertThat(changes)
        .extracting(ParsedChange::wabaId, ParsedChange::field, ParsedChange::rawValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", "messages", "{\"a\":1}"),
            org.assertj.core.groups.Tuple.tuple("1", "x", "{\"b\":2}"),
            org.assertj.core.groups.Tuple.tuple("2", "messages", "{\"c\":3}"));
    assertThat(changes.get(1).value()).isNull();
  }

  @Test
  void duplicateKeys_andNonUtf8Bodies_areMalformed() {
    assertThatThrownBy(() -> PayloadParser.parse(envelope("{\"a\":1,\"a\":2}").getBytes(UTF_8)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> PayloadParser.parse(envelope("{\"a\":1}").getBytes(UTF_16)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void numericTimestampsAndIds_areAccepted_butFractionsAreNot() {
    ChangeValue v =
        value(
            "{\"statuses\":[{\"id\":\"w\",\"status\":\"sent\",\"timestamp\":1750275000,"
                + "\"recipient_id\":16505551234}]}");
    assertThat(v.statuses().get(0).timestamp()).isEqualTo("1750275000");
    assertThat(v.statuses().get(0).recipientId()).isEqualTo("16505551234");

    assertThatThrownBy(
            () ->
                value(
                    "{\"statuses\":[{\"id\":\"w\",\"status\":\"sent\","
                        + "\"timestamp\":1.75e9}]}"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("statuses[0].timestamp");
  }
}
