package dev.kiln.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.kiln.portal.base.SystemOnly;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PostAuthorize;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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
            DescribedPredicate.alwaysTrue(),
            JavaClass.Predicates.resideOutsideOfPackage("..domain.."))
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

  @Test
  void viewsAndTheApiNeverReachSystemEntryPoints() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.kiln.portal..ui..", "dev.kiln.portal.api..")
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith(SystemOnly.class)
        .because(
            "a @SystemOnly class acts without checking the user (schedules, webhooks, recovery):"
                + " views and the REST API call the secured services instead"
                + " (ProjectService.runNow, BuildService.cancel)")
        .check(kiln);
  }

  /**
   * Public methods of a {@code @Service} that may change data, with why each needs no security
   * annotation. Keyed {@code SimpleClassName.method}; every overload of the method is allowed.
   */
  static final Map<String, String> UNSECURED_WRITES =
      Map.of(
          "ApiTokens.authenticate",
          "the API's bearer-token filter calls it to find who is calling, before anyone is signed"
              + " in; it only marks the token used",
          "AuditLog.record",
          "every service records its audit entries through it, after its own check; it appends"
              + " and never changes an entry",
          "AuditLog.recordIndependently",
          "records refusals (a bad webhook signature, a failed log-in) when no user is signed in;"
              + " append-only",
          "BuilderInstances.ensureAutomatic",
          "run at start-up by AutomaticInstances, with no user, to create the automatic instances",
          "UserService.createFirstAdminIfNone",
          "run at start-up, with no user, to create the first admin when there is no user",
          "ExternalAccounts.signIn",
          "the OpenID and GitHub log-ins call it to find or create the user signing in, who is"
              + " not signed in yet");

  /** The annotations that put a method behind Spring Security's check. */
  static final List<Class<? extends Annotation>> SECURITY =
      List.of(PreAuthorize.class, PostAuthorize.class, Secured.class, RolesAllowed.class);

  @Test
  void serviceMethodsThatChangeDataAreSecured() {
    methods()
        .that()
        .arePublic()
        .and()
        .areNotStatic() // no proxy, so no transaction nor security, applies to a static method
        .and()
        .areDeclaredInClassesThat()
        .areAnnotatedWith(Service.class)
        .and(changeData())
        .should(beSecuredOrAllowed())
        .because(
            "a public service method that changes data is a door into Kiln: give it @PreAuthorize"
                + " (or @PostAuthorize, @Secured, @RolesAllowed) on the method or its class;"
                + " a system path goes through a @SystemOnly class; a method that must stay"
                + " open goes into ArchitectureTest.UNSECURED_WRITES with the reason")
        .allowEmptyShould(false)
        .check(kiln);
  }

  /**
   * "Changes data" concretely: the method runs in a read-write transaction, that is its own
   * {@code @Transactional} is not {@code readOnly}, or it has none and its class's is not.
   */
  static DescribedPredicate<JavaMethod> changeData() {
    return DescribedPredicate.describe(
        "change data (@Transactional without readOnly = true, on the method or else its class)",
        method -> transaction(method).map(readOnly -> !readOnly).orElse(false));
  }

  /** Whether the method's transaction is read-only; empty when it runs in none of its own. */
  private static Optional<Boolean> transaction(JavaMethod method) {
    return method
        .tryGetAnnotationOfType(Transactional.class)
        .or(() -> method.getOwner().tryGetAnnotationOfType(Transactional.class))
        .map(Transactional::readOnly);
  }

  static ArchCondition<JavaMethod> beSecuredOrAllowed() {
    return new ArchCondition<>("carry a security annotation or be allowed with a reason") {
      @Override
      public void check(JavaMethod method, ConditionEvents events) {
        boolean secured =
            SECURITY.stream()
                .anyMatch(a -> annotated(method, a) || annotated(method.getOwner(), a));
        String key = method.getOwner().getSimpleName() + "." + method.getName();
        if (!secured && !UNSECURED_WRITES.containsKey(key)) {
          events.add(
              SimpleConditionEvent.violated(
                  method, key + " changes data without a security annotation (" + method + ")"));
        }
      }
    };
  }

  private static boolean annotated(CanBeAnnotated element, Class<? extends Annotation> annotation) {
    return element.isAnnotatedWith(annotation);
  }
}
