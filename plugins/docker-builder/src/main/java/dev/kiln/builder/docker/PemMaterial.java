package dev.kiln.builder.docker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates with the JDK and PEM private keys (PKCS#8, PKCS#1 RSA, EC) with Bouncy
 * Castle's parser, converted by the JDK's own providers. docker-java's CertificateUtils needs
 * Bouncy Castle registered as a global security provider, which a plugin must not do to the
 * portal's JVM.
 */
final class PemMaterial {

  /** The password of the in-memory key store; it never leaves this process. */
  static final char[] KEY_STORE_PASSWORD = "kiln".toCharArray();

  private PemMaterial() {}

  /** A trust store holding every certificate in {@code pem}. */
  static KeyStore trustStore(String pem) throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    int i = 0;
    for (Certificate certificate : certificates(pem)) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return store;
  }

  /** A key store holding {@code keyPem} with the chain in {@code certPem}. */
  static KeyStore keyStore(String keyPem, String certPem)
      throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    store.setKeyEntry(
        "client",
        privateKey(keyPem),
        KEY_STORE_PASSWORD,
        certificates(certPem).toArray(Certificate[]::new));
    return store;
  }

  private static Collection<? extends Certificate> certificates(String pem)
      throws GeneralSecurityException {
    Collection<? extends Certificate> certificates =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate");
    }
    return certificates;
  }

  private static PrivateKey privateKey(String pem) throws IOException, GeneralSecurityException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new GeneralSecurityException("no unencrypted private key");
    }
  }

  private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
