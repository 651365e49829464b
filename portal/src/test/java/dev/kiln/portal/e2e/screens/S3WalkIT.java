package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import dev.kiln.portal.storage.S3TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The same walk with logs and artifacts in a real S3 API server instead of the data folder. */
class S3WalkIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runsABuildEndToEndOnS3() throws Exception {
    try (var s3 = S3TestServer.start();
        var kiln =
            KilnProcess.start(
                tmp.resolve("home"),
                "s3",
                Map.of(
                    "KILN_STORAGE", "s3",
                    "KILN_S3_ENDPOINT", s3.endpoint(),
                    "KILN_S3_BUCKET", "kiln-e2e",
                    "KILN_S3_ACCESS_KEY", s3.accessKey(),
                    "KILN_S3_SECRET_KEY", s3.secretKey()));
        var browser = new Chromium("s3")) {
      kiln.awaitReady();
      assertThat(kiln.consoleText()).contains("Logs and artifacts are stored in s3://kiln-e2e");

      long build = NewUserWalk.walk(kiln, browser, NewUserWalk.input(tmp));

      try (var client = s3.newClient()) {
        var keys =
            client
                .listObjectsV2(b -> b.bucket("kiln-e2e").prefix("builds/" + build + "/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
        assertThat(keys)
            .contains(
                "builds/" + build + "/artifacts/dist/input.bin", "builds/" + build + "/log/000000");
      }
      assertThat(kiln.dataDir().resolve("storage")).doesNotExist();
    }
  }
}
