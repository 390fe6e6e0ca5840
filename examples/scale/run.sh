#!/usr/bin/env bash
# The scale-out measurements of docs/TILED.md, in order (about an hour on a 2-core machine;
# needs ~45 GB of free disk in $WORK). Usage: examples/scale/run.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$here/target/scale}"
mkdir -p "$work" && cd "$work"
prog="$here/examples/scale/mlp_relu_2_784.tp"
(cd "$here" && mvn -B -q -DskipTests package && mvn -B -q test-compile -Dtp.spark.skip \
  && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt")
cp="$here/target/classes:$here/target/test-classes:$(cat cp.txt)"
timed() { /usr/bin/time -f "%C: wall %e s, user %U s, sys %S s, max RSS %M KB" "$@"; }
export TP_JAVA_OPTS="-Xmx4g -Xss16m"

# data: uniform [0,1)^784 points and 10 target columns; smaller sets are prefixes of x50000
java -cp "$cp" tp.tiled.bench.RandomData 50000 784 1 x50000.npy 10 y50000.npy
for n in 4000 8000 40000; do java -cp "$cp" tp.tiled.bench.RandomData $n 784 1 x$n.npy 10 y$n.npy; done
java -cp "$cp" tp.tiled.bench.RandomData 1000 784 5 z1000.npy

# 1. in-memory reference at N = 4000 (engine only, best of 3), then N = 50 000 tiled in 4 GB
java -Xmx4g -cp "$cp" tp.infinite.bench.KernelBench 4000
timed "$here/tp" kernel "$prog" --x1 x50000.npy --kind both --out k50000.tpk
java -Xmx10g -cp "$cp" tp.tiled.bench.CompareSubset k50000.tpk x50000.npy "$prog" 8192
rm -rf k50000.tpk

# 2. kill halfway, rerun: the finished tiles are kept
rm -rf kr.tpk
"$here/tp" kernel "$prog" --x1 x50000.npy --kind both --out kr.tpk & pid=$!
until [ "$(grep -o crc32c kr.tpk/manifest.json 2>/dev/null | wc -l)" -ge 90 ]; do sleep 5; done
kill -9 $pid; wait $pid || true
timed "$here/tp" kernel "$prog" --x1 x50000.npy --kind both --out kr.tpk   # "resuming, 45 of 91 tiles already finished"
rm -rf kr.tpk

# 3. exact kernel regression, N = 40 000 train points, 1000 test points, out of core in 4 GB
timed "$here/tp" predict "$prog" --train x40000.npy --targets y40000.npy --test z1000.npy --kind ntk --kernel k40000.tpk --out p40000.npy
rm -rf k40000.tpk
# ... and N = 4000 against the in-memory path
"$here/tp" predict "$prog" --train x4000.npy --targets y4000.npy --test z1000.npy --kind ntk --out p4000-mem.npy
"$here/tp" predict "$prog" --train x4000.npy --targets y4000.npy --test z1000.npy --kind ntk --kernel k4000.tpk --out p4000-tiled.npy
python3 -c "import numpy as np; a=np.load('p4000-mem.npy'); b=np.load('p4000-tiled.npy'); print('max |diff| / max |p|:', abs(a-b).max()/abs(a).max())"

# 4. Spark local[2] against the single machine at N = 8000, same tiles
(cd "$here" && mvn -B -q -f spark/pom.xml -DskipTests package dependency:build-classpath -Dmdep.outputFile="$work/spark-cp.txt")
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
rm -rf k8000.tpk s8000.tpk
timed "$here/tp" kernel "$prog" --x1 x8000.npy --kind both --out k8000.tpk --tile 2048
timed java -Xmx4g -Xss16m $opens -cp "$here/spark/target/tp-spark.jar:$(cat spark-cp.txt)" tp.spark.TiledKernelJob \
  --master 'local[2]' --program "$prog" --x1 x8000.npy --kind both --out s8000.tpk --tile 2048
python3 -c "import json; a=json.load(open('k8000.tpk/manifest.json'))['tiles']; b=json.load(open('s8000.tpk/manifest.json'))['tiles']; print('identical tiles:', a == b, len(a))"
