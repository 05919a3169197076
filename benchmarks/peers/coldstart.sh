#!/usr/bin/env bash
# Cold start and footprint (issue 9), netc and the peers that are available.
#
# Cold start: wall time from just before a fresh process is launched (bash's EPOCHREALTIME, no
# fork) to the moment the program prints its first prediction of a trained model (it prints the
# epoch time then, so JVM shutdown is not counted); one unmeasured run first (file cache), then
# RUNS runs, median. Every program loads the saved model from disk and predicts image0.f32.
#   netc:          java -cp bench-mlp.jar:netc-runtime.jar dev.netc.bench.coldstart.ColdStart
#   ONNX Runtime:  java -cp <peer classes + onnxruntime jar> dev.netc.peers.ort.OrtColdStart mlp.onnx
#   DL4J:          java -cp <peer classes + lib> dev.netc.peers.dl4j.Dl4jColdStart dl4j-mlp-sgd.zip
#   PyTorch:       /usr/bin/python3 pytorch_peer.py --coldstart torch-mlp-sgd.pt
# Footprint: what has to ship for MLP inference. netc: a jar of the generated model classes (the
# ColdStart main included) + the runtime jar; the weights file is listed separately. Also the
# FashionMlp sample's model classes, and how much of the runtime jar inference actually loads.
#
# Usage (repository root, after `./mvnw -B -q -pl benchmarks -am package -DskipTests` and
# EpochBench --save MODEL_DIR; run-all.sh does all this):
#   bash benchmarks/peers/coldstart.sh MODEL_DIR [RESULTS.tsv]
# Env: RUNS (default 7), NETC_JVM_FLAGS (a second netc row with these flags when non-empty),
#      PEERS (default "pytorch ort dl4j"), TORCH_BLAS_DIR (a directory holding an OpenBLAS
#      libblas.so.3 for PyTorch, see run-all.sh).
# Writes benchmarks/target/peers/coldstart-table.md and appends `peer<TAB>key<TAB>value` lines
# to RESULTS.tsv when given.
set -euo pipefail
cd "$(dirname "$0")/../.."
models="$1"
results="${2:-/dev/null}"
runs="${RUNS:-7}"
peers="${PEERS:-pytorch ort dl4j}"
out=benchmarks/target/peers
fp=benchmarks/target/footprint
mkdir -p "$out" "$fp"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
table="$out/coldstart-table.md"

emit() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
bytes() { stat -c %s "$@" | awk '{s+=$1} END {print s+0}'; }

# Runs "$@" RUNS+1 times; prints the median milliseconds from launch to the PREDICTED line.
coldstart() {
  local i t0 line ns
  local samples=()
  for ((i = 0; i <= runs; i++)); do
    t0=${EPOCHREALTIME/./}
    line=$("$@" 2>/dev/null | grep '^PREDICTED' || true)
    if [ -z "$line" ]; then
      echo "cold start failed: $*" >&2
      "$@" 2>&1 | tail -5 >&2 || true
      return 1
    fi
    ns=$(echo "$line" | awk '{print $3}')
    if [ "$i" -gt 0 ]; then
      samples+=("$(awk -v n="$ns" -v t="$t0" 'BEGIN {printf "%.1f", (n / 1000 - t) / 1000}')")
    fi
  done
  printf '%s\n' "${samples[@]}" | median
}

