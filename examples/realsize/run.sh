#!/usr/bin/env bash
# Real-size architectures (issues 10 and 14): whole-process times of `tp` (best of 3, wall clock, JVM
# start and compilation included) next to neural-tangents' figures on this 2-core machine; the MLP's
# kernels are then checked against an independent numpy computation (mlp_check.py, when numpy is there).
# Usage: examples/realsize/run.sh [WORK_DIR]   (about 10 minutes; MNIST comes from
# examples/data/fetch-mnist.sh). Prints a Markdown table; docs/PERFORMANCE.md records one run.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$here/target/realsize}"
mkdir -p "$work" && cd "$work"
(cd "$here" && mvn -B -q -DskipTests package && mvn -B -q test-compile -Dtp.spark.skip \
  && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt")
cp="$here/target/classes:$here/target/test-classes:$(cat cp.txt)"
"$here/examples/data/fetch-mnist.sh" >/dev/null
tp="$here/tp"
export TP_JAVA_OPTS="${TP_JAVA_OPTS:--Xmx8g -Xss16m}"

# data: the first MNIST images (standardized) for the MNIST CNN, uniform [0,1) points otherwise
for n in 20 50 200; do (cd "$here" && java -cp "$cp" tp.infinite.bench.MnistCnnBench --export $n "$work/mnist$n.npy"); done
java -cp "$cp" tp.tiled.bench.RandomData 100 3072 1 cifar100.npy
java -cp "$cp" tp.tiled.bench.RandomData 100 768 1 cifar16_100.npy
java -cp "$cp" tp.tiled.bench.RandomData 4000 784 1 mlp4000.npy

best() { # best wall time of 3 runs of a command, in seconds
  local b=999999 t f
  f=$(mktemp)
  for _ in 1 2 3; do
    /usr/bin/time -f "%e" -o "$f" "$@" >/dev/null 2>&1
    t=$(tail -1 "$f")
    b=$(python3 -c "print(min($b, $t))")
  done
  rm -f "$f"
  echo "$b"
}
row() { printf '| %s | %s | %s s | %s |\n' "$1" "$2" "$3" "$4"; }
# a kernel run twice over: compiled each time (plan cache off), and with its plan in the cache
export TP_CACHE="$work/plan-cache"
cold_warm() {
  local cold warm
  cold=$(TP_CACHE=off best "$@")
  "$@" >/dev/null 2>&1 || true
  warm=$(best "$@")
  echo "$cold / $warm"
}

echo "| program | what | tp (whole process; kernels: compiled / plan cached) | neural-tangents (same CPU) |"
echo "|---|---|---|---|"
row "cnn_mnist (28x28, 5x5, 5x5, flatten)" "compile: parse, unroll, check, plan" \
    "$(best "$tp" info "$here/programs/cnn_mnist.tp" --cost 200 --kind ntk)" "-"
for n in 20 50 200; do
  peer=$([ $n = 20 ] && echo 0.02 || ([ $n = 50 ] && echo 0.11) || echo 1.6)
  row "cnn_mnist" "NTK, N = $n" "$(cold_warm "$tp" kernel "$here/programs/cnn_mnist.tp" --x1 mnist$n.npy --kind ntk --out k.npy)" "$peer s"
done
(cd "$here" && java -Xmx4g -cp "$cp" tp.infinite.bench.MnistCnnBench 1000 programs/cnn_mnist.tp) | sed 's/^/    /'
row "cnn_cifar_valid (32x32x3, six 3x3)" "compile" "$(best "$tp" info "$here/programs/cnn_cifar_valid.tp" --cost 100 --kind ntk)" "-"
row "cnn_cifar_valid" "NTK, N = 100" "$(cold_warm "$tp" kernel "$here/programs/cnn_cifar_valid.tp" --x1 cifar100.npy --kind ntk --out k.npy)" "1.1 s"
row "cnn_cifar_same (SAME padding)" "compile" "$(best "$tp" info "$here/programs/cnn_cifar_same.tp" --cost 100 --kind ntk)" "-"
row "cnn_cifar_same" "NTK, N = 100" "$(cold_warm "$tp" kernel "$here/programs/cnn_cifar_same.tp" --x1 cifar100.npy --kind ntk --out k.npy)" "-"
row "cnn_cifar_gap16 (16x16x3, GAP)" "NTK, N = 100" "$(cold_warm "$tp" kernel "$here/programs/cnn_cifar_gap16.tp" --x1 cifar16_100.npy --kind ntk --out k.npy)" "-"
"$tp" info "$here/programs/cnn_cifar_gap16.tp" --cost 100 --kind ntk | sed 's/^/    /'
row "mlp_relu_2 (784 inputs)" "NNGP + NTK, N = 4000, .npy" "$(cold_warm "$tp" kernel "$here/examples/scale/mlp_relu_2_784.tp" --x1 mlp4000.npy --kind both --out k.npy)" "0.60 s"
# the MLP's kernels against an independent float64 computation (numpy, the closed-form recursion)
if python3 -c "import numpy" 2>/dev/null; then
  python3 "$here/examples/realsize/mlp_check.py" mlp4000.npy k.nngp.npy k.ntk.npy | sed 's/^/    /'
else
  echo "    (numpy not installed: the MLP's independent check skipped)"
fi
