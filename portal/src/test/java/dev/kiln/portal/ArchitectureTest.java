package dev.kiln.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;

/** The structure rules from the style guide; breaking one fails the build. */
class ArchitectureTest {

  static JavaClasses kiln;

  @BeforeAll
  static void importClasses() {
    kiln =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kiln");
  }

  @Test
  void featuresHaveNoCycles() {
    slices().matching("dev.kiln.portal.(*)..").should().beFreeOfCycles().check(kiln);
  }

  @Test
  void viewsNeverUseRepositories() {
    noClasses()
        .that()
        .resideInAPackage("..ui..")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Repository.class)
        .because("views call services; services own transactions and security")
        .check(kiln);
  }

  @Test
  void domainDoesNotKnowTheUi() {
    noClasses()
        .that()
        .resideInAPackage("..domain..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..ui..")
        .check(kiln);
  }

  @Test
  void featuresUseOnlyTheirOwnRepositories() {
    slices()
        .matching("dev.kiln.portal.(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            com.tngtech.archunit.base.DescribedPredicate.alwaysTrue(),
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage(
                "..domain.."))
        .because("a feature reaches another's data only through its service")
        .check(kiln);
  }

  @Test
  void pluginApiLeaksNoFrameworkTypes() {
    classes()
        .that()
        .resideInAPackage("dev.kiln.plugin.api..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.pf4j..", "dev.kiln.plugin.api..")
        .because("plugins see only the JDK, pf4j and the API: no Spring, JPA, Jackson or AWS types")
        .check(kiln);
  }
}
