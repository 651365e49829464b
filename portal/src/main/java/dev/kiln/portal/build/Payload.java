package dev.kiln.portal.build;

import dev.kiln.portal.build.BuildEvents.AccessChanged;
import dev.kiln.portal.build.BuildEvents.Change;
import dev.kiln.portal.build.BuildEvents.LogGrew;
import dev.kiln.portal.build.BuildEvents.StateChanged;

/**
 * A build event as text for PostgreSQL's NOTIFY: {@code "<build id> <kind> <value> <node>"}, e.g.
 * {@code "42 LOG 17 node-a"} (17 chunks stored), {@code "42 STATE SUCCEEDED node-a"}, {@code "0
 * ACCESS 7 node-a"} (who may see project 7 changed). The node's name comes last: it may hold
 * spaces.
 */
record Payload(long buildId, Change change, String node) {

  static String of(long buildId, Change change, String node) {
    String kindAndValue =
        switch (change) {
          case LogGrew log -> "LOG " + log.chunks();
          case StateChanged state -> "STATE " + state.state().name();
          case AccessChanged access -> "ACCESS " + access.projectId();
        };
    return buildId + " " + kindAndValue + " " + node;
  }

  /**
   * @throws IllegalArgumentException or {@link IndexOutOfBoundsException} for text not made by
   *     {@link #of}
   */
  static Payload parse(String text) {
    String[] parts = text.split(" ", 4);
    String value = parts[2];
    Change change =
        switch (parts[1]) {
          case "LOG" -> new LogGrew(Integer.parseInt(value));
          case "STATE" -> new StateChanged(BuildState.valueOf(value));
          case "ACCESS" -> new AccessChanged(Long.parseLong(value));
          default -> throw new IllegalArgumentException("unknown kind " + parts[1]);
        };
    return new Payload(Long.parseLong(parts[0]), change, parts[3]);
  }
}
