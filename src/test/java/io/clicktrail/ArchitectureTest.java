package io.clicktrail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of the style guide, kept true by the build. */
class ArchitectureTest {
  private static final String[] FEATURES = {
    "io.clicktrail.account..",
    "io.clicktrail.catalog..",
    "io.clicktrail.message..",
    "io.clicktrail.track..",
    "io.clicktrail.ops..",
    "io.clicktrail.demo..",
    "io.clicktrail.webhook..",
    "io.clicktrail.inbound..",
    "io.clicktrail.attribution.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.clicktrail");
  }

  @Test
  void packages_haveNoCycles() {
    slices().matching("io.clicktrail.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void http_knowsNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("io.clicktrail.http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(classes);
  }

  @Test
  void storeAndEventLog_knowNoFeature() {
    noClasses()
        .that()
        .resideInAnyPackage("io.clicktrail.store..", "io.clicktrail.event..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(classes);
  }

  @Test
  void adapters_areConstructedOnlyByTheWiring() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.clicktrail", "io.clicktrail.store..", "io.clicktrail.event..")
        .should()
        .callConstructor(
            io.clicktrail.event.SqliteEventLog.class,
            io.clicktrail.store.Store.class,
            java.time.InstantSource.class)
        .orShould()
        .callMethod(io.clicktrail.store.SqliteStore.class, "open", java.nio.file.Path.class)
        .check(classes);
  }
}
