#!/bin/sh
# Installs distropack-cli, the command-line client of DistroPack, for this
# machine's OS and CPU from a GitHub release, after checking it against the
# release's checksums.txt. Needs no sudo.
#
#   curl -fsSL https://github.com/distropack/distropack-cli/releases/download/v2.0.0/install.sh |
#     DISTROPACK_VERSION=v2.0.0 sh
#
# Environment:
#   DISTROPACK_VERSION       release to install, e.g. v2.0.0 or 2.0.0 (default: the latest,
#                            which may be a 1.x release of the official client: set it)
#   DISTROPACK_INSTALL_DIR   directory to install into (default: ~/.local/bin)
#   DISTROPACK_DOWNLOAD_URL  where the releases are (default:
#                            https://github.com/distropack/distropack-cli/releases);
#                            a mirror must keep GitHub's layout:
#                            <url>/latest/download/<file> and <url>/download/<tag>/<file>
#   DISTROPACK_TARGET        install this binary instead of the one for this machine:
#                            linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64 or
#                            windows-x86_64 (the GitHub Action sets it from the runner)
#   DISTROPACK_REQUIRE_SIGNATURE
#                            1: refuse to install unless the signature of checksums.txt is
#                            verified (the GitHub Action sets it); default 0: verify it when
#                            ssh-keygen is installed, else say so and go on
#
# checksums.txt is signed with the release key below (an OpenSSH signature, checksums.txt.sig).
# The key is part of this script on purpose: nothing in the environment can replace it.
set -eu

REPOSITORY="distropack/distropack-cli"
COMMAND="distropack-cli"
SIGNING_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOJxOhK8QG7jKQErUrbTKsn0yy4PIl3jH/lXiVGRrWMT distropack-cli release"
SIGNING_NAMESPACE="distropack-release"

say() {
  printf '%s\n' "$*" >&2
}

fail() {
  say "install.sh: error: $*"
  exit 1
}

# The release asset name for DISTROPACK_TARGET, e.g. distropack-cli-windows-x86_64.exe.
target_asset() {
  case "$1" in
    linux-x86_64 | linux-aarch64 | macos-x86_64 | macos-aarch64) printf '%s-%s\n' "$COMMAND" "$1" ;;
    windows-x86_64) printf '%s-%s.exe\n' "$COMMAND" "$1" ;;
    *) fail "no $COMMAND binary for DISTROPACK_TARGET '$1'. Targets: linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64, windows-x86_64" ;;
  esac
}

# The release asset name for this OS and CPU, e.g. distropack-cli-linux-x86_64.
detect_asset() {
  os=$(uname -s)
  arch=$(uname -m)
  case "$os" in
    Linux) os_name=linux ;;
    Darwin) os_name=macos ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      fail "this installer is for Linux and macOS. On Windows, download $COMMAND-windows-x86_64.exe from https://github.com/$REPOSITORY/releases" ;;
    *) fail "no $COMMAND binary for the OS '$os'. Binaries exist for Linux and macOS (x86_64 and aarch64) and Windows (x86_64); see https://github.com/$REPOSITORY/releases" ;;
  esac
  case "$arch" in
    x86_64 | amd64) arch_name=x86_64 ;;
    aarch64 | arm64) arch_name=aarch64 ;;
    *) fail "no $COMMAND binary for the CPU '$arch' on $os. Binaries exist for x86_64 and aarch64; see https://github.com/$REPOSITORY/releases" ;;
  esac
  # An x86_64 shell under Rosetta on Apple silicon: the native binary is better.
  if [ "$os_name" = macos ] && [ "$arch_name" = x86_64 ] &&
    [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
    arch_name=aarch64
  fi
  printf '%s-%s-%s\n' "$COMMAND" "$os_name" "$arch_name"
}

# download URL FILE
download() {
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget --quiet --tries=3 --output-document="$2" "$1"
  else
    fail "neither curl nor wget is installed; install one of them and run this again"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed, so the download cannot be verified"
  fi
}

