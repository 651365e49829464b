package dev.kiln.portal.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request whose body {@link BodyGate} has already read whole: its stream, reader and, for a form,
 * its parameters come from memory. The container would otherwise parse a form's parameters from the
 * socket itself (Spring Security reads the CSRF token and the log-in fields that way), with no
 * limit on how slowly they may arrive.
 */
final class BufferedBody extends HttpServletRequestWrapper {

  private final byte[] body;
  private final Map<String, String[]> parameters;

  BufferedBody(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = body;
    Charset charset = charset(request);
    Map<String, List<String>> all = new LinkedHashMap<>();
    // Query parameters come first, as the container would give them.
    addForm(all, request.getQueryString(), charset);
    if (isForm(request)) {
      addForm(all, new String(body, charset), charset);
    }
    Map<String, String[]> fixed = new LinkedHashMap<>();
    all.forEach((name, values) -> fixed.put(name, values.toArray(String[]::new)));
    this.parameters = Collections.unmodifiableMap(fixed);
  }

  @Override
  public ServletInputStream getInputStream() {
    var in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("The body was read already; read it with blocking reads.");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    return new BufferedReader(new InputStreamReader(getInputStream(), charset(this)));
  }

  @Override
  public int getContentLength() {
    return body.length;
  }

  @Override
  public long getContentLengthLong() {
    return body.length;
  }

  @Override
  public String getParameter(String name) {
    String[] values = parameters.get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return parameters;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters.keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    String[] values = parameters.get(name);
    return values == null ? null : values.clone();
  }

  static boolean isForm(HttpServletRequest request) {
    String type = request.getContentType();
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private static Charset charset(HttpServletRequest request) {
    try {
      String name = request.getCharacterEncoding();
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (RuntimeException unknown) {
      return StandardCharsets.UTF_8;
    }
  }

  /** Adds {@code a=1&b=2} pairs; a pair that does not decode is left out, as the container does. */
  private static void addForm(Map<String, List<String>> into, String form, Charset charset) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String pair : form.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), charset);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), charset);
        into.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException malformed) {
        // skipped
      }
    }
  }
}
