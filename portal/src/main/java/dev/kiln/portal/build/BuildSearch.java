package dev.kiln.portal.build;

import dev.kiln.portal.build.domain.Build;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finding builds: a project's builds by state, branch or tag, trigger and commit, a page at a time;
 * the last build of each project on a page of projects; the last build of each branch and tag. Each
 * is one query that walks an index of the builds table from its newest end, so that it stays quick
 * however many builds a project has (the figures are in {@code docs/performance.md}).
 */
@Service
@Transactional(readOnly = true)
public class BuildSearch {

  /** The most a page may hold. */
  public static final int MAX_PAGE = 200;

  /** How many branches and tags a project's page looks at, at most. */
  private static final int MAX_REFS = 500;

  private final EntityManager entities;

  BuildSearch(EntityManager entities) {
    this.entities = entities;
  }

  /**
   * A page of the project's builds that pass the filter, newest first.
   *
   * @param offset how many matching builds to skip
   * @param limit how many to return at most, from 1 to {@link #MAX_PAGE} and one more (to tell
   *     whether there is a next page)
   */
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<Match> search(long projectId, BuildFilter filter, long offset, int limit) {
    if (limit < 1 || limit > MAX_PAGE + 1 || offset < 0) {
      throw new IllegalArgumentException("limit 1 to " + (MAX_PAGE + 1) + ", offset from 0");
    }
    var sql = new StringBuilder("select * from builds where project_id = :project");
    Map<String, Object> params = new HashMap<>();
    params.put("project", projectId);
    if (filter.state() != null) {
      sql.append(" and state = :state");
      params.put("state", filter.state().name());
    }
    if (filter.trigger() != null) {
      sql.append(" and trigger_kind = :trigger");
      params.put("trigger", filter.trigger().name());
    }
    if (filter.commit() != null) {
      // A range on the (project_id, git_commit) index; the prefix test keeps it exact whatever
      // the collation ('g' sorts after every hex digit).
      sql.append(
          " and git_commit >= :commit and git_commit < :commitEnd"
              + " and left(git_commit, :digits) = :commit");
      params.put("commit", filter.commit());
      params.put("commitEnd", filter.commit() + "g");
      params.put("digits", filter.commit().length());
    }
    if (filter.ref() != null) {
      // Within one ref, the (project_id, git_ref, id) index gives the newest first.
      sql.append(" and git_ref = :ref order by id desc");
      params.put("ref", fullRef(projectId, filter.ref()));
    } else {
      sql.append(" order by number desc");
    }
    sql.append(" offset :offset limit :limit");
    params.put("offset", offset);
    params.put("limit", limit);
    return rows(sql.toString(), params).stream()
        .map(b -> new Match(b.toInfo(), b.getParameters()))
        .toList();
  }

  /**
   * The last build of each of these projects that has one, by project id: one query for a page of
   * projects.
   */
  @PreAuthorize("@projectAccess.mayViewAll(#projectIds)")
  public Map<Long, BuildInfo> lastOf(Collection<Long> projectIds) {
    if (projectIds.isEmpty()) {
      return Map.of();
    }
    var values = new ArrayList<String>();
    Map<String, Object> params = new HashMap<>();
    for (long id : projectIds) {
      values.add("(:p" + values.size() + ")");
      params.put("p" + (values.size() - 1), id);
    }
    String sql =
        "select b.* from (values "
            + String.join(", ", values)
            + ") as p(id) cross join lateral"
            + " (select * from builds where project_id = p.id order by number desc limit 1) b";
    Map<Long, BuildInfo> last = new LinkedHashMap<>();
    builds(sql, params).forEach(b -> last.put(b.projectId(), b));
    return last;
  }

  /**
   * The last build of each branch the project has built, newest first. The branches are found by
   * hopping along the (project_id, git_ref, id) index, one probe per branch, not by reading every
   * build; past {@value #MAX_REFS} branches (by name) the rest are left out.
   */
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<BuildInfo> lastPerBranch(long projectId) {
    String sql =
        """
        with recursive refs(ref, n) as (
          (select git_ref, 1 from builds where project_id = :project and git_ref >= 'refs/heads/'
           order by git_ref limit 1)
          union all
          select (select git_ref from builds where project_id = :project and git_ref > refs.ref
                  order by git_ref limit 1), n + 1
          from refs where left(refs.ref, 11) = 'refs/heads/' and n < :max)
        select b.* from refs cross join lateral
          (select * from builds where project_id = :project and git_ref = refs.ref
           order by id desc limit 1) b
        where left(refs.ref, 11) = 'refs/heads/' order by b.id desc""";
    return builds(sql, Map.of("project", projectId, "max", MAX_REFS));
  }

  /**
   * The last build of each of the {@code count} tags built most recently, newest first: read from
   * the newest builds backwards, a few pages at most.
   */
  @PreAuthorize("@projectAccess.mayView(#projectId)")
  public List<BuildInfo> lastPerTag(long projectId, int count) {
    String sql =
        """
        select * from builds where project_id = :project and left(git_ref, 10) = 'refs/tags/'
        order by number desc limit :limit""";
    Map<String, BuildInfo> last = new LinkedHashMap<>();
    for (BuildInfo b : builds(sql, Map.of("project", projectId, "limit", MAX_PAGE))) {
      last.putIfAbsent(b.revision().ref(), b);
    }
    return last.values().stream().limit(count).toList();
  }

  /**
   * A plain name is a branch, unless the project has built a tag of that name and no such branch.
   */
  private String fullRef(long projectId, String ref) {
    if (ref.startsWith("refs/")) {
      return ref;
    }
    String branch = "refs/heads/" + ref;
    String tag = "refs/tags/" + ref;
    Query built =
        entities.createNativeQuery(
            "select exists (select 1 from builds where project_id = :project and git_ref = :ref)",
            Boolean.class);
    built.setParameter("project", projectId);
    if (Boolean.TRUE.equals(built.setParameter("ref", branch).getSingleResult())) {
      return branch;
    }
    return Boolean.TRUE.equals(built.setParameter("ref", tag).getSingleResult()) ? tag : branch;
  }

  private List<BuildInfo> builds(String sql, Map<String, Object> params) {
    return rows(sql, params).stream().map(Build::toInfo).toList();
  }

  private List<Build> rows(String sql, Map<String, Object> params) {
    Query query = entities.createNativeQuery(sql, Build.class);
    params.forEach(query::setParameter);
    List<?> rows = query.getResultList();
    return rows.stream().map(Build.class::cast).toList();
  }

  /**
   * A build found, with what its script received.
   *
   * @param received its declared parameters and the variables Kiln set from its trigger
   */
  public record Match(BuildInfo build, Map<String, String> received) {}
}
