package dev.kiln.portal.secret;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running node takes up key files copied over its own, without a restart. */
class KeysetFileTest {

  private static final byte[] CONTEXT =
      "kiln-secret:1:global:TOKEN".getBytes(StandardCharsets.UTF_8);

  @TempDir Path keys;
  Path publicFile;
  Path privateFile;

  @BeforeEach
  void generateKeys() throws Exception {
    publicFile = keys.resolve("public.json");
    privateFile = keys.resolve("private.json");
    SecretKeys.generate(publicFile, privateFile);
  }

  @Test
  void rotatedFilesAreReadAgainAtTheNextUse() throws Exception {
    KeysetFile<HybridEncrypt> sealing = KeysetFile.publicKeys(publicFile);
    KeysetFile<HybridDecrypt> opening = KeysetFile.privateKeys(privateFile);
    byte[] sealedBefore = sealing.get().encrypt(bytes("before"), CONTEXT);

    KeysetHandle rotated = SecretKeyRotation.withNewPrimary(SecretKeys.readPrivate(privateFile));
    SecretKeys.write(publicFile, privateFile, rotated);

    byte[] sealedAfter = sealing.get().encrypt(bytes("after"), CONTEXT);
    assertThat(SecretKeys.keyId(sealedAfter)).isEqualTo(rotated.getPrimary().getId());
    assertThat(opening.get().decrypt(sealedAfter, CONTEXT)).isEqualTo(bytes("after"));
    assertThat(opening.get().decrypt(sealedBefore, CONTEXT)).isEqualTo(bytes("before"));
  }

  @Test
  void aFileCaughtHalfWrittenLeavesTheKeysReadBeforeInUse() throws Exception {
    KeysetFile<HybridEncrypt> sealing = KeysetFile.publicKeys(publicFile);
    int key = SecretKeys.readPublic(publicFile).getPrimary().getId();
    String whole = Files.readString(publicFile);

    Files.writeString(publicFile, whole.substring(0, whole.length() / 2));
    assertThat(SecretKeys.keyId(sealing.get().encrypt(bytes("during"), CONTEXT))).isEqualTo(key);

    Files.delete(publicFile);
    assertThat(SecretKeys.keyId(sealing.get().encrypt(bytes("gone"), CONTEXT))).isEqualTo(key);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
