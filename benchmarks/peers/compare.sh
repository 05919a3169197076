#!/usr/bin/env bash
# Runs the epoch workloads for netc and PyTorch in one invocation on this machine and prints a
# markdown table of the figures and ratios (BENCHMARKS.md). Usage, from the repository root:
#   ./mvnw -B -q -pl benchmarks -am package -DskipTests && bash benchmarks/peers/compare.sh [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-/usr/share/datasets/fashion-mnist}"
cp="benchmarks/target/classes:$(ls benchmarks/target/lib/*.jar | tr '\n' ':')"
netc=$(java -cp "$cp" dev.netc.bench.EpochBench "$data" | grep '^RESULT')
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  torch=$(/usr/bin/python3 benchmarks/peers/pytorch_mlp.py "$data" | grep '^RESULT')
else
  echo "PyTorch (Debian python3-torch) is not installed: skipping it" >&2
  torch=""
fi
echo "| workload | netc s/epoch (acc) | PyTorch s/epoch (acc) | PyTorch / netc |"
echo "|---|---|---|---|"
while read -r _ name secs acc _; do
  peer=$(echo "$torch" | awk -v n="$name" '$2 == n {print $3, $4}')
  if [ -n "$peer" ]; then
    read -r psecs pacc <<< "$peer"
    ratio=$(awk -v a="$psecs" -v b="$secs" 'BEGIN {printf "%.2f", a / b}')
    echo "| $name | $secs ($acc) | $psecs ($pacc) | $ratio |"
  else
    echo "| $name | $secs ($acc) | — | — |"
  fi
done <<< "$netc"
