# Sourced by scripts/test: installs the real tools the tests drive (Debian packages)
# when they are missing, so a fresh machine or CI runner needs nothing by hand.
# Without root or sudo it only says what is missing; the tests that need a tool skip
# and name its package.
PATROL_TEST_PACKAGES=(
  chromium          # the report's HTML in a real browser (ReportInBrowserIT)
  chromium-driver   # /usr/bin/chromedriver, so Selenium never downloads a driver
  # backups: fixtures made by the real producers, verdicts checked against the real tools
  postgresql sqlite3 zstd lz4 zip unzip mariadb-server mariadb-client
)

patrol_install_test_tools() {
  local missing=() p
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for p in "${PATROL_TEST_PACKAGES[@]+"${PATROL_TEST_PACKAGES[@]}"}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "scripts/test: missing Debian packages (tests that need them will skip): ${missing[*]}" >&2
      return 0
    fi
  fi
  echo "scripts/test: installing ${missing[*]}" >&2
  if ! { $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "scripts/test: could not install ${missing[*]} (tests that need them will skip)" >&2
  fi
}
