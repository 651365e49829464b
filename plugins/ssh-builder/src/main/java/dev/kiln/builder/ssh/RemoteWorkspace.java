package dev.kiln.builder.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;

/**
 * A build's folder on the remote host, {@code <root>/<build id>-<random>}: the script ({@code
 * build.sh}), Kiln's first process for it ({@code init.sh}, which runs the script and kills what it
 * leaves), the build id ({@code build-id}, for the orphan reaper), the {@code cancel} mark and the
 * {@code workspace} folder the script runs in. Everything is created with SFTP. The build can write
 * anything in this folder (it runs as the same user), so Kiln reads nothing back from it that
 * decides what to kill or what to report: every path spliced into a command is Kiln's own, quoted.
 */
final class RemoteWorkspace {

  /**
   * A build folder's name: the build id made safe for a file name, a dash, 12 random hex digits.
   */
  static final Pattern NAME = Pattern.compile("(.+)-([0-9a-f]{12})");

  private static final String INIT = readInit();

  private final String dir;

  private RemoteWorkspace(String dir) {
    this.dir = dir;
  }

  /** The folder of a build seen on the host, given as an absolute path. */
  static RemoteWorkspace at(String absoluteDir) {
    return new RemoteWorkspace(absoluteDir);
  }

  /**
   * Creates a fresh build folder under {@code absoluteRoot} ({@link WorkRoot}), readable by the
   * remote user alone, with the script and the build id in it.
   */
  static RemoteWorkspace create(
      SftpClient sftp, String absoluteRoot, String buildId, String script, RandomGenerator random)
      throws IOException {
    byte[] suffix = new byte[6];
    random.nextBytes(suffix);
    String name =
        buildId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(suffix);
    String dir = (absoluteRoot.equals("/") ? "" : absoluteRoot) + "/" + name;
    sftp.mkdir(dir);
    sftp.setStat(dir, new Attributes().perms(0700));
    sftp.mkdir(dir + "/workspace");
    RemoteWorkspace workspace = new RemoteWorkspace(dir);
    workspace.write(sftp, "build-id", buildId);
    workspace.write(sftp, "build.sh", script);
    workspace.write(sftp, "init.sh", INIT);
    return workspace;
  }

  /**
   * The build id recorded in the folder {@code name} under {@code absoluteRoot}, or null if none.
   */
  static String buildIdOf(SftpClient sftp, String absoluteRoot, String name) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return null;
    }
    String file = absoluteRoot + "/" + name + "/build-id";
    try {
      // Anything else (a FIFO, a link to a device) was put there by the build, and could block.
      if (!sftp.lstat(file).isRegularFile()) {
        return matcher.group(1);
      }
    } catch (IOException e) {
      return matcher.group(1);
    }
    try (InputStream in = sftp.read(file)) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (IOException e) {
      // Removed or not written yet: the name still tells the (made safe) build id.
      return matcher.group(1);
    }
  }

  /** The absolute path of the build folder. */
  String dir() {
    return dir;
  }

  /** The absolute path of the folder the script runs in. */
  String workspace() {
    return dir + "/workspace";
  }

  /** The absolute path of the script. */
  String script() {
    return dir + "/build.sh";
  }

  /**
   * The absolute path of {@code init.sh}, which runs the script and kills what it leaves behind.
   */
  String init() {
    return dir + "/init.sh";
  }

  /**
   * The absolute path of the cancel mark: a folder, so making it cannot follow a link the build
   * planted there.
   */
  String cancelMark() {
    return dir + "/cancel";
  }

  /**
   * Copies the files and folders under {@code from} into the workspace, executable bits included.
   * Symbolic links are not copied: their targets may not exist over there.
   *
   * @return the paths (relative) of the links that were skipped
   */
  List<String> upload(SftpClient sftp, Path from) throws IOException {
    List<String> skipped = new ArrayList<>();
    if (!Files.isDirectory(from)) {
      return skipped;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(from)) {
      paths = walk.filter(p -> !p.equals(from)).sorted().toList();
    }
    for (Path path : paths) {
      String relative = from.relativize(path).toString().replace('\\', '/');
      String target = workspace() + "/" + relative;
      if (Files.isSymbolicLink(path)) {
        skipped.add(relative);
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        sftp.mkdir(target);
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        try (InputStream in = Files.newInputStream(path);
            OutputStream out = sftp.write(target)) {
          in.transferTo(out);
        }
        if (Files.isExecutable(path)) {
          sftp.setStat(target, new Attributes().perms(0755));
        }
      }
    }
    return skipped;
  }

  /**
   * A shell command that kills what is left of the script's process group, when Kiln knows it, and
   * removes the folder. A cancel's {@code mkdir cancel}, sent on a channel of its own, may land
   * while {@code rm} empties the folder and make its last step fail: one more try removes it then,
   * and a later one finds no folder to make the mark in.
   */
  String removeCommand(ProcessGroup group) {
    String kill = group == null ? "" : "{ " + group.signalCommand("KILL", script()) + "; }; ";
    String remove = "rm -rf -- " + Shell.quote(dir);
    return kill + remove + " 2>/dev/null || { sleep 0.2; " + remove + "; }";
  }

  /**
   * For a build whose process group Kiln never learnt or has forgotten (the orphan reaper): kills
   * every process group whose leader, by the kernel's account, leads its group and still runs this
   * folder's script, then removes the folder. A build can only make its own processes look so.
   */
  String reapCommand() {
    // This shell's own command line names the script too: it is left out.
    return "for d in /proc/[0-9]*; do p=${d#/proc/}; [ \"$p\" = $$ ] && continue;"
        + " read -r s 2>/dev/null < \"$d/stat\" || continue;"
        + " set -- ${s##*\") \"}; [ \"$3\" = \"$p\" ] && [ \"$p\" -gt 1 ] && grep -aqF -e "
        + Shell.quote(script())
        + " \"$d/cmdline\" 2>/dev/null && kill -KILL \"-$p\" 2>/dev/null; done; rm -rf -- "
        + Shell.quote(dir);
  }

  private void write(SftpClient sftp, String name, String text) throws IOException {
    try (OutputStream out = sftp.write(dir + "/" + name)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String readInit() {
    try (InputStream in = RemoteWorkspace.class.getResourceAsStream("init.sh")) {
      if (in == null) {
        throw new IllegalStateException("init.sh is missing from the SSH builder's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read init.sh from the SSH builder's jar", e);
    }
  }
}
