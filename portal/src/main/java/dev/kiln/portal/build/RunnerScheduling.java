package dev.kiln.portal.build;

import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Only runner nodes execute builds. On other nodes Quartz stays in standby: it still stores the
 * triggers that queue builds, in the shared database, but never acquires one, so a runner picks
 * each build up.
 */
@Configuration(proxyBeanMethods = false)
class RunnerScheduling {

  private static final Logger log = LoggerFactory.getLogger(RunnerScheduling.class);

  @Bean
  SchedulerFactoryBeanCustomizer runnersOnly(NodeProperties node) {
    return factory -> {
      boolean runs = node.has(NodeRole.RUNNER);
      factory.setAutoStartup(runs);
      if (!runs) {
        log.info("Node {} has no runner role: it queues builds but runs none.", node.name());
      }
    };
  }
}
