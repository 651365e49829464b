package dev.kiln.portal.build;

/** A build's sources could not be fetched; the message says why in words, without a credential. */
public class CheckoutException extends Exception {

  public CheckoutException(String message) {
    super(message);
  }

  public CheckoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
