package dev.kiln.portal.base.ui;

import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.kiln.portal.base.AttachmentHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * File downloads with a {@code Content-Disposition} header that names the file and nothing else,
 * whatever characters its name has ({@link AttachmentHeader}): Vaadin writes a pure-ASCII name
 * between quotes unescaped, so a {@code "} in an artifact's name could end the name and add
 * parameters of its own.
 */
public final class Downloads {

  private Downloads() {}

  /** Opens what is downloaded, when the user asks for it. */
  public interface Content extends Serializable {
    InputStream open() throws IOException;
  }

  /** A download of {@code fileName} (no folders), of this type and size (-1 when not known). */
  public static DownloadHandler attachment(
      String fileName, String contentType, long size, Content content) {
    return DownloadHandler.fromInputStream(
        event -> {
          // Set first: Vaadin leaves a Content-Disposition it finds in place.
          event.getResponse().setHeader("Content-Disposition", AttachmentHeader.of(fileName));
          return new DownloadResponse(content.open(), fileName, contentType, size);
        });
  }
}
