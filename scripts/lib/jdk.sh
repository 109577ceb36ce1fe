# Sourced by the scripts: points JAVA_HOME at a JDK >= 21.
# Order: JAVA_HOME if it qualifies, then the newest JDK in Debian's JDK directory,
# then the `java` on PATH; otherwise a clear error. The default java here is 17.
# PATROL_JVM_DIR: where installed JDKs are looked for (default /usr/lib/jvm, Debian's and Fedora's).
patrol_jdk_version() { # prints the feature version of the JDK at $1, or nothing
  patrol_jdk_version_of "$1"
  [ -z "$patrol_v" ] || echo "$patrol_v"
}

# Sets patrol_v to the feature version of the JDK at $1, or to nothing: without a subshell, since the
# launcher asks it of every installed JDK at every start (a process each: ~1 ms apiece).
patrol_jdk_version_of() {
  local home=$1 v="" line
  patrol_v=""
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
  if [ -n "$v" ]; then patrol_v=$v; return 0; fi
  patrol_v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1)
}

patrol_jdk_seen() { # adds "JDK $1 at $2" to patrol_find_jdk's $seen, once per JDK however many links lead to it
  local at
  [ -n "$1" ] || return 0
  at=$(readlink -f "$2")
  case ", $seen," in *", JDK $1 at $at,"*) ;; *) seen="${seen:+$seen, }JDK $1 at $at" ;; esac
}

# Sets PATROL_JAVA_HOME to the JDK to use and patrol_java_version to its feature version, and succeeds;
# or sets PATROL_JAVA_HOME to the older JDKs it saw ("JDK 17 at /usr/lib/jvm/…, …") and fails.
# In this shell, not a subshell: the older JDKs are resolved (readlink) only when none will do.
patrol_find_jdk() {
  local min=21 candidate best="" bestv=0 seen="" older=()
  if [ -n "${JAVA_HOME:-}" ]; then
    patrol_jdk_version_of "$JAVA_HOME"
    if [ -n "$patrol_v" ] && [ "$patrol_v" -ge "$min" ]; then PATROL_JAVA_HOME=$JAVA_HOME; patrol_java_version=$patrol_v; return 0; fi
    older+=("$patrol_v" "$JAVA_HOME")
  fi
  for candidate in "${PATROL_JVM_DIR:-/usr/lib/jvm}"/*; do
    [ -d "$candidate" ] || continue
    patrol_jdk_version_of "$candidate"
    [ -n "$patrol_v" ] || continue
    if [ "$patrol_v" -ge "$min" ]; then
      if [ "$patrol_v" -gt "$bestv" ]; then best=$candidate; bestv=$patrol_v; fi
    else
      older+=("$patrol_v" "$candidate")
    fi
  done
  if [ -n "$best" ]; then PATROL_JAVA_HOME=$best; patrol_java_version=$bestv; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    patrol_jdk_version_of "$candidate"
    if [ -n "$patrol_v" ] && [ "$patrol_v" -ge "$min" ]; then PATROL_JAVA_HOME=$candidate; patrol_java_version=$patrol_v; return 0; fi
    older+=("$patrol_v" "$candidate")
  fi
  local i
  for ((i = 0; i < ${#older[@]}; i += 2)); do patrol_jdk_seen "${older[i]}" "${older[i + 1]}"; done
  PATROL_JAVA_HOME=$seen
  return 1
}

if ! patrol_find_jdk; then
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
# Maven 3.9's Guice warns about sun.misc.Unsafe on JDK 24+; the flag exists only there.
if [ "$patrol_java_version" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in *unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
