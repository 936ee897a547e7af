# Sourced by scripts/test.sh: the browser tests drive Debian's Chromium (browser
# downloads fail on these machines; see docs/decisions/0001-toolchain.md), and turn
# the printed report into PNG pages with poppler's pdftoppm.
missing=()
if [ -z "${CODEV_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if ! command -v pdftoppm >/dev/null 2>&1; then missing+=(poppler-utils); fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "codev: installing ${missing[*]} for the browser tests (one time)" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "codev: the browser tests need Debian's ${missing[*]} (or set CODEV_CHROMIUM)" >&2
    exit 1
  fi
fi
