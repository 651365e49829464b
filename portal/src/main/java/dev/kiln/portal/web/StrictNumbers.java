package dev.kiln.portal.web;

import dev.kiln.portal.base.PathIds;
import java.beans.PropertyEditorSupport;
import java.util.function.Function;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Every number a controller reads from a request (path ids such as {@code /api/projects/{id}},
 * query numbers such as {@code ?page=}) goes through {@link PathIds}: Spring would read {@code
 * +14}, {@code 014}, {@code 0xE}, {@code " 14"} and Unicode digits as 14. A refusal is a type
 * mismatch, which the API answers with 400 naming the parameter.
 *
 * <p>An editor, not a converter: when a converter refuses a value, Spring's data binder quietly
 * falls back to its default number editor, which accepts all of those.
 */
@ControllerAdvice
class StrictNumbers {

  @InitBinder
  void strictNumbers(WebDataBinder binder) {
    binder.registerCustomEditor(long.class, new Editor(PathIds::parseLong, false));
    binder.registerCustomEditor(Long.class, new Editor(PathIds::parseLong, true));
    binder.registerCustomEditor(int.class, new Editor(PathIds::parseInt, false));
    binder.registerCustomEditor(Integer.class, new Editor(PathIds::parseInt, true));
  }

  /**
   * Reads one number; an empty value is "no value" for the wrapper types, as with Spring's own
   * editors.
   */
  private static final class Editor extends PropertyEditorSupport {

    private final Function<String, ? extends Number> parse;
    private final boolean emptyIsNull;

    Editor(Function<String, ? extends Number> parse, boolean emptyIsNull) {
      this.parse = parse;
      this.emptyIsNull = emptyIsNull;
    }

    @Override
    public void setAsText(String text) {
      setValue(emptyIsNull && (text == null || text.isEmpty()) ? null : parse.apply(text));
    }

    @Override
    public String getAsText() {
      return getValue() == null ? "" : getValue().toString();
    }
  }
}
