package dev.kiln.portal.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;

/**
 * The API answers JSON, whatever the {@code Accept} header asks for (HTTP allows a server to
 * disregard it rather than answer 406). Without this, any converter on the class path could answer
 * (XML where a library brings one), a header that allowed no converter ended on Boot's error page
 * (a redirect to the log-in page), and a 406 could come after a POST had already done its work,
 * inviting a retry. Other paths keep the usual negotiation through {@code delegate}.
 */
class JsonOnlyForApi implements ContentNegotiationStrategy {

  private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

  private final ContentNegotiationStrategy delegate;

  JsonOnlyForApi(ContentNegotiationStrategy delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<MediaType> resolveMediaTypes(NativeWebRequest request)
      throws HttpMediaTypeNotAcceptableException {
    HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
    return servlet != null && ApiErrorBodies.isApi(servlet)
        ? JSON
        : delegate.resolveMediaTypes(request);
  }
}
