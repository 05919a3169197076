#!/usr/bin/env bash
# What the SIMD flag (--add-modules jdk.incubator.vector) costs a cold start, and what takes the
# cost back (issue 20). One hyperfine run, so every variant sees the same machine load: fresh
# processes that load the trained MLP and print its first prediction (dev.netc.bench.coldstart),
# hyperfine's median wall time to exit and its mean user+system CPU time (the better guide on a
# loaded machine: waiting for a core does not count).
#   floor            a main that loads nothing (JvmFloor), with and without the flag
#   netc             ColdStart without the flag (scalar kernels, -Dnetc.simd=false)
#   netc+flag        ColdStart with the flag
#   +cds             an AppCDS archive recorded with the same flag (-XX:ArchiveClassesAtExit)
#   jlink+flag+cds   a jlink image of java.base + jdk.incubator.vector (its own CDS archive) and
#                    an AppCDS archive recorded on it
#   base+flag        BASE_RUNTIME_JAR in place of the runtime jar (e.g. main's, for a before/after)
#   jdk25 ...        the same jars on JDK 25 (skipped when it is missing): the floor, the flag,
#                    an AppCDS archive, and JDK 25's AOT cache (-XX:AOTCacheOutput, one training run)
#
# Usage (repository root, after `./mvnw -B -q -pl benchmarks -am package -DskipTests` and
# `EpochBench DATA --workloads mlp-sgd --save MODEL_DIR`):
#   bash benchmarks/coldstart-flags.sh MODEL_DIR
# Env: RUNS (default 20), JDK25 (default /usr/lib/jvm/temurin-25-jdk-amd64), BASE_RUNTIME_JAR.
# Needs hyperfine (Debian: apt-get install hyperfine). Writes
# benchmarks/target/coldstart-flags/coldstart-flags.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
models="$(cd "$1" && pwd)"
runs="${RUNS:-20}"
jdk25="${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
flag="--add-modules jdk.incubator.vector"
out=benchmarks/target/coldstart-flags
command -v hyperfine > /dev/null || { echo "coldstart-flags: hyperfine is not installed" >&2; exit 2; }
rm -rf "$out" && mkdir -p "$out/classes/dev/netc/bench/coldstart"

# the model jar of coldstart.sh: the generated BenchMlp classes and the two mains
cp benchmarks/target/classes/dev/netc/bench/BenchMlp*.class "$out/classes/dev/netc/bench/"
cp benchmarks/target/classes/dev/netc/bench/coldstart/*.class "$out/classes/dev/netc/bench/coldstart/"
jar --create --file "$out/bench-mlp.jar" -C "$out/classes" .
cp "$(ls benchmarks/target/lib/netc-runtime-*.jar)" "$out/netc-runtime.jar"
cp="$out/bench-mlp.jar:$out/netc-runtime.jar"
args="$models/mlp-sgd.netc $models/image0.f32"
main=dev.netc.bench.coldstart.ColdStart
floor=dev.netc.bench.coldstart.JvmFloor
java17="$(readlink -f "$(command -v java)")"

# archives: each recorded by one run of the first prediction with the flags it will be used with
"$java17" $flag -XX:ArchiveClassesAtExit="$out/flag17.jsa" -cp "$cp" $main $args > /dev/null 2>&1
"$(dirname "$java17")/jlink" --add-modules java.base,jdk.incubator.vector --generate-cds-archive \
  --strip-debug --no-header-files --no-man-pages --output "$out/image17" > "$out/jlink.log" 2>&1 \
  || { echo "coldstart-flags: jlink failed, see $out/jlink.log" >&2; exit 1; }
"$out/image17/bin/java" $flag -XX:ArchiveClassesAtExit="$out/image17.jsa" -cp "$cp" $main $args \
  > /dev/null 2>&1

variants=(
  -n "floor" "$java17 -cp $cp $floor"
  -n "floor+flag" "$java17 $flag -cp $cp $floor"
  -n "netc" "$java17 -Dnetc.simd=false -cp $cp $main $args"
  -n "netc+flag" "$java17 $flag -cp $cp $main $args"
  -n "netc+flag+cds" "$java17 $flag -XX:SharedArchiveFile=$out/flag17.jsa -cp $cp $main $args"
  -n "jlink+flag+cds" "$out/image17/bin/java $flag -XX:SharedArchiveFile=$out/image17.jsa -cp $cp $main $args"
)
if [ -n "${BASE_RUNTIME_JAR:-}" ]; then
  cp "$BASE_RUNTIME_JAR" "$out/base-runtime.jar"
  variants+=(-n "base+flag" "$java17 $flag -cp $out/bench-mlp.jar:$out/base-runtime.jar $main $args")
fi
if [ -x "$jdk25/bin/java" ]; then
  "$jdk25/bin/java" $flag -XX:ArchiveClassesAtExit="$out/flag25.jsa" -cp "$cp" $main $args > /dev/null 2>&1
  # JDK 25's AOT cache (JEP 483/514/515): classes loaded and linked, method profiles, one training run
  "$jdk25/bin/java" $flag -XX:AOTCacheOutput="$out/flag25.aot" -cp "$cp" $main $args > /dev/null 2>&1
  variants+=(
    -n "jdk25 floor" "$jdk25/bin/java -cp $cp $floor"
    -n "jdk25 netc+flag" "$jdk25/bin/java $flag -cp $cp $main $args"
    -n "jdk25 netc+flag+cds" "$jdk25/bin/java $flag -XX:SharedArchiveFile=$out/flag25.jsa -cp $cp $main $args"
    -n "jdk25 netc+flag+aot" "$jdk25/bin/java $flag -XX:AOTCache=$out/flag25.aot -cp $cp $main $args"
  )
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
hyperfine -N -w 2 -r "$runs" --style basic --export-json "$out/hyperfine.json" "${variants[@]}" \
  > "$out/hyperfine.log" 2>&1
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "### Cold start with the SIMD flag"
  echo
  echo "- commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC'), $runs runs per variant after 2 warm-ups, one hyperfine run"
  echo "- JDK 17: $("$java17" -version 2>&1 | head -1)"
  [ -x "$jdk25/bin/java" ] && echo "- JDK 25: $("$jdk25/bin/java" -version 2>&1 | head -1)"
  echo "- load average (1/5/15 min) at start $load_start, at end $load_end; $(getconf _NPROCESSORS_ONLN) cores"
  echo
  echo "| variant | median wall ms | mean user+sys CPU ms | command |"
  echo "|---|---:|---:|---|"
  # variants holds (-n NAME COMMAND) triples; hyperfine's JSON has the names, in that order
  python3 - "$out/hyperfine.json" "$PWD/" "${variants[@]}" <<'PY'
import json, sys
path, root, triples = sys.argv[1], sys.argv[2], sys.argv[3:]
commands = dict(zip(triples[1::3], triples[2::3]))
for r in json.load(open(path))["results"]:
    print("| %s | %.0f | %.0f | `%s` |" % (r["command"], r["median"] * 1000,
        (r["user"] + r["system"]) * 1000, commands[r["command"]].replace(root, "")))
PY
} > "$out/coldstart-flags.md"
cat "$out/coldstart-flags.md"
