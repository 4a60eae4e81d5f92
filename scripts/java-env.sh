# Sourced by the project's scripts: selects a JDK >= 21 (OpenSearch 3.x needs it) and exports JAVA_HOME.
# Order: an already-set JAVA_HOME if it is >= 21, then the usual JVM folders, newest first.
# Fails with a clear message when none is found.

recsys_java_major() {
  # prints the feature version of the java binary given, e.g. 21 or 25
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

recsys_find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(recsys_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$major $candidate"
    fi
  done | sort -rn | head -n 1 | cut -d' ' -f2-
}

if [ -z "${RECSYS_JAVA_SELECTED:-}" ]; then
  _jdk=$(recsys_find_jdk)
  if [ -z "$_jdk" ]; then
    echo "error: opensearch-recsys needs a JDK 21 or newer (OpenSearch 3.x); none found in JAVA_HOME or /usr/lib/jvm." >&2
    echo "       Install one (for example Temurin 21 or 25) or set JAVA_HOME to it." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME="$_jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
  export RECSYS_JAVA_SELECTED=1
  unset _jdk
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "error: Apache Maven (3.8 or newer) is needed: apt-get install maven" >&2
  return 1 2>/dev/null || exit 1
fi
