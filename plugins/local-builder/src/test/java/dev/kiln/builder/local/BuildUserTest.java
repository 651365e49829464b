package dev.kiln.builder.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Who builds run as: Kiln's own user unless Kiln is root, and then never root. */
class BuildUserTest {

  private static final Function<String, Optional<String>> NO_USERS = name -> Optional.empty();

  private static Function<String, Optional<String>> users(Map<String, String> passwd) {
    return name -> Optional.ofNullable(passwd.get(name));
  }

  @Test
  void kilnThatIsNotRootRunsBuildsAsItself() {
    assertThat(BuildUser.of(null, 1000, NO_USERS)).isEmpty();
    assertThat(BuildUser.of("kiln-build", 1000, NO_USERS)).isEmpty();
  }

  @Test
  void rootTakesTheDedicatedUserWhenItExistsElseNobody() {
    var dedicated =
        users(Map.of("kiln-build", "kiln-build:x:998:997::/nonexistent:/usr/sbin/nologin"));

    assertThat(BuildUser.of(null, 0, dedicated))
        .contains(new BuildUser(998, 997, "kiln-build (998:997)"));
    assertThat(BuildUser.of(null, 0, NO_USERS))
        .contains(new BuildUser(65534, 65534, "nobody (65534:65534)"));
  }

  @Test
  void anAdminNamesTheUserByNameOrNumbers() {
    var passwd = users(Map.of("builder", "builder:x:1500:1600:Builds:/home/builder:/bin/bash"));

    assertThat(BuildUser.of("builder", 0, passwd))
        .contains(new BuildUser(1500, 1600, "builder (1500:1600)"));
    assertThat(BuildUser.of("2000", 0, NO_USERS)).contains(new BuildUser(2000, 2000, "2000:2000"));
    assertThat(BuildUser.of("2000:3000", 0, NO_USERS))
        .contains(new BuildUser(2000, 3000, "2000:3000"));
  }

  @Test
  void rootAndUnknownUsersAreRefusedWithTheSettingsName() {
    var passwd =
        users(
            Map.of("root", "root:x:0:0:root:/root:/bin/bash", "wheel", "wheel:x:10:0::/:/bin/sh"));

    for (String user : new String[] {"0", "0:0", "1000:0", "root", "wheel"}) {
      assertThatThrownBy(() -> BuildUser.of(user, 0, passwd))
          .as(user)
          .hasMessageContaining("KILN_LOCAL_BUILD_USER")
          .hasMessageContaining("must not run as root");
    }
    assertThatThrownBy(() -> BuildUser.of("nosuchuser", 0, passwd))
        .hasMessageContaining("KILN_LOCAL_BUILD_USER")
        .hasMessageContaining("does not exist");
  }
}
