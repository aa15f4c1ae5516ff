#!/usr/bin/env bash
# Installs the Debian package into a clean Debian 12 root (debootstrap from
# Debian's mirror) that has no Swift, and uses it there as an adopter would:
# the version, the man page and completions, then a check and a full build
# of this repository's sheets (PDFs printed by the root's own Chromium), and
# a new partnership's project from `guidance init`, checked and built there.
#
#   Packaging/test-package.sh DEB         (make test-package runs it; as root)
#
# The bare root is kept in .build/debian-root-base (made once, about two
# minutes); each run installs into a fresh copy of it.
set -euo pipefail

deb=$(readlink -f "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
base=$here/.build/debian-root-base
root=$here/.build/debian-root
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

[ "$(id -u)" = 0 ] || { echo "test-package.sh: run as root (debootstrap and chroot need it)" >&2; exit 2; }
if [ ! -f "$base/.complete" ]; then
  rm -rf "$base"
  echo "Making a bare Debian 12 root in $base (once) ..."
  debootstrap --variant=minbase bookworm "$base" "$mirror" > "$here/.build/debootstrap.log" 2>&1 \
    || { echo "debootstrap failed; see .build/debootstrap.log" >&2; exit 1; }
  touch "$base/.complete"
fi

mounted=()
cleanup() {
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT
rm -rf "$root"
cp -a "$base" "$root"
for m in proc sys dev dev/pts dev/shm; do
  mkdir -p "$root/$m"
  case $m in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    dev/shm) mount -t tmpfs shm "$root/dev/shm" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== no Swift in the root"
if in_root sh -c 'command -v swift || ls /opt/swift /usr/lib/swift 2>/dev/null'; then
  echo "FAIL: the root has Swift" >&2; exit 1
fi
echo "ok"

echo "== apt-get install ./$(basename "$deb")"
cp "$deb" "$root/tmp/"
start=$(date +%s)
in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$(basename "$deb")" > "$here/.build/test-package-apt.log" 2>&1 \
  || { tail -20 "$here/.build/test-package-apt.log" >&2; echo "FAIL: apt-get could not install the package" >&2; exit 1; }
echo "installed in $(( $(date +%s) - start )) s"

echo "== guidance --version"
in_root guidance --version
echo "== files"
for f in /usr/bin/guidance /usr/share/man/man1/guidance.1.gz /usr/share/bash-completion/completions/guidance \
         /usr/share/zsh/vendor-completions/_guidance /usr/share/fish/vendor_completions.d/guidance.fish; do
  [ -s "$root$f" ] || { echo "FAIL: $f missing" >&2; exit 1; }
  echo "$f"
done
if in_root ldd /usr/bin/guidance | grep -E 'not found|swift'; then echo "FAIL: unresolved or Swift libraries" >&2; exit 1; fi

echo "== the learned language judge runs from the package"
judged=$(in_root sh -c 'printf "She was happy to go back to his flat whenever he asked.\n" | guidance lint-language --judge model --format json -' || true)
if printf '%s' "$judged" | grep -q 'not installed'; then echo "FAIL: the language model is not found in the package" >&2; exit 1; fi
printf '%s' "$judged" | grep -q '"languageRule" : "language.model"' \
  || { echo "FAIL: the judge gave no finding: $judged" >&2; exit 1; }
echo "ok: lint-language --judge model reads with /usr/lib/guidance/language-model"

echo "== guidance check and build of this repository's sheets"
mkdir -p "$root/root/sheets"
cp -r "$here/Guidance" "$root/root/sheets/"
in_root sh -c 'cd /root/sheets && guidance check --offline; echo "check exit $?"'
in_root sh -c 'cd /root/sheets && guidance build'
pdfs=$(find "$root/root/sheets/Output" -name '*.pdf' | wc -l)
for pdf in "$root"/root/sheets/Output/*/*.pdf; do
  case $pdf in */all-sheets.pdf) continue ;; esac
  pages=$(in_root pdfinfo "${pdf#$root}" | awk '/^Pages:/ { print $2 }')
  [ "$pages" = 1 ] || { echo "FAIL: ${pdf#$root} has $pages pages" >&2; exit 1; }
done
echo "ok: $pdfs PDFs built in the root, each sheet one page"

echo "== guidance init, check and build of a new partnership's project"
in_root guidance init /root/brent --partnership "Brent Safeguarding Children Partnership" \
  --base-url https://example.org/guidance/
in_root sh -c 'cd /root/brent && guidance check --offline && guidance build'
for pdf in "$root"/root/brent/Output/*/*.pdf; do
  pages=$(in_root pdfinfo "${pdf#$root}" | awk '/^Pages:/ { print $2 }')
  [ "$pages" = 1 ] || { echo "FAIL: ${pdf#$root} has $pages pages" >&2; exit 1; }
  if in_root pdftotext "${pdf#$root}" - | grep -qi harrow; then echo "FAIL: ${pdf#$root} names Harrow" >&2; exit 1; fi
done
if grep -rli harrow "$root/root/brent/Guidance" "$root/root/brent/Output"; then
  echo "FAIL: the new project names Harrow" >&2; exit 1
fi
echo "ok: a new partnership's project checks clean and builds in the root, each sheet one page"