# --- netc: footprint jars ---
runtime_jar=$(ls benchmarks/target/lib/netc-runtime-*.jar)
rm -rf "$fp/classes" && mkdir -p "$fp/classes/dev/netc/bench/coldstart"
cp benchmarks/target/classes/dev/netc/bench/BenchMlp*.class "$fp/classes/dev/netc/bench/"
cp benchmarks/target/classes/dev/netc/bench/coldstart/ColdStart.class "$fp/classes/dev/netc/bench/coldstart/"
cp benchmarks/target/classes/dev/netc/bench/coldstart/JvmFloor.class "$fp/classes/dev/netc/bench/coldstart/"
rm -f "$fp/bench-mlp.jar" && jar --create --file "$fp/bench-mlp.jar" -C "$fp/classes" .
samples_jar=$(ls benchmarks/target/lib/netc-samples-*.jar)
rm -rf "$fp/fashion" && mkdir -p "$fp/fashion" && (cd "$fp/fashion" && unzip -q -o "$OLDPWD/$samples_jar" 'dev/netc/samples/FashionMlp*.class')
rm -f "$fp/fashion-mlp.jar" && jar --create --file "$fp/fashion-mlp.jar" -C "$fp/fashion" .
model_jar_b=$(bytes "$fp/bench-mlp.jar")
fashion_jar_b=$(bytes "$fp/fashion-mlp.jar")
runtime_b=$(bytes "$runtime_jar")
weights_b=$(bytes "$models/mlp-sgd.netc")
# runtime classes inference really loads (a shrunk runtime would need only these)
java -Xlog:class+load=info:file="$fp/classload.txt" -cp "$fp/bench-mlp.jar:$runtime_jar" \
  dev.netc.bench.coldstart.ColdStart "$models/mlp-sgd.netc" "$models/image0.f32" > /dev/null
