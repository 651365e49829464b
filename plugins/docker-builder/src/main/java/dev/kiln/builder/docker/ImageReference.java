package dev.kiln.builder.docker;

/**
 * An image name split the way the Engine API's pull takes it: the repository, and a tag or digest.
 *
 * @param repository for example {@code registry:5000/team/image}
 * @param tag for example {@code bookworm}, {@code latest} when none was given, or a digest
 */
record ImageReference(String repository, String tag) {

  /**
   * Splits {@code image}; a colon before the last slash belongs to a registry's port, not a tag.
   */
  static ImageReference parse(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      return new ImageReference(image.substring(0, at), image.substring(at + 1));
    }
    int colon = image.lastIndexOf(':');
    if (colon > image.lastIndexOf('/')) {
      return new ImageReference(image.substring(0, colon), image.substring(colon + 1));
    }
    return new ImageReference(image, "latest");
  }
}
