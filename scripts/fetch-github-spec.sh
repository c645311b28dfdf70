#!/usr/bin/env bash
# Fetches GitHub's REST API description (OpenAPI 3.0, plain — not dereferenced, not 3.1)
# from the npm package @octokit/openapi into target/bench-data/ (git-ignored).
#
#   bash scripts/fetch-github-spec.sh            # latest published version
#   OCTOKIT_OPENAPI_VERSION=19.1.0 bash scripts/fetch-github-spec.sh
#   NAME=ghes-3.17 bash scripts/fetch-github-spec.sh   # another document of the package
#
# Idempotent: does nothing when target/bench-data/api.github.com.json already exists
# (set FORCE=1 to fetch again).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/target/bench-data"
name="${NAME:-api.github.com}"
out="$dir/$name.json"
version="${OCTOKIT_OPENAPI_VERSION:-latest}"

if [[ -s "$out" && "${FORCE:-0}" != 1 ]]; then
    echo "already present: ${out#"$root"/} ($(wc -c <"$out") bytes); FORCE=1 to fetch again"
    exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed (npm pack @octokit/openapi)" >&2; exit 2; }
mkdir -p "$dir"
work="$(mktemp -d "$dir/.fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "npm pack @octokit/openapi@$version"
tarball="$(cd "$work" && npm pack --silent "@octokit/openapi@$version" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"

# The package ships generated/<name>.json (3.0) and generated/<name>.deref.json (3.0, $refs
# inlined); some versions also carry 3.1 variants. We take the plain 3.0 one, and check it is 3.0.
src="$work/package/generated/$name.json"
if [[ ! -f "$src" ]]; then
    echo "error: $tarball has no generated/$name.json; its files:" >&2
    (cd "$work/package" && find . -name "${name%%-*}*" >&2)
    exit 1
fi
openapi="$(head -c 4096 "$src" | grep -o '"openapi"[[:space:]]*:[[:space:]]*"[^"]*"' | head -n 1 || true)"
case "$openapi" in
    *'"3.0.'*) ;;
    *) echo "error: expected an OpenAPI 3.0 document, found: ${openapi:-no openapi field}" >&2; exit 1 ;;
esac
pkgver="$(grep -o '"version"[[:space:]]*:[[:space:]]*"[^"]*"' "$work/package/package.json" | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/')"

cp "$src" "$out.tmp"
mv "$out.tmp" "$out"
echo "$pkgver" >"$dir/$name.version"
echo "wrote ${out#"$root"/}: @octokit/openapi $pkgver, generated/$name.json, $openapi, $(wc -c <"$out") bytes"
