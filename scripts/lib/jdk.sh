# Sourced by the scripts: points JAVA_HOME at a JDK >= 21.
# Order: JAVA_HOME if it qualifies, then the newest JDK in Debian's JDK directory,
# then the `java` on PATH; otherwise a clear error. The default java here is 17.
# PATROL_JVM_DIR: where installed JDKs are looked for (default /usr/lib/jvm, Debian's and Fedora's).
patrol_jdk_version() { # prints the feature version of the JDK at $1, or nothing
  local home=$1 v="" line
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  # The JDK's release file says it without starting a JVM (which costs ~40 ms per JDK, at every launch),
  # read by bash itself (JAVA_VERSION="25.0.1" is 25, "1.8.0_402" is 8): no process started at all.
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*)
          v=${line#JAVA_VERSION=}; v=${v#\"}; v=${v%%\"*}
          [ "${v%%.*}" = 1 ] && v=${v#1.}
          v=${v%%.*}
          break ;;
      esac
    done < "$home/release"
  fi
  if [ -n "$v" ]; then echo "$v"; return 0; fi
  "$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

patrol_jdk_seen() { # adds "JDK $1 at $2" to patrol_find_jdk's $seen, once per JDK however many links lead to it
  local at
  [ -n "$1" ] || return 0
  at=$(readlink -f "$2")
  case ", $seen," in *", JDK $1 at $at,"*) ;; *) seen="${seen:+$seen, }JDK $1 at $at" ;; esac
}

# Prints the JDK to use and succeeds; or prints the older JDKs it saw ("JDK 17 at /usr/lib/jvm/…, …") and fails.
patrol_find_jdk() {
  local min=21 v candidate best="" bestv=0 seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(patrol_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then echo "$JAVA_HOME"; return 0; fi
    patrol_jdk_seen "$v" "$JAVA_HOME"
  fi
  for candidate in "${PATROL_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -d "$candidate" ] || continue
    v=$(patrol_jdk_version "$candidate")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$bestv" ]; then best=$candidate; bestv=$v; fi
    patrol_jdk_seen "$v" "$candidate"
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(patrol_jdk_version "$candidate")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then echo "$candidate"; return 0; fi
    patrol_jdk_seen "$v" "$candidate"
  fi
  echo "$seen"
  return 1
}

if ! PATROL_JAVA_HOME=$(patrol_find_jdk); then
  . "$(dirname "${BASH_SOURCE[0]}")/error-document.sh"
  patrol_no_jdk="no JDK 21 or newer found${PATROL_JAVA_HOME:+ (only $PATROL_JAVA_HOME)}: install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+) and set JAVA_HOME to it"
  echo "patrol: $patrol_no_jdk" >&2
  echo "  Looked at JAVA_HOME (${JAVA_HOME:-unset}), ${PATROL_JVM_DIR:-/usr/lib/jvm}/* and the javac on PATH." >&2
  # Sourced with no arguments, this file sees its script's: a launcher's --json gets the one error document.
  patrol_error_document config 2 "$patrol_no_jdk" "$@"
  exit 2
fi
export JAVA_HOME=$PATROL_JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
# The chosen JDK's feature version, read once for the scripts that source this file.
patrol_java_version=$(patrol_jdk_version "$JAVA_HOME")
# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag exists only there.
if [ "$patrol_java_version" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
