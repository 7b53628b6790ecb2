package io.ebb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of the design (docs/architecture.md), checked on the compiled classes: a new import that
 * breaks one fails the build instead of slowly tangling the packages.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.ebb");
  }

  @Test
  void theInterestMathImportsNothingOfTheProjectNorPekko() {
    noClasses().that().resideInAPackage("io.ebb.interest..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "io.ebb.api..", "io.ebb.app..", "io.ebb.user..", "io.ebb.rank..",
            "io.ebb.catalog..", "io.ebb.replay..", "io.ebb.llm..", "io.ebb.model..", "io.ebb.settings..",
            "io.ebb.cluster..", "io.ebb.cassandra..", "io.ebb.bench..", "com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void theServingModelIsPureJava() {
    noClasses().that().resideInAPackage("io.ebb.model..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "com.datastax..", "io.ebb.api..", "io.ebb.app..", "io.ebb.user..",
            "io.ebb.catalog..", "io.ebb.replay..", "io.ebb.llm..", "io.ebb.settings..", "io.ebb.cluster..")
        .check(classes);
  }

  @Test
  void nothingButTheCompositionRootImportsTheApi() {
    noClasses().that().resideOutsideOfPackages("io.ebb.api..", "io.ebb.app..")
        .should().dependOnClassesThat().resideInAPackage("io.ebb.api..")
        .check(classes);
  }

  @Test
  void theCatalogDoesNotKnowUsers() {
    noClasses().that().resideInAPackage("io.ebb.catalog..")
        .should().dependOnClassesThat().resideInAPackage("io.ebb.user..")
        .check(classes);
  }

  @Test
  void replayDoesNotImportTheApi() {
    noClasses().that().resideInAPackage("io.ebb.replay..")
        .should().dependOnClassesThat().resideInAnyPackage("io.ebb.api..", "io.ebb.app..")
        .check(classes);
  }

  @Test
  void theLlmCaptureImportsNeitherTheApiNorRanking() {
    noClasses().that().resideInAPackage("io.ebb.llm..")
        .should().dependOnClassesThat().resideInAnyPackage("io.ebb.api..", "io.ebb.rank..")
        .check(classes);
  }

  @Test
  void theRankingPipelineIsPure() {
    noClasses().that().haveFullyQualifiedName("io.ebb.rank.Ranker")
        .or().haveFullyQualifiedName("io.ebb.rank.Relevance")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.apache.pekko..", "com.datastax..", "io.ebb.catalog..", "io.ebb.user..")
        .check(classes);
  }

  @Test
  void theGroupedJournalWritesKnowNothingOfEbb() {
    noClasses().that().resideInAPackage("io.ebb.journal..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.ebb.api..", "io.ebb.app..", "io.ebb.user..", "io.ebb.rank..", "io.ebb.catalog..", "io.ebb.replay..",
            "io.ebb.interest..", "io.ebb.model..", "io.ebb.cluster..", "io.ebb.cassandra..")
        .check(classes);
  }
}
