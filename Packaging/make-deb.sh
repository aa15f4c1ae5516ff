#!/usr/bin/env bash
# Builds the Debian package of the guidance tool from a release binary built
# with the Swift standard library linked in (--static-swift-stdlib), so the
# package needs no Swift toolchain: only the Debian libraries the binary
# links (found from its NEEDED entries) and the programs it runs (Chromium
# to print, poppler-utils to count pages, qpdf to finish PDFs).
#
#   Packaging/make-deb.sh BINARY MANPAGE OUTDIR [MODEL]   (make deb runs it)
#
# MODEL is the language judge's base encoder folder (make language-model),
# installed as /usr/lib/guidance/language-model, where the tool looks for it.
#
# The package is deterministic: the same binary and man page give the same
# bytes (file times from SOURCE_DATE_EPOCH, root-owned, sorted).
set -euo pipefail

binary=$1 manpage=$2 outdir=$3 model=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
# Programs the tool runs (not linked, so not found from the binary).
runtime_programs=${RUNTIME_PROGRAMS:-chromium, poppler-utils, qpdf}

[ -x "$binary" ] || { echo "make-deb.sh: no binary at $binary: run 'make release' first" >&2; exit 2; }
[ -f "$manpage" ] || { echo "make-deb.sh: no man page at $manpage: run 'make man' first" >&2; exit 2; }
# (No `grep -q` or early `exit` in a pipe: under pipefail the writer's SIGPIPE would fail it.)
if objdump -p "$binary" | grep 'NEEDED.*libswiftCore' > /dev/null; then
  echo "make-deb.sh: $binary links the Swift runtime dynamically; build it with --static-swift-stdlib (make release does)" >&2
  exit 2
fi

version=$("$binary" --version)
arch=$(dpkg --print-architecture)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$here/.." log -1 --format=%ct 2>/dev/null || echo 0)}

# The package of each library the binary names (its direct NEEDED entries).
depends=()
for lib in $(objdump -p "$binary" | awk '/NEEDED/ { print $2 }'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x86_64|aarch64|AArch64/ && !found++ { print $NF }')
  [ -n "$path" ] || { echo "make-deb.sh: cannot find $lib" >&2; exit 2; }
  owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null) \
    || { echo "make-deb.sh: no Debian package owns $path" >&2; exit 2; }
  package=${owner%%:*}
  installed=$(dpkg-query -W -f='${Version}' "$package")
  depends+=("$package (>= ${installed%%-*})")
done
depends_line=$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, | sed 's/,/, /g')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/guidance" "$root/usr/share/man/man1" "$root/usr/share/doc/guidance" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d"
# The binary beside its resource bundle (the shipped language rules), which
# Foundation looks for next to the executable's real path; /usr/bin has a link.
install -m 755 "$binary" "$root/usr/lib/guidance/guidance"
strip --strip-unneeded "$root/usr/lib/guidance/guidance"
for bundle in "$(dirname "$binary")"/*.resources; do
  [ -d "$bundle" ] || { echo "make-deb.sh: no resource bundle beside $binary" >&2; exit 2; }
  cp -r "$bundle" "$root/usr/lib/guidance/"
done
ln -s ../lib/guidance/guidance "$root/usr/bin/guidance"
if [ -n "$model" ]; then
  for file in model.safetensors tokenizer.json config.json; do
    [ -f "$model/$file" ] || { echo "make-deb.sh: no $file in $model: run 'make language-model' first" >&2; exit 2; }
    install -D -m 644 "$model/$file" "$root/usr/lib/guidance/language-model/$file"
  done
fi
gzip -9n < "$manpage" > "$root/usr/share/man/man1/guidance.1.gz"
"$binary" --generate-completion-script bash > "$root/usr/share/bash-completion/completions/guidance"
"$binary" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_guidance"
"$binary" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/guidance.fish"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: guidance"
  echo
  echo "Files: *"
  echo "License: MIT (the tool); the guidance sheets' text is CC BY 4.0, see LICENSE"
  echo
  sed 's/^$/./; s/^/ /' "$here/../LICENSE"
} > "$root/usr/share/doc/guidance/copyright"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: guidance
Version: $version
Architecture: $arch
Maintainer: guidance maintainers <guidance@users.noreply.github.com>
Installed-Size: $size
Depends: $depends_line, $runtime_programs
Section: utils
Priority: optional
Description: one-page safeguarding guidance sheets from Markdown, kept right
 Builds audience-tagged Markdown sheets and one contacts registry into
 printable one-page HTML, PDF and plain text, with a download page and feed;
 checks phone numbers (libphonenumber), links and victim-blaming language.
CONTROL

find "$root" -exec touch -h -d "@$epoch" {} +
chmod -R go-w "$root"
mkdir -p "$outdir"
deb="$outdir/guidance_${version}_${arch}.deb"
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
