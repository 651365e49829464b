package dev.kiln.portal.user.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who can log in with a local password. */
@Entity
@Table(name = "users")
public class UserAccount {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String username;

  @Column(name = "password_hash")
  private String passwordHash;

  @Column(name = "must_change_password")
  private boolean mustChangePassword;

  private boolean enabled = true;

  @Enumerated(EnumType.STRING)
  private Role role;

  @Column(name = "created_at")
  private Instant createdAt;

  protected UserAccount() {}

  public UserAccount(String username, String passwordHash, Role role, boolean mustChangePassword, Instant createdAt) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.role = role;
    this.mustChangePassword = mustChangePassword;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public boolean isMustChangePassword() {
    return mustChangePassword;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public Role getRole() {
    return role;
  }

  /** Sets a new password chosen by the user, which ends any forced change. */
  public void changePassword(String newHash) {
    this.passwordHash = newHash;
    this.mustChangePassword = false;
  }
}
