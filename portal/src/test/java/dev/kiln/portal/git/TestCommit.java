package dev.kiln.portal.git;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A commit a test chooses: subject, author, time, and what it changes (files, symlinks,
 * submodules), on top of its branch's tree.
 */
public record TestCommit(
    String subject, String author, String email, Instant time, Map<String, Entry> entries) {

  /** One path in the commit's tree. */
  public sealed interface Entry {}

  /** A regular file with this content. */
  public record File(String content) implements Entry {}

  /** A symbolic link to {@code target}, which may point anywhere, outside the tree too. */
  public record Symlink(String target) implements Entry {}

  /** A submodule at {@code commit} of the repository at {@code url}, on any host. */
  public record Submodule(String url, String commit) implements Entry {}

  /** A commit by a fixed test author at {@code time}. */
  public static TestCommit of(String subject, Instant time) {
    return new TestCommit(subject, "Kiln Test", "test@kiln.invalid", time, new LinkedHashMap<>());
  }

  /** This commit, also writing {@code content} to {@code path}. */
  public TestCommit file(String path, String content) {
    return with(path, new File(content));
  }

  /** This commit, also making {@code path} a symbolic link to {@code target}. */
  public TestCommit symlink(String path, String target) {
    return with(path, new Symlink(target));
  }

  /** This commit, also adding a submodule at {@code path}. */
  public TestCommit submodule(String path, String url, String commit) {
    return with(path, new Submodule(url, commit));
  }

  /** This commit by another author. */
  public TestCommit by(String name, String mail) {
    return new TestCommit(subject, name, mail, time, entries);
  }

  private TestCommit with(String path, Entry entry) {
    Map<String, Entry> more = new LinkedHashMap<>(entries);
    more.put(path, entry);
    return new TestCommit(subject, author, email, time, more);
  }
}
