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

# PostgreSQL 16 and later write lz4 and zstd archives (archive 1.15, large objects in
# blobs_NNNN.toc groups from 17 on); bookworm only has PostgreSQL 15. Debian trixie's
# postgresql-client-17 binaries are fetched (.deb files only; no apt sources changed), with
# the trixie libraries they link, checked against the SHA-256 in trixie's package index, and
# run through trixie's own dynamic loader, so pg_dump and pg_restore 17 run on bookworm's
# older glibc. They dump the PostgreSQL 15 server the tests start. Cached under
# ~/.cache/patrol/test-tools; PATROL_TEST_PG17_BIN names the folder with pg_dump and pg_restore.
PATROL_PG17_DEBS=(postgresql-client-17 libpq5 libc6 libgcc-s1 gcc-14-base libssl3t64 zlib1g liblz4-1 libzstd1
  libldap2 libsasl2-2 libsasl2-modules-db libdb5.3t64 libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0
  libcom-err2 libkeyutils1)

patrol_install_pg17_client() {
  local root=${XDG_CACHE_HOME:-$HOME/.cache}/patrol/test-tools/postgresql-17 mirror=http://deb.debian.org/debian
  export PATROL_TEST_PG17_BIN=$root/bin
  [ -x "$root/bin/pg_restore" ] && "$root/bin/pg_dump" --version >/dev/null 2>&1 && return 0
  command -v dpkg-deb >/dev/null 2>&1 || { echo "scripts/test: no dpkg-deb: the PostgreSQL 17 dump tests will skip" >&2; return 0; }
  local tmp; tmp=$(mktemp -d)
  if ! (
    set -euo pipefail
    curl -fsS --max-time 60 "$mirror/dists/trixie/main/binary-amd64/Packages.xz" | xz -dc > "$tmp/Packages"
    rm -rf "$root.new" && mkdir -p "$root.new/bin"
    for p in "${PATROL_PG17_DEBS[@]}"; do
      read -r file sum < <(awk -v p="$p" '$1=="Package:"{m=($2==p)} m&&$1=="Filename:"{f=$2} m&&$1=="SHA256:"{s=$2} m&&/^$/{exit} END{print f, s}' "$tmp/Packages")
      [ -n "$file" ] || { echo "no $p in trixie's index" >&2; exit 1; }
      curl -fsS --max-time 120 -o "$tmp/$p.deb" "$mirror/$file"
      echo "$sum  $tmp/$p.deb" | sha256sum -c --quiet
      dpkg-deb -x "$tmp/$p.deb" "$root.new/root"
    done
    lib=$root/root/usr/lib/x86_64-linux-gnu
    for t in pg_dump pg_restore; do
      printf '#!/bin/sh\nexec %s/ld-linux-x86-64.so.2 --library-path %s %s/root/usr/lib/postgresql/17/bin/%s "$@"\n' "$lib" "$lib" "$root" "$t" > "$root.new/bin/$t"
      chmod +x "$root.new/bin/$t"
    done
    rm -rf "$root" && mv "$root.new" "$root"
    "$root/bin/pg_dump" --version >/dev/null
  ) 2> "$tmp/err"; then
    echo "scripts/test: could not fetch PostgreSQL 17's client from Debian trixie (the PostgreSQL 17 dump tests will skip): $(tail -n 1 "$tmp/err")" >&2
    rm -rf "$root.new"
  fi
  rm -rf "$tmp"
}
