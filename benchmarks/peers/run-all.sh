#!/usr/bin/env bash
# Issue 9's peer harness: netc, PyTorch, ONNX Runtime (Java) and DL4J on the same workloads
# (benchmarks/peers/README.md), the same data, seed and hyper-parameters, in one invocation on
# one machine; writes one markdown table of absolute figures and netc/peer ratios, with the test
# accuracy beside every time, to benchmarks/target/peer-table.md (paste it into BENCHMARKS.md).
#
# Usage, from anywhere (CI-safe: no stdin, a peer that cannot run is skipped with a message):
#   bash benchmarks/peers/run-all.sh [DATA_DIR]
# DATA_DIR: Fashion-MNIST IDX files (.gz or not). Default: /usr/share/datasets/fashion-mnist when
# present (Debian's dataset-fashion-mnist), else the embedded subset the samples module ships
# (samples/src/main/resources/dev/netc/samples/data: 10,000 training, 2,000 test images).
#
# Environment:
#   PEERS           peers to run, default "pytorch ort dl4j"
#   NETC_JVM_FLAGS  JVM flags for every netc JVM (training, inference, JMH forks, a second
#                   cold-start row); default "--add-modules jdk.incubator.vector" (the runtime's
#                   SIMD kernels need it; without them it runs its scalar kernels)
#   MVN_ARGS        extra Maven arguments, e.g. -o once the peers' jars are in ~/.m2
#   JMH_ARGS        default "--forks 1 --warmups 2 --iterations 3 --seconds 1"
#   RUNS            cold-start runs per runtime (default 7)
#   SAMPLES         1 (default) also runs the sample-network rows (fashion-cnn-bn and fashion-resnet
#                   epochs over 10,000 images, fashion-resnet / char-transformer / imported
#                   fashion_cnn.onnx inference; netc, PyTorch, ONNX Runtime); 0 leaves them out
# Threads are pinned to 1 wherever the peer allows it: torch.set_num_threads(1), ONNX Runtime
# intra-/inter-op threads 1, OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=1 for nd4j and
# torch; netc trains and infers on the calling thread. The "2 threads" row: netc's
# Trainer.threads(2) and PyTorch with 2 threads (DL4J is not run on 2 threads).
#
# PyTorch and BLAS: Debian's python3-torch calls whatever libblas.so.3 the system selects; with
# only libblas3 (the reference BLAS) installed its matrix products are 10-30x slower than with
# OpenBLAS. The harness then runs PyTorch on an OpenBLAS: the system's openblas-pthread
# directory if installed, else libopenblas0-pthread unpacked (dpkg-deb -x, no installation) from
# /var/cache/apt/archives into benchmarks/target/openblas; the table says which.
#
# Takes about 10-15 minutes on 2 cores with the full data set (DL4J's CNN epochs are the longest
# part), plus the sample-network rows (benchmarks/peers/README.md gives their measured wall time).
# Output: benchmarks/target/peer-table.md (the table), benchmarks/target/peers/ (raw results.tsv,
# each program's log, jmh.log, coldstart-table.md, the trained models).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
peers="${PEERS:-pytorch ort dl4j}"
NETC_JVM_FLAGS="${NETC_JVM_FLAGS---add-modules jdk.incubator.vector}"
export NETC_JVM_FLAGS
jmh_args="${JMH_ARGS:---forks 1 --warmups 2 --iterations 3 --seconds 1}"
mvn_args="${MVN_ARGS:-}"
samples="${SAMPLES:-1}"
sample_seconds=0
out=benchmarks/target/peers
models="$out/models"
results="$out/results.tsv"
mkdir -p "$out" "$models"
: > "$results"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ $# -ge 1 ]; then
  data="$1"
elif [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  data=/usr/share/datasets/fashion-mnist
else
  data=samples/src/main/resources/dev/netc/samples/data
fi
data=$(cd "$data" && pwd)

emit() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }
skip() { echo "SKIPPED $1: $2" >&2; emit "$1" skipped "$2"; }
collect() { grep '^METRIC ' "$2" | while read -r _ key value; do emit "$1" "$key" "$value"; done; }
step() { echo; echo "=== $* ($(date +%T))"; }
start=$(date +%s)

step "build netc and the benchmarks module"
# shellcheck disable=SC2086
if ! ./mvnw -B -q $mvn_args -pl benchmarks -am package -DskipTests; then
  echo "the netc build failed: nothing to compare" >&2
  exit 1
fi
cp="benchmarks/target/classes:benchmarks/target/lib/*"
# shellcheck disable=SC2086
netc_java() { java $NETC_JVM_FLAGS -cp "$cp" "$@"; }

