#!/bin/sh
# Publish packages with distropack-cli from any CI, or from a release script: upload the release's
# files, build the version and wait for the builds, in one command.
#
#   generic-ci.sh [VERSION]
#
# Needs DISTROPACK_API_TOKEN and DISTROPACK_PACKAGE_ID in the environment, from the CI's secret
# store (DISTROPACK_PACKAGE_ID is the package's id, from its page in the DistroPack dashboard).
# Without VERSION, the version is the tag the CI is building (CI_COMMIT_TAG, CIRCLE_TAG,
# TRAVIS_TAG, DRONE_TAG, BUILDKITE_TAG, BITBUCKET_TAG, TAG_NAME, ...; v1.2.3 builds 1.2.3).
# Its exit code is distropack-cli's: 0 built, 3 token refused, 4 a build failed, 5 timed out.
set -eu

: "${DISTROPACK_API_TOKEN:?set it from the CI secret store}"
: "${DISTROPACK_PACKAGE_ID:?set it to the package id from the DistroPack dashboard}"

if ! command -v distropack-cli >/dev/null 2>&1; then
  # v2.0.0: the distropack-cli release to install
  curl -fsSL https://github.com/distropack/distropack-cli/releases/download/v2.0.0/install.sh |
    DISTROPACK_VERSION=v2.0.0 sh
  PATH="$HOME/.local/bin:$PATH"
fi

VERSION=${1:-}
# The files, the version, the package id and the token, checked first; nothing is sent that
# changes the server (exit 1 a file, 2 the command line, 3 the token).
distropack-cli check ${VERSION:+--version "$VERSION"} \
  --file source-tarball='dist/myapp-{version}.tar.gz' \
  --file changelog=CHANGELOG.md
# distropack.json holds the version, the uploads and the job ids, even when a build failed.
distropack-cli publish ${VERSION:+--version "$VERSION"} \
  --file source-tarball='dist/myapp-{version}.tar.gz' \
  --file changelog=CHANGELOG.md \
  --timeout 30m --json >distropack.json
