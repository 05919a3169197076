#!/usr/bin/env bash
# netc's benchmarks on two JDKs with the same jars (issue 20): the project is built for Java 17
# (release 17) and only the `java` that runs it changes. Measured, alternating the JDKs so both
# see the same machine load:
#   1. the MLP and CNN JMH benchmarks (dev.netc.bench.JmhRun: batch-1 median latency, batch-256
#      images/s, training steps/s, bytes allocated per call);
#   2. the Gemm JMH benchmarks (GemmBenchmarks, every shape, ns per product);
#   3. training epochs (dev.netc.bench.EpochBench: mlp-sgd and cnn-sgd, seconds per epoch).
# Every group runs on one JDK, then on the other; round 2 starts with the other JDK, and so on.
# The table gives the median over rounds per JDK and the ratio JDK 25 / JDK 17 turned so that
# above 1 means JDK 25 is faster.
#
# Usage (repository root or anywhere): bash benchmarks/jdk-matrix.sh [DATA_DIR]
#   DATA_DIR: Fashion-MNIST's gz IDX files (default as in peers/run-all.sh).
# Env: JDK17 (default: the JDK of `java` on PATH), JDK25 (default
#      /usr/lib/jvm/temurin-25-jdk-amd64), ROUNDS (default 2), NETC_JVM_FLAGS (default
#      "--add-modules jdk.incubator.vector"), JMH_ARGS (JmhRun options, default
#      "--warmups 4 --iterations 3 --seconds 1": C2 needs the time on a loaded machine), GEMM_ARGS (JMH options for GemmBenchmarks,
#      default "-wi 3 -i 3 -w 1 -r 1"), WORKLOADS (EpochBench, default mlp-sgd,cnn-sgd),
#      SKIP_BUILD=1 (use the jars already in benchmarks/target), MVN_ARGS.
# Writes benchmarks/target/jdk-matrix/jdk-matrix.md (and the raw METRIC lines and logs beside
# it) and prints the table. About 6 minutes per round on 2 idle cores.
set -euo pipefail
cd "$(dirname "$0")/.."
jdk17="${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rounds="${ROUNDS:-2}"
flags="${NETC_JVM_FLAGS---add-modules jdk.incubator.vector}"
jmh_args="${JMH_ARGS:---warmups 4 --iterations 3 --seconds 1}"
gemm_args="${GEMM_ARGS:--wi 3 -i 3 -w 1 -r 1}"
workloads="${WORKLOADS:-mlp-sgd,cnn-sgd}"
out=benchmarks/target/jdk-matrix
metrics="$out/metrics.tsv"
if [ $# -ge 1 ]; then
  data="$1"
elif [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  data=/usr/share/datasets/fashion-mnist
else
  data=samples/src/main/resources/dev/netc/samples/data
fi
for j in "$jdk17" "$jdk25"; do
  if [ ! -x "$j/bin/java" ]; then
    echo "jdk-matrix: no java at $j/bin/java (set JDK17 / JDK25)" >&2
    exit 2
  fi
done
mkdir -p "$out"
: > "$metrics"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_ARGS:-} -pl benchmarks -am package -DskipTests
fi
cp="benchmarks/target/classes:benchmarks/target/lib/*"
version() { "$1/bin/java" -version 2>&1 | head -1; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

# Appends "jdk<TAB>key<TAB>value" for every METRIC line of the log $2.
collect() { awk -v jdk="$1" '$1 == "METRIC" {print jdk "\t" $2 "\t" $3}' "$2" >> "$metrics"; }

# One group on one JDK: $1 = 17 or 25, $2 = group, $3 = round.
run_group() {
  local tag="$1" group="$2" round="$3" home log
  if [ "$tag" = 17 ]; then home="$jdk17"; else home="$jdk25"; fi
  log="$out/$group-jdk$tag-r$round.log"
  echo "=== round $round, $group on JDK $tag ($(date +%T), load $(load))"
  case "$group" in
    jmh)
      # JMH forks with the java that runs it, so the forks are on the same JDK; the lock only
      # keeps two JMH runs apart, and on a shared machine another one may hold it
      # shellcheck disable=SC2086
      "$home/bin/java" -Djmh.ignoreLock=true -cp "$cp" dev.netc.bench.JmhRun $jmh_args --jvm-args "$flags" \
        --log "$log.jmh" > "$log" 2>&1
      ;;
    gemm)
      # shellcheck disable=SC2086
      "$home/bin/java" -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main 'dev\.netc\.bench\.GemmBenchmarks\.' \
        -f 1 $gemm_args -jvmArgs "-Xms1g -Xmx1g $flags" -rf csv -rff "$log.csv" > "$log" 2>&1
      # "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: shape"
      awk -F, 'NR > 1 {gsub(/"/, ""); printf "METRIC jmh.gemm.%s.ns %s\n", $8, $5}' "$log.csv" >> "$log"
      ;;
    epoch)
      # shellcheck disable=SC2086
      "$home/bin/java" $flags -cp "$cp" dev.netc.bench.EpochBench "$data" --workloads "$workloads" \
        > "$log" 2>&1
      ;;
  esac
  collect "$tag" "$log"
}

