package dev.kiln.portal.schedule;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads what came of a schedule's past fire times, as {@link ScheduleFires} recorded them in {@code
 * schedule_fires}. {@link ScheduleService#fires} checks who may see them.
 */
@Component
class FireHistory {

  private final JdbcClient jdbc;

  FireHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The schedule's latest {@code limit} fire times, newest first. */
  List<FireInfo> latest(long scheduleId, int limit) {
    return jdbc.sql(
            """
        select fire_time, fired_at, node, build_id, outcome from schedule_fires
        where schedule_id = ? order by fire_time desc limit ?""")
        .param(scheduleId)
        .param(limit)
        .query(
            (rs, n) ->
                new FireInfo(
                    rs.getTimestamp(1).toInstant(),
                    rs.getTimestamp(2).toInstant(),
                    rs.getString(3),
                    (Long) rs.getObject(4),
                    rs.getString(5)))
        .list();
  }
}
