#!/usr/bin/env bash
# Runs one example from a fresh clone:  examples/run.sh orrhede|mnist|embedding [OPTIONS...]
# Builds the tp jar and the examples' classes (mvn package, about a minute the first time), fetches
# MNIST for the mnist example (examples/data/fetch-mnist.sh), then runs the example's main class.
# Options are passed on to the example (see examples/README.md). JVM options: TP_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
name="${1:-}"
[ $# -gt 0 ] && shift
case "$name" in
  orrhede) main=examples.orrhede.Orrhede ;;
  mnist) main=examples.mnist.Mnist; examples/data/fetch-mnist.sh ;;
  embedding) main=examples.embedding.Embedding ;;
  *) echo "usage: examples/run.sh orrhede|mnist|embedding [OPTIONS...]" >&2; exit 2 ;;
esac
# the examples' Java sources compile as test sources (pom.xml, build-helper) into target/test-classes
if [ ! -f target/tp.jar ] || [ ! -d target/test-classes/examples ] \
   || [ -n "$(find src/main grammar examples pom.xml -newer target/tp.jar \( -name '*.java' -o -name '*.g4' -o -name pom.xml \) -print -quit)" ]; then
  echo "building (mvn -DskipTests package; log in target-build.log)..." >&2
  if ! mvn -B -DskipTests package >target-build.log 2>&1; then
    tail -n 30 target-build.log >&2
    echo "build failed; see target-build.log" >&2
    exit 1
  fi
  rm -f target-build.log
fi
exec java ${TP_JAVA_OPTS:--Xmx8g -Xss16m} -cp target/tp.jar:target/test-classes "$main" "$@"
