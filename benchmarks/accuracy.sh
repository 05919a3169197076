#!/usr/bin/env bash
# Issue 21's accuracy table: every Fashion-MNIST classifier sample trained through its headline
# recipe (what `-Dsample=NAME` runs with no options: the .net training block plus the sample's
# defaults) on the full data set, once per seed, and its test accuracy per seed, mean and minimum
# set against its target. The samples, targets and quick floors come from
# dev.netc.samples.AccuracyTarget (the same rows QuickAccuracyTest checks in every build).
#
# Usage: bash benchmarks/accuracy.sh [--seeds 42,43,44] [--only a,b] [--data DIR] [--quick]
#                                    [--no-build] [--help]
#   --seeds LIST  seeds to train each sample with (default 42,43,44; --quick: 42, the floors' seed)
#   --only LIST   these samples only (default all of them, in the order below)
#   --data DIR    full Fashion-MNIST (the four gz IDX files); default
#                 /usr/share/datasets/fashion-mnist (Debian's dataset-fashion-mnist)
#   --quick       the CI quick mode instead: a few epochs on the first images of the embedded
#                 subset, each sample against its floor (2-3 minutes for one seed; no --data)
#   --no-build    use the classes of the last build instead of building first
# Env: NETC_JVM_FLAGS (default "--add-modules jdk.incubator.vector"), JAVA (default java),
#      MVN_ARGS (extra Maven arguments for the build, e.g. -o).
#
# Wall time of ONE seed on the project's 2-core machine (quiet machine .. loaded by other builds):
#   fashion-mlp      10 epochs x  1-3 s     0.5-2 min
#   fashion-rnn       8 epochs x 15-35 s      2-5 min
#   fashion-cnn      15 epochs x 20-40 s     5-12 min
#   fashion-bigru    10 epochs x 21-140 s    4-25 min
#   fashion-cnn-bn   30 epochs x 44-60 s    22-35 min
#   fashion-resnet   30 epochs x 76-110 s   40-60 min (two threads)
# so the full table with 3 seeds takes about 4-7 hours; --quick 2-3 minutes per seed.
#
# Writes benchmarks/target/accuracy-table.md (--quick: accuracy-table-quick.md) and each run's
# log (per-epoch loss, accuracy and seconds) under benchmarks/target/accuracy/, and prints the
# table. Exit status 1 when a run fails or a sample's minimum is below its target (floor).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

seeds=""
only=""
data=""
quick=false
build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="${2:?--seeds needs a list such as 42,43,44}"; shift 2 ;;
    --only) only="${2:?--only needs a list of samples}"; shift 2 ;;
    --data) data="${2:?--data needs a directory}"; shift 2 ;;
    --quick) quick=true; shift ;;
    --no-build) build=false; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "accuracy.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -n "$seeds" && ! "$seeds" =~ ^[0-9]+(,[0-9]+)*$ ]]; then
  echo "accuracy.sh: --seeds expects numbers separated by commas, got '$seeds'" >&2
  exit 2
fi
if $quick; then
  seeds="${seeds:-42}"
  if [ -n "$data" ]; then
    echo "accuracy.sh: --quick trains on the embedded subset; --data does not apply" >&2
    exit 2
  fi
else
  seeds="${seeds:-42,43,44}"
  data="${data:-/usr/share/datasets/fashion-mnist}"
  if [ ! -f "$data/train-images-idx3-ubyte.gz" ] && [ ! -f "$data/train-images-idx3-ubyte" ]; then
    echo "accuracy.sh: no Fashion-MNIST in '$data' (train-images-idx3-ubyte.gz missing);" \
      "pass --data DIR, install dataset-fashion-mnist, or run --quick" >&2
    exit 2
  fi
fi

JAVA="${JAVA:-java}"
NETC_JVM_FLAGS="${NETC_JVM_FLAGS---add-modules jdk.incubator.vector}"
if $build; then
  # shellcheck disable=SC2086
  ./mvnw -B -q ${MVN_ARGS:-} -pl samples -am package -DskipTests
fi
cp="samples/target/classes:runtime/target/classes"
if [ ! -f samples/target/classes/dev/netc/samples/AccuracyTarget.class ]; then
  echo "accuracy.sh: samples are not built; run without --no-build" >&2
  exit 2
fi

