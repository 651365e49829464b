package dev.kiln.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class BufferedBodyTest {

  private static BufferedBody form(String query, String body) {
    var request = new MockHttpServletRequest("POST", "/login");
    request.setQueryString(query);
    request.setContentType("application/x-www-form-urlencoded; charset=UTF-8");
    request.setCharacterEncoding("UTF-8");
    return new BufferedBody(request, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aFormsParametersComeFromTheBufferAfterTheQuerys() {
    var request =
        form(
            "next=%2Fprojects&username=fromquery",
            "username=ada+l%C3%B6we&password=p%26w%3D1&_csrf=t0k&flag");
    assertThat(request.getParameter("username")).isEqualTo("fromquery");
    assertThat(request.getParameterValues("username")).containsExactly("fromquery", "ada löwe");
    assertThat(request.getParameter("password")).isEqualTo("p&w=1");
    assertThat(request.getParameter("_csrf")).isEqualTo("t0k");
    assertThat(request.getParameter("flag")).isEmpty();
    assertThat(request.getParameter("next")).isEqualTo("/projects");
    assertThat(Collections.list(request.getParameterNames()))
        .containsExactly("next", "username", "password", "_csrf", "flag");
    assertThat(request.getParameterMap()).hasSize(5);
  }

  @Test
  void aPairThatDoesNotDecodeIsLeftOut() {
    var request = form(null, "a=%zz&b=2");
    assertThat(request.getParameter("a")).isNull();
    assertThat(request.getParameter("b")).isEqualTo("2");
  }

  @Test
  void anyBodyIsReadAgainFromMemory() throws Exception {
    var original = new MockHttpServletRequest("POST", "/hooks/projects/1");
    original.setContentType("application/json");
    byte[] json = "{\"zen\":\"Design for failure.\"}".getBytes(StandardCharsets.UTF_8);
    var request = new BufferedBody(original, json);
    assertThat(request.getInputStream().readAllBytes()).isEqualTo(json);
    assertThat(request.getContentLengthLong()).isEqualTo(json.length);
    assertThat(request.getParameterMap()).isEmpty();
    assertThat(request.getReader().readLine()).isEqualTo(new String(json, StandardCharsets.UTF_8));
  }
}
