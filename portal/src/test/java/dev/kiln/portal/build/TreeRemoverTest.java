package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a build script leaves in its folder, made by real bash, is removed, and nothing outside
 * it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TreeRemoverTest {

  @TempDir Path tmp;

  @Test
  void removesATreeFarDeeperThanPathMax() throws Exception {
    Path folder = tmp.resolve("build-1");
    // 12,000 levels (a script's `mkdir a; cd a` loop makes the same; this is quicker), then long
    // names.
    Trees.bash(
        folder,
        """
        mkdir -p "$(printf 'a/%.0s' $(seq 1 12000))"
        mkdir -p "$(printf "$(printf 'n%.0s' $(seq 1 250))/%.0s" $(seq 1 100))"
        """);

    assertThat(TreeRemover.remove(folder)).isEqualTo(12_000 + 100 + 1);
    assertThat(folder).doesNotExist();
  }

  @Test
  void removesNamesThatAreNotUtf8UnderThePosixLocale() throws Exception {
    Path folder = tmp.resolve("build-2");
    String script =
        """
        touch -- $'\\xff\\xfe' $'caf\\xe9' $'new\\nline' $'tab\\tand\\rreturn' '-rf' '*' ' ' '\\' "$(printf 'x%.0s' $(seq 1 255))"
        mkdir $'dir\\x80' $'dir\\x80/\\xc3\\x28' $'only\\nnewlines\\n'
        touch $'dir\\x80/\\xc3\\x28/\\xed\\xa0\\x80' $'only\\nnewlines\\n/\\x01'
        """;
    Trees.bash(folder, script);

    var removal = Trees.removeInOwnJvm(folder, tmp, "64m", false);
    assertThat(removal.exitCode()).as(removal.output()).isZero();
    assertThat(folder).doesNotExist();

    Trees.bash(folder, script); // and in this JVM, whatever its locale
    TreeRemover.remove(folder);
    assertThat(folder).doesNotExist();
  }

  @Test
  void removesWhatItsOwnerMayNotReadWriteOrEnter() throws Exception {
    Path folder = tmp.resolve("owned").resolve("build-3");
    // As an unprivileged user: root may enter any folder whatever its mode.
    Trees.bashUnprivileged(
        folder.getParent(),
        """
        mkdir build-3 && cd build-3
        for mode in 000 100 200 300 400 500 600 700 1777 1000 2755; do
          mkdir -p "m$mode/inner" && touch "m$mode/file" "m$mode/inner/file"
          chmod 000 "m$mode/inner" && chmod "$mode" "m$mode"
        done
        touch ro && chmod 000 ro
        touch ro2 && chmod 444 ro2
        # A locked folder below the depth at which subtrees are moved up, inside another locked one.
        mkdir -p "$(printf 'd/%.0s' $(seq 1 40))locked/more"
        touch "$(printf 'd/%.0s' $(seq 1 40))locked/more/file"
        chmod 000 "$(printf 'd/%.0s' $(seq 1 40))locked/more" "$(printf 'd/%.0s' $(seq 1 40))locked"
        chmod 500 "$(printf 'd/%.0s' $(seq 1 20))"
        chmod 500 .
        """);

    var removal = Trees.removeInOwnJvm(folder, tmp, "64m", true);
    assertThat(removal.exitCode()).as(removal.output()).isZero();
    assertThat(folder).doesNotExist();
  }

  @Test
  void removesLinksWithoutFollowingThem() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "kept");
    Files.createDirectories(outside.resolve("sub")).resolve("keep2").toFile().createNewFile();
    Path folder = tmp.resolve("build-4");
    Trees.bash(
        folder,
        """
        o='%s'
        ln -s "$o" to-outside
        ln -s "$o/keep" to-file
        ln -s / to-root
        ln -s .. to-parent
        ln -s nowhere dangling
        ln -s loop2 loop1 && ln -s loop1 loop2
        ln "$o/keep" hard-link
        mkdir -p "$(printf 'd/%%.0s' $(seq 1 40))" && ln -s "$o" "$(printf 'd/%%.0s' $(seq 1 40))deep-link"
        mkdir -p x && ln -s "$o/sub" x/sub
        """
            .formatted(outside));
    assertThat(Files.getAttribute(outside.resolve("keep"), "unix:nlink")).isEqualTo(2);

    TreeRemover.remove(folder);

    assertThat(folder).doesNotExist();
    assertThat(outside.resolve("keep")).hasContent("kept");
    assertThat(outside.resolve("sub/keep2")).exists();
    assertThat(Files.getAttribute(outside.resolve("keep"), "unix:nlink")).isEqualTo(1);
  }

  @Test
  void aFolderThatIsALinkLosesTheLinkOnly() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(outside.resolve("keep"), "kept");
    Path folder = Files.createSymbolicLink(tmp.resolve("build-5"), outside);

    TreeRemover.remove(folder);

    assertThat(Files.exists(folder, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(outside.resolve("keep")).hasContent("kept");
  }

  @Test
  void removesFifosSocketsAndDevices() throws Exception {
    Path folder = tmp.resolve("build-6");
    Trees.bash(
        folder,
        """
        mkfifo fifo
        mkdir d && mkfifo d/fifo2
        if [ "$(id -u)" = 0 ]; then mknod null-device c 1 3; fi
        """);
    try (var socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(folder.resolve("d/socket"))); // bash cannot make one
      TreeRemover.remove(folder); // while the socket is still bound
    }
    assertThat(folder).doesNotExist();
  }

  @Test
  void removesFilesThatARunningProcessStillWrites() throws Exception {
    Path folder = tmp.resolve("build-7");
    Path pid = tmp.resolve("writer.pid");
    Trees.bash(
        folder,
        """
        mkdir -p logs
        (exec 3> logs/out; while :; do echo line >&3; done) </dev/null >/dev/null 2>&1 &
        echo $! > '%s'
        sleep 0.2
        """
            .formatted(pid));
    long writer = Long.parseLong(Files.readString(pid).strip());
    try {
      assertThat(ProcessHandle.of(writer)).get().matches(ProcessHandle::isAlive);
      TreeRemover.remove(folder);
      assertThat(folder).doesNotExist();
    } finally {
      stop(writer);
    }
  }

  @Test
  void aProcessStillFillingTheFolderGetsAnAnswerNotAHang() throws Exception {
    Path folder = tmp.resolve("build-8");
    Path pid = tmp.resolve("filler.pid");
    Trees.bash(
        folder,
        """
        mkdir -p spool
        (i=0; while :; do i=$((i+1)); : > spool/f$i; mkdir -p "spool/d$i/e"; done) </dev/null >/dev/null 2>&1 &
        echo $! > '%s'
        sleep 0.2
        """
            .formatted(pid));
    long filler = Long.parseLong(Files.readString(pid).strip());
    try {
      TreeRemover.remove(folder);
      assertThat(folder)
          .doesNotExist(); // possible when the filler lost its folder before it made the next file
    } catch (IOException e) {
      assertThat(e.getMessage()).contains(folder.toString());
    } finally {
      stop(filler);
      TreeRemover.remove(
          folder); // what it made after the removal gave up, so the test leaves nothing
    }
  }

  @Test
  void removesManySmallFilesInLittleMemory() throws Exception {
    Path folder = tmp.resolve("build-9");
    Trees.bash(folder, "mkdir many && cd many && seq -f 'file-%.0f' 1 100000 | xargs touch");

    var removal = Trees.removeInOwnJvm(folder, tmp, "12m", false);
    assertThat(removal.exitCode()).as(removal.output()).isZero();
    assertThat(removal.output()).contains("removed 100002 entries");
    assertThat(folder).doesNotExist();
  }

  @Test
  void namesWhatItCannotRemoveAndRemovesTheRest() throws Exception {
    assumeTrue(Trees.root(), "only root can make a file immutable");
    Path folder = tmp.resolve("build-10");
    Trees.bash(folder, "mkdir -p a/b other && touch a/b/stuck other/file && chattr +i a/b/stuck");
    try {
      assertThatThrownBy(() -> TreeRemover.remove(folder))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(folder.resolve("a/b/stuck").toString())
          .hasMessageContaining("Operation not permitted");
      assertThat(folder.resolve("other")).doesNotExist();
    } finally {
      Trees.bash(folder, "chattr -i a/b/stuck");
    }
    TreeRemover.remove(folder);
    assertThat(folder).doesNotExist();
  }

  private static void stop(long pid) {
    ProcessHandle.of(pid)
        .ifPresent(
            process -> {
              process.descendants().forEach(ProcessHandle::destroyForcibly);
              process.destroyForcibly();
              process.onExit().join();
            });
  }

  @Test
  void aMissingFolderIsAlreadyRemoved() throws Exception {
    assertThat(TreeRemover.remove(tmp.resolve("never-made"))).isZero();
    assertThat(TreeRemover.remove(tmp.resolve("no/such/parent"))).isZero();
  }
}
