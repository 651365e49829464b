package dev.kiln.builder.ssh;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Decides whether the key a host offers is the one the admin approved, for one connection. Only a
 * pinned key is accepted; nothing is ever trusted on first use. The policy remembers what the host
 * offered, so the caller can word the refusal or propose the key for approval.
 */
final class HostKeyPolicy {

  /** What the policy made of the offered key. */
  enum Verdict {
    /** No key was offered yet (the connection failed before key exchange). */
    NOT_OFFERED,
    /** The key matches a pinned one. */
    ACCEPTED,
    /** No key is pinned for this host: an admin must approve the offered one. */
    UNAPPROVED,
    /** Keys are pinned for this host, and the offered key is none of them. */
    MISMATCH,
    /** The offered key is pinned as revoked. */
    REVOKED
  }

  /**
   * One pinned key, for a host pattern ({@code entry}) or, as a bare key, for the configured host.
   */
  record Pin(KnownHostEntry entry, PublicKey key, boolean revoked) {

    boolean appliesTo(String host, int port) {
      return entry == null || entry.isHostMatch(host, port);
    }
  }

  private final String host;
  private final int port;
  private final List<Pin> pins;
  private PublicKey offered;
  private Verdict verdict = Verdict.NOT_OFFERED;

  private HostKeyPolicy(String host, int port, List<Pin> pins) {
    this.host = host;
    this.port = port;
    this.pins = pins;
  }

  /** The policy for {@code host:port} with the pinned entries in {@code pinned} (may be blank). */
  static HostKeyPolicy forHost(String pinned, String host, int port) {
    List<Pin> all = parse(pinned);
    return new HostKeyPolicy(
        host, port, all.stream().filter(p -> p.appliesTo(host, port)).toList());
  }

  /**
   * Reads known_hosts lines ({@code host ssh-ed25519 AAAA...}, hashed or with {@code @revoked}) and
   * bare public keys ({@code ssh-ed25519 AAAA... comment}), one per line; blank lines and comments
   * are skipped.
   *
   * @throws IllegalArgumentException naming the first line that is neither
   */
  static List<Pin> parse(String text) {
    List<Pin> pins = new ArrayList<>();
    String[] lines = text == null ? new String[0] : text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        pins.add(parseLine(line));
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw new IllegalArgumentException(
            "Line "
                + (i + 1)
                + " is neither a known_hosts line nor a public"
                + " key (expected for example \"host ssh-ed25519 AAAA...\").");
      }
    }
    return pins;
  }

  private static Pin parseLine(String line) throws IOException, GeneralSecurityException {
    String first = line.split("\\s+", 2)[0];
    if (KeyUtils.getPublicKeyEntryDecoder(first) != null) {
      PublicKeyEntry bare = PublicKeyEntry.parsePublicKeyEntry(line);
      return new Pin(null, resolve(bare), false);
    }
    KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
    if (entry == null || entry.getKeyEntry() == null) {
      throw new IllegalArgumentException("no key");
    }
    String marker = entry.getMarker();
    if (marker != null && !marker.equals("revoked")) {
      throw new IllegalArgumentException("unsupported marker");
    }
    return new Pin(entry, resolve(entry.getKeyEntry()), marker != null);
  }

  private static PublicKey resolve(PublicKeyEntry entry)
      throws IOException, GeneralSecurityException {
    PublicKey key = entry.resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
    if (key == null) {
      throw new IllegalArgumentException("unknown key type");
    }
    return key;
  }

  /** Judges the key the host offered; true only when it is accepted. Called during key exchange. */
  synchronized boolean verify(PublicKey key) {
    offered = key;
    if (pins.stream().anyMatch(p -> p.revoked() && KeyUtils.compareKeys(p.key(), key))) {
      verdict = Verdict.REVOKED;
    } else if (pins.stream().anyMatch(p -> !p.revoked() && KeyUtils.compareKeys(p.key(), key))) {
      verdict = Verdict.ACCEPTED;
    } else if (pins.stream().noneMatch(p -> !p.revoked())) {
      verdict = Verdict.UNAPPROVED;
    } else {
      verdict = Verdict.MISMATCH;
    }
    return verdict == Verdict.ACCEPTED;
  }

  synchronized Verdict verdict() {
    return verdict;
  }

  /**
   * The signature algorithms of the pinned keys, so key exchange asks the host for a pinned key
   * type first (a host has one key per type; asking for another would look like a changed key).
   */
  Set<String> preferredAlgorithms() {
    Set<String> names = new LinkedHashSet<>();
    pins.stream()
        .filter(p -> !p.revoked())
        .forEach(
            p -> {
              String type = KeyUtils.getKeyType(p.key());
              names.addAll(KeyUtils.getAllEquivalentKeyTypes(type));
              names.add(type);
            });
    return names;
  }

  /** The known_hosts line that pins the offered key for this host and port. */
  synchronized String proposalLine() {
    String pattern = port == 22 ? host : "[" + host + "]:" + port;
    return pattern + " " + PublicKeyEntry.toString(offered);
  }

  /** The question an admin answers to approve the offered key. */
  synchronized String question() {
    return host
        + ":"
        + port
        + " offers "
        + KeyUtils.getKeyType(offered)
        + " key "
        + fingerprint(offered)
        + " — trust it?";
  }

  /** Why the offered key was refused, naming the host and the fingerprints. */
  synchronized String refusal() {
    String address = host + ":" + port;
    return switch (verdict) {
      case UNAPPROVED ->
          "The host key of "
              + address
              + " ("
              + fingerprint(offered)
              + ") is not approved yet:"
              + " an admin must approve it on the builder instance (run its health check).";
      case REVOKED ->
          address
              + " offered the host key "
              + fingerprint(offered)
              + ", which is pinned as revoked.";
      case MISMATCH ->
          "The host key of "
              + address
              + " has changed: it offered "
              + fingerprint(offered)
              + " but the approved key is "
              + String.join(", ", pinnedFingerprints())
              + " — possible man-in-the-middle or re-installed host. Nothing was sent; if the host was"
              + " re-installed, an admin must replace the known host key on the instance.";
      default -> "The host key of " + address + " was accepted.";
    };
  }

  private List<String> pinnedFingerprints() {
    return pins.stream()
        .filter(p -> !p.revoked())
        .map(p -> fingerprint(p.key()))
        .distinct()
        .toList();
  }

  /** {@code SHA256:...}, as ssh-keygen -l prints it. */
  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(key);
  }
}
