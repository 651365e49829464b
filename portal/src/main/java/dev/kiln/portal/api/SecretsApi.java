package dev.kiln.portal.api;

import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Secrets over REST: global ones (admins) and a project's own (its owners). Values go in and never
 * come out: no response carries one. Writing needs a token with the admin scope.
 */
@RestController
class SecretsApi {

  private final SecretService secrets;

  SecretsApi(SecretService secrets) {
    this.secrets = secrets;
  }

  /** A secret as the API shows it: everything but the value. */
  record SecretJson(
      long id,
      String name,
      String description,
      Long projectId,
      Instant createdAt,
      Instant valueChangedAt) {}

  /** A new secret. */
  record NewSecret(String name, String description, String value) {}

  /** A secret's new value. */
  record NewValue(String value) {}

  @GetMapping("/api/secrets")
  List<SecretJson> listGlobal() {
    return secrets.list(null).stream().map(SecretsApi::json).toList();
  }

  @PostMapping("/api/secrets")
  ResponseEntity<SecretJson> createGlobal(@RequestBody NewSecret secret) {
    return created(secrets.create(null, secret.name(), secret.description(), secret.value()));
  }

  @GetMapping("/api/projects/{projectId}/secrets")
  List<SecretJson> listOfProject(@PathVariable long projectId) {
    return secrets.list(projectId).stream().map(SecretsApi::json).toList();
  }

  @PostMapping("/api/projects/{projectId}/secrets")
  ResponseEntity<SecretJson> createInProject(
      @PathVariable long projectId, @RequestBody NewSecret secret) {
    return created(secrets.create(projectId, secret.name(), secret.description(), secret.value()));
  }

  @PutMapping("/api/secrets/{id}/value")
  SecretJson replaceValue(@PathVariable long id, @RequestBody NewValue value) {
    return json(secrets.replaceValue(id, value.value()));
  }

  @DeleteMapping("/api/secrets/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    secrets.delete(id);
    return ResponseEntity.noContent().build();
  }

  private static ResponseEntity<SecretJson> created(SecretInfo secret) {
    return ResponseEntity.created(URI.create("/api/secrets/" + secret.id())).body(json(secret));
  }

  private static SecretJson json(SecretInfo s) {
    return new SecretJson(
        s.id(), s.name(), s.description(), s.projectId(), s.createdAt(), s.updatedAt());
  }
}
