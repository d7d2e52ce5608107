package io.clicktrail.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.clicktrail.message.MessagePricing;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricingCategoryTest {

  @ParameterizedTest
  @CsvSource({
    "authentication, AUTHENTICATION",
    "authentication-international, AUTHENTICATION_INTERNATIONAL",
    "authentication_international, AUTHENTICATION_INTERNATIONAL",
    "marketing, MARKETING",
    "marketing_lite, MARKETING",
    "service, SERVICE",
    "utility, UTILITY",
    "UTILITY, UTILITY",
    "' Marketing ', MARKETING",
  })
  void fromMeta_metaCategory_mapsPerSection7(String meta, PricingCategory expected) {
    assertThat(PricingCategory.fromMeta(meta)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "referral_conversion",
        "authentication_interational",
        "free",
        "marketing lite"
      })
  void fromMeta_unknownCategory_isEmpty(String meta) {
    assertThat(PricingCategory.fromMeta(meta)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(PricingCategory.class)
  void fromMeta_analyticsCategoryStoredByTheMessageView_mapsToItself(PricingCategory category) {
    String stored = MessagePricing.analyticsCategory(category.name().toLowerCase(Locale.ROOT));

    assertThat(PricingCategory.fromMeta(stored)).contains(category);
  }

  @ParameterizedTest
  @CsvSource({
    "AUTHENTICATION, AUTHENTICATION",
    "authentication_international, AUTHENTICATION_INTERNATIONAL",
    "AUTHENTICATION_INTERATIONAL, AUTHENTICATION_INTERNATIONAL",
    "authentication_interational, AUTHENTICATION_INTERNATIONAL",
    "Marketing, MARKETING",
    "service, SERVICE",
    "' uTiLiTy ', UTILITY",
  })
  void parseFilter_anyCase_andMetasMisspelling_areAccepted(String name, PricingCategory expected) {
    assertThat(PricingCategory.parseFilter(name)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "marketing_lite", "authentication-international", "AUTH", "MARKETING,UTILITY"})
  void parseFilter_otherNames_areEmpty(String name) {
    assertThat(PricingCategory.parseFilter(name)).isEmpty();
  }

  @Test
  void values_areTheFiveOfSection8_4() {
    assertThat(PricingCategory.values())
        .extracting(Enum::name)
        .containsExactly(
            "AUTHENTICATION", "AUTHENTICATION_INTERNATIONAL", "MARKETING", "SERVICE", "UTILITY");
  }

  @Property(tries = 500)
  void parseFilter_anyString_neverThrows(@ForAll String name) {
    assertThat(PricingCategory.parseFilter(name)).isNotNull();
    assertThat(PricingCategory.fromMeta(name)).isNotNull();
  }
}
