#!/usr/bin/env bash
# A fuzzing campaign over every untrusted input of netc (docs/fuzzing.md): builds once, then runs
# each target below with Jazzer's standalone driver (libFuzzer) for its share of the wall time,
# one after the other, and prints a Markdown table of executions, coverage and crashes per target.
#
#   fuzz/campaign.sh --minutes 120            # the long campaign
#   fuzz/campaign.sh --minutes 10 --only csv,idx
#   fuzz/campaign.sh --list
#
# Kept between runs (git-ignored, under fuzz/): corpus/<target>/ (grows run after run),
# crashes/<target>/ (reproducers: copy each into the target's regression corpus, see the table in
# docs/fuzzing.md), logs/<target>.log and logs/campaign-<time>.md (the table). The classes are
# copied to fuzz/build/ before the first target starts, so rebuilding the project during a
# campaign cannot pull class files from under a running fuzzer.
set -euo pipefail

# One line per target: name | module | class with fuzzerTestOneInput | weight (share of the wall
# time) | -max_len | -Xmx | seed corpus under the module's src/test/resources | dictionary there, or -
TARGETS=(
  "compiler|codegen|dev.netc.codegen.fuzz.CompilerFuzzTarget|55|4096|1g|dev/netc/codegen/fuzz/CompilerFuzzTestInputs/compile|fuzz/net.dict"
  "network-interface|annotation-processor|dev.netc.processor.NetworkInterfaceFuzzTarget|15|2048|1g|dev/netc/processor/NetworkInterfaceFuzzTestInputs/compile|-"
  "model-file|runtime|dev.netc.runtime.io.ModelFileFuzzTarget|10|8192|512m|dev/netc/runtime/io/ModelFileFuzzTestInputs/load|-"
  "idx|runtime|dev.netc.runtime.data.IdxFuzzTarget|5|8192|512m|dev/netc/runtime/data/IdxFuzzTestInputs/read|-"
  "csv|runtime|dev.netc.runtime.data.CsvFuzzTarget|5|4096|512m|dev/netc/runtime/data/CsvFuzzTestInputs/read|-"
  "onnx-import|netc-onnx|dev.netc.onnx.fuzz.OnnxImportFuzzTarget|10|32768|1g|dev/netc/onnx/fuzz/OnnxImportFuzzTestInputs/importModel|-"
)

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ="$ROOT/fuzz"
MINUTES=10
ONLY=""
BUILD=1
SEED=0
JOBS=1

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --minutes N (total fuzzing time, default $MINUTES)  --only a,b  --no-build  --seed N  --jobs N (fuzzing processes per target, sharing its corpus; default 1)  --list"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --only) ONLY=",$2,"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --seed) SEED="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --list) for t in "${TARGETS[@]}"; do IFS='|' read -r name module class weight _ <<<"$t"; echo "$name ($module, $class, weight $weight)"; done; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

selected=()
for t in "${TARGETS[@]}"; do
  name=${t%%|*}
  if [ -z "$ONLY" ] || [[ "$ONLY" == *",$name,"* ]]; then selected+=("$t"); fi
