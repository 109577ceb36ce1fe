# Sourced by the launcher's checks that stop a command before Java starts: with --json among the
# command's arguments (before any "--"), the contract's one error document on stdout, as Patrol's
# own ErrorDocument writes it. Usage: patrol_error_document KIND EXIT_CODE MESSAGE "$@"
patrol_error_document() {
  local kind=$1 code=$2 message=$3 a escaped
  shift 3
  for a in "$@"; do
    [ "$a" = "--" ] && return 0
    if [ "$a" = "--json" ]; then
      escaped=$(printf '%s' "$message" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr -d '\000-\037')
      printf '{"status":"error","error":{"kind":"%s","message":"%s","exitCode":%s}}\n' "$kind" "$escaped" "$code"
      return 0
    fi
  done
}
