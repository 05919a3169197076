#!/usr/bin/env python3
"""Runs the official ONNX checker over netc's exported models.

The build never needs Python: the tests write their exports only when asked, and this script,
run by hand (or in a CI job with python3-onnx), checks them:

    ./mvnw -B -o -pl netc-onnx -am verify -Dnetc.onnx.exportDir=/tmp/netc-onnx-exports \
        -Dtest='SampleRoundTripTest,EveryOpExportTest' -Dsurefire.failIfNoSpecifiedTests=false
    /usr/bin/python3 netc-onnx/src/test/python/check_exports.py /tmp/netc-onnx-exports

Each model gets onnx.checker.check_model(full_check=True), which also runs ONNX's strict shape
inference. Exit status 0 when every file passes, 1 when one fails (each failure is printed), 2 when
the directory holds no .onnx file.
"""
import pathlib
import sys

import onnx


def main(argv):
    if len(argv) != 2:
        print("usage: check_exports.py DIR", file=sys.stderr)
        return 2
    files = sorted(pathlib.Path(argv[1]).glob("*.onnx"))
    if not files:
        print(f"no .onnx files in {argv[1]}", file=sys.stderr)
        return 2
    failed = 0
    for path in files:
        model = onnx.load(str(path))
        try:
            onnx.checker.check_model(model, full_check=True)
        except Exception as e:  # the checker raises ValidationError and, on shape inference, others
            failed += 1
            print(f"FAIL {path.name}: {e}")
            continue
        opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        print(f"ok   {path.name}: opset {opset}, {len(model.graph.node)} nodes, "
              f"{len(model.graph.initializer)} initializers")
    print(f"onnx {onnx.__version__}: {len(files) - failed} of {len(files)} exported models pass the full check")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