step "netc: training epochs (mlp-sgd, mlp-adam, cnn-sgd; mlp-sgd on 2 threads)"
netc_java dev.netc.bench.EpochBench "$data" --workloads mlp-sgd,mlp-adam,cnn-sgd,mlp-sgd-2t --save "$models" 2>&1 \
  | tee "$out/netc-epochs.log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "netc's EpochBench failed: nothing to compare" >&2
  exit 1
fi
collect netc "$out/netc-epochs.log"
train_images=$(awk '$2 == "mlp-sgd.train_images" {print $3}' "$out/netc-epochs.log")

# the sample networks: their own step, timed, so that the harness's cost of them is on record
timed_step() {
  local t0
  t0=$(date +%s)
  "$@"
  sample_seconds=$((sample_seconds + $(date +%s) - t0))
}
if [ "$samples" = 1 ]; then
  step "netc: sample networks (fashion-cnn-bn, fashion-resnet epochs over 10,000 images; char-transformer for inference)"
  timed_step netc_java dev.netc.bench.EpochBench "$data" --workloads cnn-bn,resnet,transformer --save "$models" \
    > "$out/netc-samples.log" 2>&1
  cat "$out/netc-samples.log"
  collect netc "$out/netc-samples.log"
fi

step "netc: inference (batch-1 latency, batch-256 throughput, accuracy)"
netc_java dev.netc.bench.InferBench "$models" "$data" 2>&1 | tee "$out/netc-infer.log"
collect netc "$out/netc-infer.log"
if [ "$samples" = 1 ]; then
  step "netc: sample-network inference (fashion-resnet, char-transformer, imported fashion_cnn.onnx)"
  timed_step netc_java dev.netc.bench.InferBench "$models" "$data" resnet,transformer,imported \
    > "$out/netc-infer-samples.log" 2>&1
  cat "$out/netc-infer-samples.log"
  collect netc "$out/netc-infer-samples.log"
fi

step "netc: JMH with -prof gc ($jmh_args)"
# shellcheck disable=SC2086
java -cp "$cp" dev.netc.bench.JmhRun $jmh_args --threads 1,2 --jvm-args "$NETC_JVM_FLAGS" --log "$out/jmh.log" 2>&1 \
  | tee "$out/netc-jmh.log"
collect netc "$out/netc-jmh.log"

