package dev.kiln.portal.build;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.stereotype.Component;

/**
 * Publishes {@value #NAME}: how many builder threads this node abandoned that still run. Above
 * zero, a plugin ignores cancel and interrupts; each such thread holds memory and perhaps CPU until
 * the node restarts.
 */
@Component
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
class AbandonedThreadsGauge {

  static final String NAME = "kiln.builds.abandoned.threads";

  AbandonedThreadsGauge(ObjectProvider<MeterRegistry> registry, BuilderThreads threads) {
    registry.ifAvailable(
        r ->
            Gauge.builder(NAME, threads, BuilderThreads::abandonedThreads)
                .description("Builder threads that did not stop when asked and still run")
                .register(r));
  }
}