# Verifies checksums.txt against checksums.txt.sig in $work with SIGNING_KEY, and says in one
# line whether it did. A bad signature always stops the install; a missing signature or a
# missing ssh-keygen (OpenSSH 8.1 or later) stops it only when a signature is required.
verify_signature() {
  install_openssh="install OpenSSH's client, 8.1 or later (e.g. apt-get install openssh-client)"
  if ! command -v ssh-keygen >/dev/null 2>&1; then
    unverified "ssh-keygen (OpenSSH) is not installed" "$install_openssh"
    return
  fi
  if ! download "$release_url/checksums.txt.sig" "$work/checksums.txt.sig" 2>/dev/null; then
    unverified "$release_url has no checksums.txt.sig" "install a signed release"
    return
  fi
  printf 'distropack-cli-release namespaces="%s" %s\n' "$SIGNING_NAMESPACE" "$SIGNING_KEY" >"$work/allowed_signers"
  if ssh-keygen -Y verify -f "$work/allowed_signers" -I distropack-cli-release -n "$SIGNING_NAMESPACE" \
    -s "$work/checksums.txt.sig" <"$work/checksums.txt" >"$work/verify.log" 2>&1; then
    printf '%s\n' "$SIGNING_KEY" >"$work/signing_key.pub"
    fingerprint=$(ssh-keygen -l -f "$work/signing_key.pub" 2>/dev/null | cut -d ' ' -f 2)
    say "Signature verified: checksums.txt is signed by the $COMMAND release key ${fingerprint:-}"
  elif grep -qiE "option -- '?Y'?" "$work/verify.log"; then
    unverified "this ssh-keygen is older than OpenSSH 8.1 and cannot verify signatures" "$install_openssh"
  else
    fail "the signature of checksums.txt does not verify against the $COMMAND release key ($(tr -d '\r' <"$work/verify.log" | head -n 1)); refusing to install. Report it at https://github.com/$REPOSITORY/issues"
  fi
}

# unverified REASON ADVICE: an error when a signature is required, else one line saying so.
unverified() {
  if [ "$required" = 1 ]; then
    fail "$1, so the signature of checksums.txt cannot be verified, and DISTROPACK_REQUIRE_SIGNATURE=1 requires it: $2"
  fi
  say "Signature not verified: $1; the binary is checked against checksums.txt only (DISTROPACK_REQUIRE_SIGNATURE=1 makes this an error)"
}

main() {
  if [ -n "${DISTROPACK_TARGET:-}" ]; then
    asset=$(target_asset "$DISTROPACK_TARGET")
  else
    asset=$(detect_asset)
  fi
  case "${DISTROPACK_REQUIRE_SIGNATURE:-0}" in
    1) required=1 ;;
    0) required=0 ;;
    *) fail "DISTROPACK_REQUIRE_SIGNATURE must be 1 or 0, not '$DISTROPACK_REQUIRE_SIGNATURE'" ;;
  esac
  base_url="${DISTROPACK_DOWNLOAD_URL:-https://github.com/$REPOSITORY/releases}"
  base_url="${base_url%/}"
  version="${DISTROPACK_VERSION:-latest}"
  case "$version" in
    latest) release_url="$base_url/latest/download" ;;
    v*) release_url="$base_url/download/$version" ;;
    *) version="v$version" && release_url="$base_url/download/$version" ;;
  esac
  install_dir="${DISTROPACK_INSTALL_DIR:-${HOME:?HOME is not set; set DISTROPACK_INSTALL_DIR}/.local/bin}"

  work=$(mktemp -d 2>/dev/null || mktemp -d -t distropack)
  trap 'rm -rf "$work"' EXIT
  trap 'exit 130' INT TERM

  say "Downloading $asset ($version) from $release_url"
  download "$release_url/$asset" "$work/$asset" ||
    fail "could not download $release_url/$asset; check DISTROPACK_VERSION ('$version') and your network"
  download "$release_url/checksums.txt" "$work/checksums.txt" ||
    fail "could not download $release_url/checksums.txt, so the binary cannot be verified"
  verify_signature

  expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1; exit }' "$work/checksums.txt")
  [ -n "$expected" ] || fail "checksums.txt has no entry for $asset; refusing to install an unverified binary"
  actual=$(sha256_of "$work/$asset")
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $asset (expected $expected, got $actual); refusing to install it. Try again, and report it at https://github.com/$REPOSITORY/issues if it persists"
  fi

  mkdir -p "$install_dir" || fail "cannot create $install_dir; set DISTROPACK_INSTALL_DIR to a directory you can write"
  case "$asset" in
    *.exe) target="$install_dir/$COMMAND.exe" ;;
    *) target="$install_dir/$COMMAND" ;;
  esac
  # Copy next to the target, then rename: a running old binary is never half-overwritten.
  cp "$work/$asset" "$target.tmp.$$" || fail "cannot write to $install_dir; set DISTROPACK_INSTALL_DIR to a directory you can write"
  chmod 755 "$target.tmp.$$"
  mv -f "$target.tmp.$$" "$target"

  if installed=$("$target" --version 2>/dev/null); then
    say "Installed $installed to $target"
  else
    say "Installed $target"
    if [ "$(uname -s)" = Linux ] && ldd --version 2>&1 | grep -qi musl; then
      say "This system uses musl (Alpine?), and the binary needs glibc: use a glibc-based system or image, or see 'Alpine' under Install in https://github.com/$REPOSITORY#readme"
    fi
  fi

  case ":${PATH:-}:" in
    *":$install_dir:"*) ;;
    *)
      say ""
      say "$install_dir is not on your PATH. Add it, e.g. in ~/.profile, ~/.bashrc or ~/.zshrc:"
      say "  export PATH=\"$install_dir:\$PATH\""
      say "(fish: fish_add_path $install_dir)"
      ;;
  esac
}

main "$@"