torch_blas=""
if [[ " $peers " == *" pytorch "* ]]; then
  step "PyTorch"
  if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    skip pytorch "Debian's python3-torch is not installed (/usr/bin/python3 cannot import torch)"
  else
    blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
    torch_blas="system libblas.so.3 ($blas)"
    if [[ "$blas" != *openblas* && "$blas" != *mkl* && "$blas" != *blis* ]]; then
      ob=""
      if [ -f /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
        ob=/usr/lib/x86_64-linux-gnu/openblas-pthread
      else
        deb=$(ls /var/cache/apt/archives/libopenblas0-pthread_*.deb 2>/dev/null | head -1 || true)
        if [ -n "$deb" ]; then
          rm -rf benchmarks/target/openblas
          if dpkg-deb -x "$deb" benchmarks/target/openblas; then
            ob="$root/benchmarks/target/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
          fi
        fi
      fi
      if [ -n "$ob" ] && [ -f "$ob/libblas.so.3" ]; then
        export TORCH_BLAS_DIR="$ob"
        torch_blas="OpenBLAS from $ob (the system's libblas.so.3 is the reference BLAS $blas)"
      else
        torch_blas="the REFERENCE BLAS $blas: PyTorch's figures are not representative; install libopenblas0-pthread"
      fi
    fi
    echo "PyTorch BLAS: $torch_blas"
    if LD_LIBRARY_PATH="${TORCH_BLAS_DIR:-${LD_LIBRARY_PATH:-}}" /usr/bin/python3 benchmarks/peers/pytorch_peer.py \
        "$data" "$models" 2>&1 | tee "$out/pytorch.log"; then
      collect pytorch "$out/pytorch.log"
      # the 2-thread row: a separate process, since OpenBLAS reads its thread count at load time
      OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2 \
        LD_LIBRARY_PATH="${TORCH_BLAS_DIR:-${LD_LIBRARY_PATH:-}}" /usr/bin/python3 benchmarks/peers/pytorch_peer.py \
        --threads 2 "$data" 2>&1 | tee "$out/pytorch-2threads.log"
      collect pytorch "$out/pytorch-2threads.log"
      if [ "$samples" = 1 ]; then
        step "PyTorch: sample networks"
        timed_step env LD_LIBRARY_PATH="${TORCH_BLAS_DIR:-${LD_LIBRARY_PATH:-}}" /usr/bin/python3 \
          benchmarks/peers/pytorch_samples.py "$data" "$models" > "$out/pytorch-samples.log" 2>&1
        cat "$out/pytorch-samples.log"
        collect pytorch "$out/pytorch-samples.log"
      fi
    else
      skip pytorch "pytorch_peer.py failed, see $out/pytorch.log"
    fi
  fi
fi

if [[ " $peers " == *" ort "* ]]; then
  step "ONNX Runtime (Java)"
  # shellcheck disable=SC2086
  if ! ./mvnw -B -q $mvn_args -f benchmarks/peers/onnxruntime/pom.xml package > "$out/ort-build.log" 2>&1; then
    skip ort "the peer did not build (Maven Central unreachable?), see $out/ort-build.log"
  elif java -cp "benchmarks/peers/onnxruntime/target/classes:benchmarks/peers/onnxruntime/target/lib/*" \
      dev.netc.peers.ort.OrtPeer "$models" "$data" 2>&1 | tee "$out/ort.log" && grep -q '^METRIC mlp.acc' "$out/ort.log"; then
    collect ort "$out/ort.log"
    if [ "$samples" = 1 ]; then
      step "ONNX Runtime: sample networks"
      timed_step java -cp "benchmarks/peers/onnxruntime/target/classes:benchmarks/peers/onnxruntime/target/lib/*" \
        dev.netc.peers.ort.OrtSamples "$models" "$data" samples/src/main/onnx/fashion_cnn.onnx \
        > "$out/ort-samples.log" 2>&1
      cat "$out/ort-samples.log"
      collect ort "$out/ort-samples.log"
    fi
  else
    skip ort "OrtPeer failed, see $out/ort.log"
  fi
fi

if [[ " $peers " == *" dl4j "* ]]; then
  step "DL4J"
  # shellcheck disable=SC2086
  if ! ./mvnw -B -q $mvn_args -f benchmarks/peers/dl4j/pom.xml package > "$out/dl4j-build.log" 2>&1; then
    skip dl4j "the peer did not build (Maven Central unreachable?), see $out/dl4j-build.log"
  elif java -Xmx2g -cp "benchmarks/peers/dl4j/target/classes:benchmarks/peers/dl4j/target/lib/*" \
      dev.netc.peers.dl4j.Dl4jPeer "$data" "$models" 2>&1 | tee "$out/dl4j.log" && grep -q '^METRIC mlp.acc' "$out/dl4j.log"; then
    collect dl4j "$out/dl4j.log"
  else
    skip dl4j "Dl4jPeer failed, see $out/dl4j.log"
  fi
fi

step "cold start and footprint"
PEERS="$peers" bash benchmarks/peers/coldstart.sh "$models" "$results" || echo "coldstart.sh failed" >&2

elapsed=$(($(date +%s) - start))
emit meta command "\`bash benchmarks/peers/run-all.sh${1:+ $1}\`${PEERS:+ with PEERS=\"$PEERS\"} (wall time ${elapsed} s)"
emit meta date "$(date -u '+%Y-%m-%d %H:%M UTC'), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
emit meta machine "$(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
emit meta JDK "$(java -version 2>&1 | sed -n 2p)"
emit meta "netc JVM flags" "\`${NETC_JVM_FLAGS:-none}\` (plus -Xms1g -Xmx1g for the JMH forks); netc trains on 1 thread except in the 2-thread row (Trainer.threads(2))"
emit meta data "$data ($train_images training images; test images as in each log)"
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  emit meta PyTorch "$(/usr/bin/python3 -c 'import torch; print(torch.__version__)') on $torch_blas; torch.set_num_threads(1)"
fi
emit meta "ONNX Runtime" "1.20.0 (Java API), intra/inter-op threads 1, sequential, all optimizations; runs netc's trained models exported to ONNX"
emit meta DL4J "1.0.0-M2.1, nd4j-native linux-x86_64, OMP_NUM_THREADS=1, -Xmx2g"
emit meta JMH "\`$jmh_args\` with -prof gc"
if [ "$samples" = 1 ]; then
  emit meta "sample rows" "fashion-cnn-bn, fashion-resnet, char-transformer, imported fashion_cnn.onnx: ${sample_seconds} s of the wall time (SAMPLES=0 leaves them out); DL4J does not run them"
fi

step "table"
java -cp "$cp" dev.netc.bench.PeerTable "$results" benchmarks/target/peer-table.md
echo
echo "wrote benchmarks/target/peer-table.md (raw figures: $results) in ${elapsed} s"
