# Finds a JDK new enough to build and run Kiln. Sourced by ./mvnw and ./kiln.
# Usage: pick_jdk MIN_MAJOR  -> prints the JDK's home, or fails saying what to install.

java_major() { # the major version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

pick_jdk() {
  min=$1
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge "$min" ]; then
    echo "$JAVA_HOME"; return
  fi
  best="" best_major=0
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/*; do
    [ -x "$home/bin/javac" ] || continue
    major=$(java_major "$home/bin/java")
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then best="$home" best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "Kiln needs a JDK $min or newer; none was found. Install one and set JAVA_HOME to it." >&2
    return 1
  fi
  [ -z "${JAVA_HOME-}" ] || echo "JAVA_HOME ($JAVA_HOME) is older than Java $min; using $best" >&2
  echo "$best"
}
