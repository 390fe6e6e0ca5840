#!/usr/bin/env bash
# Writes MNIST (or, without it, scikit-learn digits) train/test CSV files for tp predict / tp train:
#   examples/data/cache/csv/{train,test}_{x,y,labels}.csv
# Usage: make-mnist-csv.sh [N_TRAIN=500] [N_TEST=500] [SCALING=standardized|unit-interval|unit-norm]
#                          [TARGETS=centered|one-hot]
# Inputs: pixels / 255 (digits: / 16), then SCALING (see tp.data.Datasets); targets 10 columns,
# 0.9/-0.1 (centered) or 1/0 (one-hot). Train = first N of the train images, test = first M of
# the test images.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
"$here/fetch-mnist.sh"
jar="$root/target/tp.jar"
if [ ! -f "$jar" ]; then
  echo "building $jar (mvn package)..." >&2
  (cd "$root" && mvn -B -q -DskipTests package)
fi
java -cp "$jar" tp.data.DatasetTool export --cache "$here/cache" --out "$here/cache/csv" \
  --train "${1:-500}" --test "${2:-500}" --scaling "${3:-standardized}" --targets "${4:-centered}"
