#!/usr/bin/env bash
# Reproducible-build check: builds every jar twice from a clean state, here and in a copy of the
# tree at another path (so an absolute path or a time in a jar shows up), and compares SHA-256s.
# Prints one "<sha256>  <jar>" line per jar; exits 1 listing the jars that differ.
# Not part of .ci/run (it builds twice); run before a release: .ci/reproducible.sh [maven args]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the tree without build output or git metadata: what a clean checkout holds
copy="$work/copy"
mkdir "$copy"
tar --exclude=./.git --exclude='./*/target' -cf - . | tar -xf - -C "$copy"

build() {
  (cd "$1" && ./mvnw -B -q clean package -DskipTests "${@:2}" >&2 \
    && find . -path '*/target/*.jar' -not -path '*/target/*/*' | sort | xargs sha256sum)
}

build . "$@" > "$work/first"
build "$copy" "$@" > "$work/second"
cat "$work/first"
if ! diff "$work/first" "$work/second" > "$work/diff"; then
  echo "not reproducible: these jars differ between the two builds" >&2
  cat "$work/diff" >&2
  exit 1
fi
echo "reproducible: $(wc -l < "$work/first") jars byte-identical in two builds"
