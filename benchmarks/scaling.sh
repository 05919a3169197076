#!/usr/bin/env bash
# Issue 9's scaling tables for netc (CI-safe, no stdin):
#   1. seconds per epoch of an MLP 784-H-10 as H grows 64 -> 1024 (batch 32) and as the batch
#      grows 1 -> 256 (H = 128): dev.netc.bench.EpochScaling, timed on IMAGES training images
#      (default 6,000) and scaled to a 60,000-image epoch;
#   2. build cost (netc generation + javac) of dense networks of 5 -> 200 layers:
#      dev.netc.bench.BuildCost, median of BUILD_RUNS warm runs (default 5);
#   3. cold start and footprint: peers/coldstart.sh (netc only unless the peers' models exist).
# Usage: bash benchmarks/scaling.sh [DATA_DIR]   (default as in peers/run-all.sh)
# Env: NETC_JVM_FLAGS (default "--add-modules jdk.incubator.vector"), IMAGES, BUILD_RUNS, MVN_ARGS.
# Writes benchmarks/target/scaling-epoch.md, scaling-build.md, peers/coldstart-table.md and
# prints them. About 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
NETC_JVM_FLAGS="${NETC_JVM_FLAGS---add-modules jdk.incubator.vector}"
export NETC_JVM_FLAGS
if [ $# -ge 1 ]; then
  data="$1"
elif [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  data=/usr/share/datasets/fashion-mnist
else
  data=samples/src/main/resources/dev/netc/samples/data
fi
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests
cp="benchmarks/target/classes:benchmarks/target/lib/*"
# shellcheck disable=SC2086
java $NETC_JVM_FLAGS -cp "$cp" dev.netc.bench.EpochScaling "$data" --images "${IMAGES:-6000}" \
  --out benchmarks/target/scaling-epoch.md
echo
# shellcheck disable=SC2086
java $NETC_JVM_FLAGS -cp "$cp" dev.netc.bench.BuildCost --runs "${BUILD_RUNS:-5}" --out benchmarks/target/scaling-build.md
echo
models=benchmarks/target/peers/models
if [ ! -f "$models/mlp-sgd.netc" ]; then
  # shellcheck disable=SC2086
  java $NETC_JVM_FLAGS -cp "$cp" dev.netc.bench.EpochBench "$data" --workloads mlp-sgd --save "$models"
fi
bash benchmarks/peers/coldstart.sh "$models"