done
[ ${#selected[@]} -gt 0 ] || { echo "no target matches --only ${ONLY//,/ }" >&2; exit 2; }

total_weight=0
modules=()
for t in "${selected[@]}"; do
  IFS='|' read -r _ module _ weight _ <<<"$t"
  total_weight=$((total_weight + weight))
  [[ " ${modules[*]} " == *" $module "* ]] || modules+=("$module")
done

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
wall_start=$SECONDS
load_start=$(uptime)
commit=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- . ':!fuzz' || echo "+changes")
mkdir -p "$FUZZ/logs" "$FUZZ/build"

if [ "$BUILD" = 1 ]; then
  # test classes and each module's test classpath, reactor siblings as their target/classes (no install)
  (cd "$ROOT" && ./mvnw -B -o -q -pl "$(IFS=,; echo "${modules[*]}")" -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt)
  rm -rf "$FUZZ/build"
  for dir in "$ROOT"/*/target/classes "$ROOT"/*/target/test-classes; do
    rel=${dir#"$ROOT"/}
    mkdir -p "$FUZZ/build/$(dirname "$rel")"
    cp -r "$dir" "$FUZZ/build/$rel"
  done
  for module in "${modules[@]}"; do
    sed "s#$ROOT/\([^:/]*\)/target/#$FUZZ/build/\1/target/#g" "$ROOT/$module/target/fuzz-classpath.txt" \
        > "$FUZZ/build/$module/classpath.txt"
  done
fi

rows=()
total_seconds=0
total_runs=0
total_crashes=0
for t in "${selected[@]}"; do
  IFS='|' read -r name module class weight max_len xmx seeds dict <<<"$t"
  seconds=$((MINUTES * 60 * weight / total_weight))
  [ "$seconds" -ge 10 ] || seconds=10
  corpus="$FUZZ/corpus/$name"
  crashes="$FUZZ/crashes/$name"
  log="$FUZZ/logs/$name.log"
  mkdir -p "$corpus" "$crashes"
  # findings: crash-, oom-, timeout-, leak- files (Jazzer adds a Crash_<sha1>.java reproducer to
  # each); slow-unit- files (over 10 s) are reported apart
  findings() { ls "$crashes" | grep -Ec '^(crash|oom|timeout|leak)-' || true; }
  before=$(findings)
  slow_before=$(ls "$crashes" | grep -c '^slow-unit-' || true)
  cp_file="$FUZZ/build/$module/classpath.txt"
  [ -f "$cp_file" ] || { echo "$cp_file missing: run without --no-build once" >&2; exit 1; }
  resources="$ROOT/$module/src/test/resources"
  args=(--target_class="$class" '--instrumentation_includes=dev.netc.**' --keep_going=50
      -max_total_time="$seconds" -max_len="$max_len" -seed="$SEED" -print_final_stats=1
      -artifact_prefix="$crashes/" --reproducer_path="$crashes")
  case "$module" in
    # the first input pays for instrumenting every class javac and netc load: half a minute at load
    codegen|annotation-processor) args+=(-timeout=120 -rss_limit_mb=8192) ;;
    *) args+=(-timeout=30 -rss_limit_mb=2048) ;;
  esac
  [ "$dict" = "-" ] || args+=(-dict="$resources/$dict")
  echo "== $name: $seconds s, -Xmx$xmx, log $log" >&2
  # --jobs N: N processes of the target at once (one per core), each with its own seed and log,
  # all adding to the same corpus directory; their executions add up
  rm -f "$log".*
  pids=()
  for ((j = 1; j <= JOBS; j++)); do
    jlog=$log; [ "$JOBS" = 1 ] || jlog="$log.$j"
    java "-Xmx$xmx" -Xss4m -cp "$FUZZ/build/$module/target/test-classes:$FUZZ/build/$module/target/classes:$(cat "$cp_file")" \
        com.code_intelligence.jazzer.Jazzer "${args[@]/-seed=$SEED/-seed=$((SEED + j - 1))}" "$corpus" "$resources/$seeds" \
        >"$jlog" 2>&1 &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
  done
  logs=("$log"); [ "$JOBS" = 1 ] || logs=("$log".*)
  runs=$(cat "${logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{s += $1} END {print s}')
  rate=$(cat "${logs[@]}" | sed -n 's/^stat::average_exec_per_sec: *//p' | awk '{s += $1} END {print s}')
  cov=$(for l in "${logs[@]}"; do grep -o 'cov: [0-9]* ft: [0-9]*' "$l" | tail -1; done \
      | sort -t' ' -k2 -n | tail -1 | sed 's/cov: \([0-9]*\) ft: \([0-9]*\)/\1 \/ \2/')
  files=$(ls "$corpus" | wc -l)
  found=$(( $(findings) - before ))
  slow=$(( $(ls "$crashes" | grep -c '^slow-unit-' || true) - slow_before ))
  rss=$(cat "${logs[@]}" | sed -n 's/^stat::peak_rss_mb: *//p' | sort -n | tail -1)
  total_seconds=$((total_seconds + seconds))
  total_runs=$((total_runs + ${runs:-0}))
  total_crashes=$((total_crashes + found))
  rows+=("| $name | $seconds | ${runs:-?} | ${rate:-?} | $files | ${cov:-?} | ${rss:-?} | $slow | $found | $status |")
done

ended=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report="$FUZZ/logs/campaign-$started.md"
{
  wall=$((SECONDS - wall_start))
  echo "Campaign \`fuzz/campaign.sh --minutes $MINUTES${ONLY:+ --only ${ONLY:1:-1}}$([ "$JOBS" = 1 ] || echo " --jobs $JOBS")\` at $commit: $started to $ended"
  echo "(wall time $((wall / 60)) min $((wall % 60)) s with the build and JVM starts), $(nproc) cores."
  echo
  echo "- load at start: ${load_start#*load average: }"
  echo "- load at end: $(uptime | sed 's/.*load average: //')"
  echo
  echo "| target | seconds | executions | exec/s | corpus files | coverage (cov / ft) | peak RSS MB | slow units | crashes | exit |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo "| **total** | $total_seconds | $total_runs | | | | | | $total_crashes | |"
} | tee "$report"
echo "(table saved in $report; crashes under $FUZZ/crashes/)" >&2
[ "$total_crashes" -eq 0 ]
