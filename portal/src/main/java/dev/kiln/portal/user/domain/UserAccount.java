package dev.kiln.portal.user.domain;

import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.Usernames;
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

  /** Column lengths, in characters; validation takes its limits from here. */
  public static final int USERNAME_LENGTH = 100,
      PROVIDER_LENGTH = 100,
      SUBJECT_LENGTH = 255,
      EMAIL_LENGTH = 320;

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(length = USERNAME_LENGTH)
  private String username;

  /**
   * {@link dev.kiln.portal.user.Usernames#key} of the name: what look-ups and the unique index
   * compare.
   */
  @Column(name = "username_key", length = USERNAME_LENGTH)
  private String usernameKey;

  @Column(name = "password_hash", length = 200)
  private String passwordHash;

  @Column(name = "must_change_password")
  private boolean mustChangePassword;

  private boolean enabled = true;

  @Enumerated(EnumType.STRING)
  @Column(length = 20)
  private Role role;

  @Column(name = "created_at")
  private Instant createdAt;

  /** The OpenID provider's registration id, for users who log in there; null for local accounts. */
  @Column(length = PROVIDER_LENGTH)
  private String provider;

  /** The user's subject at {@link #provider}. */
  @Column(length = SUBJECT_LENGTH)
  private String subject;

  @Column(length = EMAIL_LENGTH)
  private String email;

  /** Goes up whenever every session of the user must end; a session older than it is ended. */
  @Column(name = "credentials_version")
  private long credentialsVersion;

  protected UserAccount() {}

  /** A user who logs in through an OpenID provider and has no password here. */
  public static UserAccount external(
      String username,
      String provider,
      String subject,
      String email,
      Role role,
      Instant createdAt) {
    var user = new UserAccount(username, null, role, false, createdAt);
    user.provider = provider;
    user.subject = subject;
    user.email = storable(email);
    return user;
  }

  public UserAccount(
      String username,
      String passwordHash,
      Role role,
      boolean mustChangePassword,
      Instant createdAt) {
    this.username = username;
    this.usernameKey = Usernames.key(username);
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

  public String getUsernameKey() {
    return usernameKey;
  }

  /**
   * Sets the key again from the name, when {@link Usernames#key} computes it differently than
   * stored.
   */
  public void rekey() {
    this.usernameKey = Usernames.key(username);
  }

  public long getCredentialsVersion() {
    return credentialsVersion;
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

  public String getProvider() {
    return provider;
  }

  /** Records what the provider says of the user at a log-in. */
  public void refresh(String email, Role mappedRole) {
    this.email = storable(email);
    if (mappedRole != null) {
      this.role = mappedRole;
    }
  }

  public String getEmail() {
    return email;
  }

  /**
   * A provider's address longer than any real one fits nowhere: it is dropped rather than fail the
   * log-in.
   */
  private static String storable(String email) {
    return email == null || email.length() > EMAIL_LENGTH ? null : email;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setRole(Role role) {
    this.role = role;
  }

  /**
   * Enables or disables the user; disabling ends every session, for good, even if enabled again.
   */
  public void setEnabled(boolean enabled) {
    if (this.enabled && !enabled) {
      credentialsVersion++;
    }
    this.enabled = enabled;
  }

  /**
   * Sets a password an admin chose or generated: the user must replace it at the next log-in, and
   * every session of theirs ends.
   */
  public void resetPassword(String newHash) {
    this.passwordHash = newHash;
    this.mustChangePassword = true;
    credentialsVersion++;
  }

  /**
   * Sets a new password chosen by the user, which ends any forced change and every session but the
   * one that sets it, which must take up the new {@link #getCredentialsVersion()}.
   */
  public void changePassword(String newHash) {
    this.passwordHash = newHash;
    this.mustChangePassword = false;
    credentialsVersion++;
  }
}
