#!/usr/bin/env bash
# `make run` on Linux: the window needs the system libraries of Qt's xcb platform plugin, which the PySide6
# wheels do not ship (a minimal Debian or Ubuntu lacks libxcb-icccm4 and libxcb-keysyms1, and Qt then only
# says it "could not load the xcb plugin"). Installs the missing ones when it can (root, or sudo without a
# password); otherwise says in French which command to type. Elsewhere (no dpkg) it checks nothing.
set -euo pipefail
[ "$(uname -s)" = Linux ] || exit 0
command -v dpkg >/dev/null 2>&1 || exit 0

packages=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1
          libfontconfig1 libdbus-1-3 libglib2.0-0)
arch="$(dpkg --print-architecture)"  # with Wine's i386 beside it, a bare name is ambiguous to dpkg
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg:$arch" >/dev/null 2>&1 || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "Bibliothèques système de la fenêtre (Qt) à installer : ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "Installez-les puis relancez « make run » :" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${as_root[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
