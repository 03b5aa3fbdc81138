#!/usr/bin/env bash
# Renders every lecture deck (slides/NN-topic.md) to a standalone HTML file and a PDF.
#
#   slides/build.sh [OUTDIR]        default: build/slides under the repository's root
#
# Needs node and npm (Marp's CLI, pinned in slides/package-lock.json, is installed with
# `npm ci` when missing), Debian's chromium for the PDF and the layout check (CHROME_PATH
# to use another), and python3. Fails, naming the deck, when a deck is malformed, shows an
# image that does not exist, quotes code that is not in the file it names, does not
# render, or has a slide whose content does not fit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="${1:-$root/build/slides}"
python="$(command -v python3 || echo /usr/bin/python3)"

fail() {
    echo "slides: $*" >&2
    exit 1
}

mkdir -p "$out"
out="$(cd "$out" && pwd)"
decks=("$here"/[0-9][0-9]-*.md)
[ -e "${decks[0]}" ] || fail "no decks (NN-topic.md) in slides/"

# 1. The Markdown: front matter, separators, images, the closing lab slide, excerpts.
"$python" "$here/deckcheck.py" check "$here" || fail "fix the decks named above"
"$python" "$here/check_excerpts.py" || fail "an excerpt no longer matches its source file"

# 2. Tools: Marp's CLI from the lock file, and a browser.
if [ ! -x "$here/node_modules/.bin/marp" ] || [ ! -d "$here/node_modules/puppeteer-core" ]; then
    command -v npm >/dev/null || fail "npm is missing (sudo ./lab setup installs nodejs and npm)"
    echo "slides: installing Marp's CLI (npm ci)"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || fail "no browser at $CHROME_PATH (sudo ./lab setup installs chromium)"
# Marp adds --no-sandbox for root by itself; these make it do so for anyone (containers
# often lack the namespaces Chromium's sandbox needs) and keep the GPU out of it. The
# flags that keep Chromium off the network (--disable-background-networking,
# --disable-component-update, --disable-sync, --no-first-run) are Puppeteer's defaults.
export CHROME_NO_SANDBOX=1 CHROME_DISABLE_GPU=1

# 3. Render from a staging copy, so that nothing is written beside the sources.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "${decks[@]}" "$stage/"
cp -r "$here/figures" "$stage/figures"
rm -f "$out"/[0-9][0-9]-*.html "$out"/[0-9][0-9]-*.pdf

marp=("$here/node_modules/.bin/marp" --no-config-file --html --theme-set "$here/theme/np.css"
      --browser chrome --browser-timeout 120 -I "$stage" -o "$out")
"${marp[@]}" || fail "Marp failed to render to HTML (see its messages above)"
"${marp[@]}" --pdf --allow-local-files || fail "Marp failed to render to PDF (see its messages above)"

missing=0
for deck in "${decks[@]}"; do
    name="$(basename "$deck" .md)"
    for ext in html pdf; do
        if [ ! -s "$out/$name.$ext" ]; then
            echo "slides: $name.md did not render to $ext" >&2
            missing=1
        fi
    done
done
[ "$missing" -eq 0 ] || fail "some decks did not render"

# 4. Each HTML file carries its figures, so it works when copied alone.
"$python" "$here/deckcheck.py" inline "$out" "$here/figures" || fail "could not inline figures"

# 5. Nothing overflows a slide.
(cd "$here" && node check_overflow.mjs "$out"/[0-9][0-9]-*.html) || fail "fix the slides named above"

for deck in "${decks[@]}"; do
    name="$(basename "$deck" .md)"
    printf 'slides: %-22s %3s slides -> %s.html, %s.pdf\n' \
        "$name" "$("$python" "$here/deckcheck.py" count "$deck")" "$name" "$name"
done
echo "slides: written to $out"