loaded=$(grep -o 'dev\.netc\.runtime\.[A-Za-z0-9_.$]*' "$fp/classload.txt" | sort -u)
loaded_n=$(echo "$loaded" | grep -c . || true)
loaded_b=$(unzip -lv "$runtime_jar" | awk 'NR > 3 && $8 ~ /\.class$/ {print $3, $8}' | while read -r sz name; do
  cls=${name%.class}; cls=${cls//\//.}
  if echo "$loaded" | grep -qxF "$cls"; then echo "$sz"; fi
done | awk '{s+=$1} END {print s+0}')
netc_fp=$((model_jar_b + runtime_b))
emit netc footprint.bytes "$netc_fp"
emit netc footprint.note "BenchMlp model jar $model_jar_b B (generated classes + the ColdStart main) + runtime jar $runtime_b B = $netc_fp B (target 200 KB); the trained weights file adds $weights_b B; the FashionMlp sample's model jar is $fashion_jar_b B; inference loads $loaded_n runtime classes, $loaded_b B compressed in the jar"

# --- netc: cold start ---
netc_cs=$(coldstart java -cp "$fp/bench-mlp.jar:$runtime_jar" dev.netc.bench.coldstart.ColdStart \
  "$models/mlp-sgd.netc" "$models/image0.f32")
emit netc coldstart.ms "$netc_cs"
netc_flags_cs=""
if [ -n "${NETC_JVM_FLAGS:-}" ]; then
  # shellcheck disable=SC2086
  netc_flags_cs=$(coldstart java $NETC_JVM_FLAGS -cp "$fp/bench-mlp.jar:$runtime_jar" \
    dev.netc.bench.coldstart.ColdStart "$models/mlp-sgd.netc" "$models/image0.f32")
  emit netc coldstart_flags.ms "$netc_flags_cs"
fi

# the JVM's own floor: a main that loads nothing and prints at once
floor_cs=$(coldstart java -cp "$fp/bench-mlp.jar" dev.netc.bench.coldstart.JvmFloor)
emit jvm coldstart_floor.ms "$floor_cs"
# an application class-data archive (AppCDS, JDK 13+): classes parsed, verified and laid out once
# at build time, mapped at start; the deployment recipe in docs/deployment.md
cds="$fp/netc-mlp.jsa"
rm -f "$cds"
java -XX:ArchiveClassesAtExit="$cds" -cp "$fp/bench-mlp.jar:$runtime_jar" dev.netc.bench.coldstart.ColdStart \
  "$models/mlp-sgd.netc" "$models/image0.f32" > /dev/null 2>&1 || true
netc_cds_cs=""
if [ -f "$cds" ]; then
  netc_cds_cs=$(coldstart java -XX:SharedArchiveFile="$cds" -cp "$fp/bench-mlp.jar:$runtime_jar" \
    dev.netc.bench.coldstart.ColdStart "$models/mlp-sgd.netc" "$models/image0.f32")
  emit netc coldstart_cds.ms "$netc_cds_cs"
fi

rows=("| JVM floor (a main that loads nothing) | $floor_cs | | \`java -cp bench-mlp.jar dev.netc.bench.coldstart.JvmFloor\` |")
rows+=("| netc | $netc_cs | $(awk -v b="$netc_fp" 'BEGIN {printf "%.0f KB", b / 1000}') | model jar $model_jar_b B + runtime jar $runtime_b B; weights $weights_b B |")
if [ -n "$netc_cds_cs" ]; then
  rows+=("| netc with an AppCDS archive (\`-XX:SharedArchiveFile\`, docs/deployment.md) | $netc_cds_cs | | archive $(bytes "$cds") B, built once |")
fi
if [ -n "$netc_flags_cs" ]; then
  rows+=("| netc, \`$NETC_JVM_FLAGS\` | $netc_flags_cs | | |")
fi

# --- peers ---
ort_dir=benchmarks/peers/onnxruntime/target
if [[ " $peers " == *" ort "* ]] && [ -f "$models/mlp.onnx" ] && [ -d "$ort_dir/classes" ]; then
  if cs=$(coldstart java -cp "$ort_dir/classes:$ort_dir/lib/*" dev.netc.peers.ort.OrtColdStart \
      "$models/mlp.onnx" "$models/image0.f32"); then
    b=$(bytes "$ort_dir"/lib/*.jar)
    emit ort coldstart.ms "$cs"
    emit ort footprint.bytes "$b"
    emit ort footprint.note "onnxruntime jar (all platforms' natives inside) $b B + the model"
    rows+=("| ONNX Runtime | $cs | $(awk -v b="$b" 'BEGIN {printf "%.0f MB", b / 1e6}') | onnxruntime jar |")
  fi
fi
dl4j_dir=benchmarks/peers/dl4j/target
if [[ " $peers " == *" dl4j "* ]] && [ -f "$models/dl4j-mlp-sgd.zip" ] && [ -d "$dl4j_dir/classes" ]; then
  if cs=$(coldstart java -cp "$dl4j_dir/classes:$dl4j_dir/lib/*" \
      dev.netc.peers.dl4j.Dl4jColdStart "$models/dl4j-mlp-sgd.zip" "$models/image0.f32"); then
    b=$(bytes "$dl4j_dir"/lib/*.jar)
    emit dl4j coldstart.ms "$cs"
    emit dl4j footprint.bytes "$b"
    emit dl4j footprint.note "deeplearning4j-nn + nd4j-native (linux-x86_64 natives only) jars $b B"
    rows+=("| DL4J | $cs | $(awk -v b="$b" 'BEGIN {printf "%.0f MB", b / 1e6}') | jars, linux-x86_64 natives only |")
  fi
fi
if [[ " $peers " == *" pytorch "* ]] && [ -f "$models/torch-mlp-sgd.pt" ]; then
  if cs=$(coldstart env LD_LIBRARY_PATH="${TORCH_BLAS_DIR:-${LD_LIBRARY_PATH:-}}" /usr/bin/python3 benchmarks/peers/pytorch_peer.py --coldstart \
      "$models/torch-mlp-sgd.pt" "$models/image0.f32"); then
    kb=$(dpkg-query -Wf '${Installed-Size}\n' python3-torch 'libtorch1.*' 2>/dev/null | awk '{s+=$1} END {print s+0}')
    emit pytorch coldstart.ms "$cs"
    if [ "$kb" -gt 0 ]; then
      emit pytorch footprint.bytes "$((kb * 1024))"
      emit pytorch footprint.note "installed size of Debian's python3-torch + libtorch (dpkg), without Python itself"
    fi
    rows+=("| PyTorch | $cs | $(awk -v b="$kb" 'BEGIN {printf "%.0f MB", b * 1024 / 1e6}') | python3-torch + libtorch installed size |")
  fi
fi

{
  echo "Cold start (launch to first prediction of the trained MLP, median of $runs fresh processes after one unmeasured run) and footprint"
  echo
  echo "| runtime | cold start ms | footprint | what the footprint counts |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "netc inference loads $loaded_n runtime classes ($loaded_b B compressed); FashionMlp's generated model jar is $fashion_jar_b B."
} > "$table"
cat "$table"
