#!/usr/bin/env bash
# Regenerate the npm-derived files of _vendor/ from pinned package versions.
#
# Why: the static book needs MathJax and the Jupyter widget manager, which Jupyter Book loads from CDNs by
# default; offline (a classroom, a train) maths then stays raw and every widget is empty. We commit a small
# subset of the three packages so that the book works with no network at all (see _vendor/README.md).
#
# Usage:
#   scripts/vendor_js.sh           rewrite _vendor/mathjax/, _vendor/jupyter-widgets/html-manager/ and
#                                  _vendor/jupyter-widgets/require.js* (needs npm and the npm registry)
#   scripts/vendor_js.sh --check   rebuild them in a temporary folder and fail if _vendor/ differs
#
# Deterministic: the tarballs are checked against pinned npm integrity hashes and the same fixed list of
# files is copied byte for byte. Hand-written files (_vendor/README.md,
# _vendor/jupyter-widgets/offline-setup.js) are never touched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/_vendor"

# package@version  npm integrity (sha512, as `npm view PKG@VER dist.integrity` prints it)
PINS=(
  "mathjax@3.2.2 sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
  "@jupyter-widgets/html-manager@1.0.15 sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA=="
  "requirejs@2.3.8 sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw=="
  # only for its LICENSE.txt: html-manager bundles Font Awesome 5.15.4's webfonts (checked byte for byte below)
  "@fortawesome/fontawesome-free@5.15.4 sha512-eYm8vijH/hpzr/6/1CJ/V/Eb1xQFW2nnUKArb3z+yUWv7HTwj6M7SP957oMjfZjAHU6qpoNc2wQvIxBLWYa/Jg=="
)

# The files of the vendored tree that this script owns (everything else in _vendor/ is hand-written).
GENERATED=(mathjax jupyter-widgets/html-manager jupyter-widgets/require.js jupyter-widgets/require.js.LICENSE.txt)

MODE="write"
case "${1:-}" in
  "") ;;
  --check) MODE="check" ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v npm > /dev/null || { echo "npm is needed (apt-get install npm, or nodejs.org)" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

integrity() {  # npm's integrity string of a file: "sha512-" + base64(sha512)
  node -e 'const c=require("crypto"),f=require("fs");
           process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

# 1. fetch and verify the tarballs
mkdir -p "$WORK/tgz" "$WORK/pkg"
for pin in "${PINS[@]}"; do
  spec="${pin%% *}"; want="${pin##* }"
  tgz="$(cd "$WORK/tgz" && npm pack --silent "$spec" | tail -n 1)"
  got="$(integrity "$WORK/tgz/$tgz")"
  if [[ "$got" != "$want" ]]; then
    echo "integrity mismatch for $spec: expected $want, got $got" >&2; exit 1
  fi
  name="${spec%@*}"; name="${name#@}"; name="${name//\//-}"
  mkdir -p "$WORK/pkg/$name"
  tar -xzf "$WORK/tgz/$tgz" -C "$WORK/pkg/$name" --no-same-owner
done
MJ="$WORK/pkg/mathjax/package"
HM="$WORK/pkg/jupyter-widgets-html-manager/package"
RQ="$WORK/pkg/requirejs/package"
FA="$WORK/pkg/fortawesome-fontawesome-free/package"

# 2. assemble the subset the book loads
OUT="$WORK/out"
mkdir -p "$OUT/mathjax/output/chtml/fonts" "$OUT/mathjax/input/tex" "$OUT/jupyter-widgets/html-manager"

# MathJax: the combined TeX->CommonHTML component, plus what it fetches relative to its own URL
# (the web fonts, and TeX extensions that \require or autoload pulls in).
cp "$MJ/LICENSE" "$MJ/es5/tex-chtml.js" "$OUT/mathjax/"
cp -R "$MJ/es5/output/chtml/fonts/woff-v2" "$OUT/mathjax/output/chtml/fonts/"
cp -R "$MJ/es5/input/tex/extensions" "$OUT/mathjax/input/tex/"

# Widget manager: embed-amd.js bundles base, controls and the HTML manager as named AMD modules.
# Its CSS lists each Font Awesome font as eot, woff2, woff, ttf and svg; browsers fetch the first format
# they support, which is woff2 everywhere today, so only the three .woff2 files are kept.
cp "$HM/dist/embed-amd.js" "$HM/dist/"*.woff2 "$OUT/jupyter-widgets/html-manager/"
cp "$HM/dist/embed.js.LICENSE.txt" "$OUT/jupyter-widgets/html-manager/THIRD-PARTY-NOTICES.txt"
for font in fa-solid-900 fa-regular-400 fa-brands-400; do  # provenance of the fonts, checked
  found=0
  for f in "$HM/dist/"*.woff2; do cmp -s "$f" "$FA/webfonts/$font.woff2" && found=1; done
  [[ $found == 1 ]] || { echo "html-manager no longer ships Font Awesome 5.15.4's $font.woff2" >&2; exit 1; }
done
cp "$FA/LICENSE.txt" "$OUT/jupyter-widgets/html-manager/FONT-AWESOME-LICENSE.txt"
# The npm package has no LICENSE file; its package.json says BSD-3-Clause and the text below is the
# LICENSE file of the ipywidgets repository it is built from (github.com/jupyter-widgets/ipywidgets).
cat > "$OUT/jupyter-widgets/html-manager/LICENSE" << 'EOF'
@jupyter-widgets/html-manager 1.0.15 (part of ipywidgets, https://github.com/jupyter-widgets/ipywidgets)

Copyright (c) 2015 Project Jupyter Contributors
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
EOF

# RequireJS: the AMD loader embed-amd.js expects. Its npm package has no LICENSE file either; require.js
# itself says "Released under MIT license" in its header, reproduced here with the MIT text.
cp "$RQ/require.js" "$OUT/jupyter-widgets/require.js"
{
  echo "RequireJS 2.3.8 (https://github.com/requirejs/requirejs)"
  echo
  echo "Copyright jQuery Foundation and other contributors."
  cat << 'EOF'

MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE.
EOF
} > "$OUT/jupyter-widgets/require.js.LICENSE.txt"
grep -q "@license RequireJS 2.3.8 Copyright jQuery Foundation and other contributors" "$OUT/jupyter-widgets/require.js" \
  || { echo "require.js header changed; re-check its licence" >&2; exit 1; }

# Same permissions everywhere, whatever the tarballs or the umask said.
find "$OUT" -type d -exec chmod 755 {} + && find "$OUT" -type f -exec chmod 644 {} +

# 3. install, or compare
if [[ "$MODE" == "check" ]]; then
  status=0
  for path in "${GENERATED[@]}"; do
    diff -r -q "$OUT/$path" "$VENDOR/$path" || status=1
  done
  if [[ $status == 0 ]]; then echo "_vendor/ matches the pinned npm packages"; else
    echo "_vendor/ differs from the pinned npm packages; run scripts/vendor_js.sh" >&2; fi
  exit $status
fi

mkdir -p "$VENDOR/jupyter-widgets"
for path in "${GENERATED[@]}"; do
  rm -rf "${VENDOR:?}/$path"
  cp -R "$OUT/$path" "$VENDOR/$path"
done
du -sh "$VENDOR" | awk '{print "_vendor/ is now " $1}'
