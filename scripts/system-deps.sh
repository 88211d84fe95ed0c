#!/usr/bin/env bash
# Install the Debian packages the test suite needs, only when something is missing.
#   chromium            the browser tests (Playwright drives /usr/bin/chromium)
#   postgresql          the PostgreSQL run of the suite (scripts/with-postgres.sh)
#   libharfbuzz-subset0 WeasyPrint's font subsetting (it warns without it)
#   poppler-utils       pdftoppm / pdftotext, to look at and check generated PDFs
#   fonts-dejavu-core   a known font for PDFs and screenshots
#   gettext             msgfmt, to check that the compiled English catalogue matches the .po
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
for pkg in libharfbuzz-subset0 poppler-utils fonts-dejavu-core gettext; do
    # dpkg -s also answers for a removed package whose config files remain: ask for the state.
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "system-deps: install them as root: apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "system-deps: installing ${missing[*]}" >&2
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
