# Sourced by scripts/test.sh: the browser tests drive Debian's Chromium (browser
# downloads fail on these machines; see docs/decisions/0001-toolchain.md).
if [ -z "${CODEV_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "codev: installing Debian's chromium for the browser tests (one time)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "codev: the browser tests need Chromium: install Debian's 'chromium' package or set CODEV_CHROMIUM" >&2
    exit 1
  fi
fi
