#!/usr/bin/env bash
# Builds the plugin API's classes as they were at a git commit into a jar, the baseline the
# compatibility check (japicmp, in plugin-api/pom.xml) compares the current API with.
#   plugin-api/compat/make-baseline.sh <commit> <api-version>
# Run from the repository's root; writes plugin-api/compat/kiln-plugin-api-<api-version>.jar.
set -euo pipefail
commit=${1:?usage: make-baseline.sh <commit> <api-version>}
version=${2:?usage: make-baseline.sh <commit> <api-version>}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git -C "$root" archive "$commit" plugin-api/src/main/java | tar -x -C "$work"
"$root/mvnw" -q -B --no-transfer-progress -f "$root/plugin-api/pom.xml" dependency:build-classpath \
  -Dmdep.includeArtifactIds=pf4j -Dmdep.outputFile="$work/classpath.txt"
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
jar=${JAVA_HOME:+$JAVA_HOME/bin/}jar
mkdir "$work/classes"
"$javac" --release 21 -nowarn -cp "$(cat "$work/classpath.txt")" -d "$work/classes" \
  $(find "$work/plugin-api/src/main/java" -name '*.java')
# A fixed time stamp, so that the same commit always gives the same jar.
"$jar" --create --date=2026-01-01T00:00:00Z --file "$root/plugin-api/compat/kiln-plugin-api-$version.jar" \
  -C "$work/classes" .
echo "plugin-api/compat/kiln-plugin-api-$version.jar: the API at $(git -C "$root" rev-parse --short "$commit")"
