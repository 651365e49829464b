package dev.kiln.portal.build;

import dev.kiln.portal.node.BuildsOnNodes;
import dev.kiln.portal.node.NodeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The running builds of the whole cluster, by node, for the Nodes screen (admins only there). */
@Component
class RunningBuildsByNode implements BuildsOnNodes {

  private final JdbcClient jdbc;

  RunningBuildsByNode(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  @Transactional(readOnly = true)
  public Map<String, List<NodeInfo.RunningBuild>> runningByNode() {
    Map<String, List<NodeInfo.RunningBuild>> running = new LinkedHashMap<>();
    jdbc.sql(
            """
            select node, id, project_name, number from builds
            where state = 'RUNNING' and node is not null order by started_at, id""")
        .query(
            (rs, n) ->
                running
                    .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new NodeInfo.RunningBuild(rs.getLong(2), rs.getString(3), rs.getInt(4))))
        .list();
    return running;
  }
}