for ((r = 1; r <= rounds; r++)); do
  for group in jmh gemm epoch; do
    if ((r % 2)); then order="17 25"; else order="25 17"; fi
    for tag in $order; do
      run_group "$tag" "$group" "$r"
    done
  done
done
load_end=$(load)

# Median per JDK and key; the ratio says how much faster JDK 25 is (latencies and seconds are
# inverted so above 1 always means JDK 25 is faster). Allocation rows give both values.
table="$out/jdk-matrix.md"
{
  echo "### JDK matrix: the same jars on JDK 17 and JDK 25"
  echo
  echo "- commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- JDK 17: $(version "$jdk17")"
  echo "- JDK 25: $(version "$jdk25")"
  echo "- JVM flags: \`$flags\`; rounds: $rounds, JDKs alternating per group; median over rounds"
  echo "- load average (1/5/15 min) at start $load_start, at end $load_end; $(getconf _NPROCESSORS_ONLN) cores"
  echo
  echo "| benchmark | JDK 17 | JDK 25 | JDK 25 speed-up |"
  echo "|---|---:|---:|---:|"
  sort -t$'\t' -k2,2 -k1,1 "$metrics" | awk -F'\t' '
    function median(list,   n, v, i, j, t) {
      n = split(list, v, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) {t = v[i]; v[i] = v[j]; v[j] = t}
      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    {vals[$2 SUBSEP $1] = vals[$2 SUBSEP $1] " " $3; keys[$2] = 1}
    END {
      for (k in keys) order[++n] = k
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (order[j] < order[i]) {t = order[i]; order[i] = order[j]; order[j] = t}
      for (i = 1; i <= n; i++) {
        k = order[i]
        if (k ~ /\.acc$|train_images|p99_us/) continue
        a = (k SUBSEP "17") in vals ? median(vals[k SUBSEP "17"]) : ""
        b = (k SUBSEP "25") in vals ? median(vals[k SUBSEP "25"]) : ""
        ratio = ""
        if (a != "" && b != "" && a + 0 > 0 && b + 0 > 0 && k !~ /alloc_b$/) {
          lower = (k ~ /(_us|\.ns|_s)$/ && k !~ /(ops_s|img_s)$/)
          ratio = sprintf("%.2fx", lower ? a / b : b / a)
        }
        printf "| %s | %s | %s | %s |\n", k, a, b, ratio
      }
    }'
  echo
  echo "Keys: \`_us\` µs (median latency), \`img_s\` images/s, \`ops_s\` steps/s, \`.ns\` ns per product,"
  echo "\`epoch_s\` seconds per 60,000-image epoch, \`alloc_b\` bytes allocated per call."
} > "$table"
cat "$table"
