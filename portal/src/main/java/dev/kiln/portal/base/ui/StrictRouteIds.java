package dev.kiln.portal.base.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.ParameterDeserializer;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.kiln.portal.base.PathIds;
import org.springframework.stereotype.Component;

/**
 * Numeric route parameters ({@code /projects/14}, {@code /builds/7}, {@code /projects/edit/14})
 * count only in {@link PathIds}' canonical form. Vaadin's own check lets {@code +14}, {@code -14}
 * and {@code 014} through to {@code Long.valueOf}, which reads them all as 14; this runs before any
 * view sees its parameter, so every view with a {@code HasUrlParameter<Long>} is covered.
 */
@Component
class StrictRouteIds implements VaadinServiceInitListener {

  @Override
  public void serviceInit(ServiceInitEvent event) {
    event
        .getSource()
        .addUIInitListener(ui -> ui.getUI().addBeforeEnterListener(StrictRouteIds::check));
  }

  static void check(BeforeEnterEvent event) {
    Class<?> target = event.getNavigationTarget();
    if (target == null || !HasUrlParameter.class.isAssignableFrom(target)) {
      return;
    }
    Class<?> type = ParameterDeserializer.getClassType(target);
    if (type != Long.class && type != Integer.class) {
      return;
    }
    var parameters = event.getRouteParameters();
    for (String name : parameters.getParameterNames()) {
      String value = parameters.get(name).orElse(null);
      if (value != null && PathIds.parse(value).isEmpty()) {
        event.rerouteToError(NotFoundException.class, "There is nothing at this address.");
        return;
      }
    }
  }
}
