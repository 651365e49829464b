package dev.kiln.builder.ssh;

import static dev.kiln.builder.ssh.SshSettings.AUTH_TIMEOUT;
import static dev.kiln.builder.ssh.SshSettings.CONNECT_TIMEOUT;
import static dev.kiln.builder.ssh.SshSettings.CONTAIN;
import static dev.kiln.builder.ssh.SshSettings.DEFAULT_WORK_ROOT;
import static dev.kiln.builder.ssh.SshSettings.HOST;
import static dev.kiln.builder.ssh.SshSettings.KNOWN_HOST_KEY;
import static dev.kiln.builder.ssh.SshSettings.MAX_PORT;
import static dev.kiln.builder.ssh.SshSettings.MAX_TIMEOUT;
import static dev.kiln.builder.ssh.SshSettings.PASSPHRASE;
import static dev.kiln.builder.ssh.SshSettings.PORT;
import static dev.kiln.builder.ssh.SshSettings.PRIVATE_KEY;
import static dev.kiln.builder.ssh.SshSettings.USER;
import static dev.kiln.builder.ssh.SshSettings.WORK_ROOT;

import dev.kiln.builder.ssh.SshSettings.Contain;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import java.util.List;

/**
 * The SSH builder's settings form, described as data for Kiln to render: each field's label, type,
 * default, range and help text. Reading and checking the values is {@link SshSettings}' job.
 */
final class SshSettingFields {

  private SshSettingFields() {}

  /** The fields of the settings form, in display order. */
  static List<SettingField> all() {
    return List.of(
        SettingField.required(
                HOST, "Host", FieldType.TEXT, "Name or address of the machine builds run on.")
            .forInstance(),
        SettingField.optional(PORT, "Port", FieldType.NUMBER, "22", "Its SSH port.")
            .withRange(1, MAX_PORT)
            .forInstance(),
        SettingField.required(
                USER,
                "User",
                FieldType.TEXT,
                "The account builds run as; give it only what builds need.")
            .forInstance(),
        SettingField.required(
                PRIVATE_KEY,
                "Private key",
                FieldType.SECRET_REF,
                "Secret holding the OpenSSH private key (ed25519, ECDSA or RSA) whose public key is in the"
                    + " user's authorized_keys.")
            .forInstance(),
        SettingField.optional(
                PASSPHRASE,
                "Key passphrase",
                FieldType.SECRET_REF,
                null,
                "Secret holding the key's passphrase, if the key is encrypted.")
            .forInstance(),
        SettingField.optional(
                KNOWN_HOST_KEY,
                "Known host key",
                FieldType.MULTILINE,
                null,
                "known_hosts line(s) or the host's public key. Leave empty: the health check then shows the"
                    + " key the host offers for you to approve.")
            .forInstance(),
        SettingField.optional(
                CONNECT_TIMEOUT,
                "Connect timeout (s)",
                FieldType.NUMBER,
                "10",
                "Seconds to wait for the host to accept the connection.")
            .withRange(1, MAX_TIMEOUT)
            .forInstance(),
        SettingField.optional(
                AUTH_TIMEOUT,
                "Login timeout (s)",
                FieldType.NUMBER,
                "20",
                "Seconds that key exchange and login may take.")
            .withRange(1, MAX_TIMEOUT)
            .forInstance(),
        SettingField.optional(
                WORK_ROOT,
                "Remote work folder",
                FieldType.TEXT,
                DEFAULT_WORK_ROOT,
                "Each build gets a fresh folder under it, removed afterwards; relative paths start in the"
                    + " user's home.")
            .forInstance(),
        SettingField.choice(
                CONTAIN,
                "Contain processes",
                List.of(Contain.WHEN_POSSIBLE.label, Contain.REQUIRED.label, Contain.OFF.label),
                "Run each build in a PID namespace, so that no process outlives it. \"when possible\" falls back to"
                    + " the script's process group, saying so in the log; \"required\" refuses to run builds without it;"
                    + " \"off\" never uses it (builds that need sudo: it does not work in a user namespace).")
            .forInstance());
  }
}