# sample, target, quick epochs, quick images, quick floor
rows="$("$JAVA" -cp "$cp" dev.netc.samples.AccuracyTarget)"
known="$(cut -f1 <<<"$rows" | paste -sd, - | sed 's/,/, /g')"
if [ -n "$only" ]; then
  IFS=, read -r -a wanted <<<"$only"
  for name in "${wanted[@]}"; do
    if ! cut -f1 <<<"$rows" | grep -qx -- "$name"; then
      echo "accuracy.sh: no accuracy target for '$name'; the table's samples are $known" >&2
      exit 2
    fi
  done
  rows="$(awk -F'\t' -v only=",$only," 'index(only, "," $1 ",")' <<<"$rows")"
fi

logs=benchmarks/target/accuracy
table=benchmarks/target/accuracy-table.md
$quick && table=benchmarks/target/accuracy-table-quick.md
mkdir -p "$logs"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
jdk="$("$JAVA" -version 2>&1 | head -1)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
IFS=, read -r -a seed_list <<<"$seeds"

body=""
failed=0
while IFS=$'\t' read -r sample target qepochs qimages qfloor; do
  if $quick; then
    bound="$qfloor"
    options="--data embedded --epochs $qepochs --limit $qimages"
  else
    bound="$target"
    options="--data $data"
  fi
  accuracies=()
  per_seed=()
  epochs="?"
  spe_sum=0
  for seed in "${seed_list[@]}"; do
    log="$logs/$sample-seed$seed$($quick && echo -quick).log"
    echo "== $sample seed $seed: $options --seed $seed (log $log)" >&2
    # shellcheck disable=SC2086
    if "$JAVA" $NETC_JVM_FLAGS -cp "$cp" dev.netc.samples.Samples "$sample" $options --seed "$seed" >"$log" 2>&1; then
      result="$(sed -n 's/.*test accuracy \([0-9.]*\) (loss .* after \([0-9]*\) epochs, \([0-9.]*\) s\/epoch.*/\1 \2 \3/p' "$log" | tail -1)"
    else
      result=""
    fi
    if [ -z "$result" ]; then
      echo "   failed: see $log" >&2
      tail -5 "$log" >&2 || true
      per_seed+=("failed")
      failed=1
      continue
    fi
    read -r acc ep spe <<<"$result"
    echo "   test accuracy $acc after $ep epochs, $spe s/epoch" >&2
    accuracies+=("$acc")
    per_seed+=("$acc")
    epochs="$ep"
    spe_sum="$(awk -v a="$spe_sum" -v b="$spe" 'BEGIN { print a + b }')"
  done
  if [ "${#accuracies[@]}" -gt 0 ]; then
    stats="$(printf '%s\n' "${accuracies[@]}" | awk -v bound="$bound" -v spe="$spe_sum" '
      { s += $1; if (NR == 1 || $1 < m) m = $1 }
      END { printf "%.1f %.4f %.4f %s", spe / NR, s / NR, m, (m >= bound ? "yes" : "no") }')"
    read -r spe_mean mean min met <<<"$stats"
  else
    spe_mean="-"; mean="-"; min="-"; met="no"
  fi
  if [ "$met" != "yes" ] || [ "${#accuracies[@]}" -lt "${#seed_list[@]}" ]; then
    met="no"
    failed=1
  fi
  display_options="$options"
  $quick || display_options="--data DIR"
  body+="| $sample | \`Samples $sample $display_options --seed S\` | $epochs | $spe_mean | $(printf '%s / ' "${per_seed[@]}" | sed 's| / $||') | $mean | **$min** | $bound | $met |"$'\n'
done <<<"$rows"

{
  if $quick; then
    echo "Quick mode (embedded subset: the first training images of its 10,000, tested on its 2,000; the bound is the sample's floor, not its target)"
  else
    echo "Full Fashion-MNIST (60,000 training, 10,000 test images; DIR = $data)"
  fi
  echo
  echo "Commit $commit; $jdk; JVM flags \`${NETC_JVM_FLAGS}\`; started $started, finished $(date -u '+%H:%M UTC'); load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')."
  echo "Command: \`bash benchmarks/accuracy.sh$($quick && echo ' --quick') --seeds $seeds${only:+ --only $only}\`; each run is \`java ${NETC_JVM_FLAGS} -cp samples/target/classes:runtime/target/classes dev.netc.samples.Samples ...\` with the arguments of the command column (seeds $seeds)."
  echo
  echo "| sample | command | epochs | seconds per epoch (mean) | test accuracy per seed ($seeds) | mean | minimum | $($quick && echo floor || echo target) | met |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$body"
} >"$table"
echo >&2
cat "$table"
echo >&2
echo "written: $table (logs in $logs/)" >&2
exit "$failed"
