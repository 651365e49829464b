package dev.kiln.portal.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature GitHub puts in {@code X-Hub-Signature-256}: {@code sha256=} and the lower-case hex
 * HMAC-SHA256 of the raw body, keyed with the webhook's secret.
 */
final class Signature {

  static final String PREFIX = "sha256=";

  private Signature() {}

  /** The header value for {@code body} signed with {@code key}. */
  static String of(String key, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(key, body));
  }

  /**
   * Whether {@code header} is the signature of {@code body} with {@code key}. The comparison takes
   * the same time wherever the first wrong byte is, so a sender cannot guess a signature byte by
   * byte.
   */
  static boolean matches(String key, byte[] body, String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip());
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(hmac(key, body), given);
  }

  /** The SHA-256 of the body, in hex: how a replayed body is recognised under a new delivery id. */
  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java has no SHA-256", e);
    }
  }

  private static byte[] hmac(String key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java has no HmacSHA256", e);
    }
  }
}
