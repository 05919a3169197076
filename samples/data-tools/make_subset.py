#!/usr/bin/env python3
"""Make the embedded Fashion-MNIST subset shipped in netc-samples.

Usage:
    python3 make_subset.py SOURCE_DIR OUTPUT_DIR [--train N] [--test M]

SOURCE_DIR holds the four full Fashion-MNIST files in gzipped IDX format
(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), e.g. as installed by
the Debian package `dataset-fashion-mnist` in /usr/share/datasets/fashion-mnist.

OUTPUT_DIR receives the same four file names holding the FIRST N training
(default 10000) and the FIRST M test (default 2000) images/labels, as valid
IDX files (magic 0x00000803 for images, 0x00000801 for labels, big-endian
dimensions) with the reduced counts, compressed with gzip level 9 and a zero
mtime and no embedded file name, so that reruns give byte-identical output.

Prints the number of examples per class for each split.

Used for: samples/src/main/resources/dev/netc/samples/data/
    python3 samples/data-tools/make_subset.py /usr/share/datasets/fashion-mnist \
        samples/src/main/resources/dev/netc/samples/data
"""
import argparse
import gzip
import os
import struct
import sys

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = list(struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim]))
    body = data[4 + 4 * ndim:]
    expected = 1
    for d in dims:
        expected *= d
    if len(body) != expected:
        sys.exit(f"{path}: body has {len(body)} bytes, header says {expected}")
    return magic, dims, body


def write_idx(path, magic, dims, body):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        # filename="" and mtime=0: deterministic output
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(header)
            gz.write(body)


def subset(src_dir, out_dir, prefix, count):
    img_name = f"{prefix}-images-idx3-ubyte.gz"
    lbl_name = f"{prefix}-labels-idx1-ubyte.gz"
    imagic, idims, ibody = read_idx(os.path.join(src_dir, img_name))
    lmagic, ldims, lbody = read_idx(os.path.join(src_dir, lbl_name))
    if imagic != IMAGES_MAGIC or len(idims) != 3:
        sys.exit(f"{img_name}: unexpected magic {imagic:#010x}")
    if lmagic != LABELS_MAGIC or len(ldims) != 1:
        sys.exit(f"{lbl_name}: unexpected magic {lmagic:#010x}")
    if idims[0] != ldims[0] or count > idims[0]:
        sys.exit(f"{prefix}: counts do not fit ({idims[0]} images, {ldims[0]} labels, want {count})")
    rows, cols = idims[1], idims[2]
    write_idx(os.path.join(out_dir, img_name), IMAGES_MAGIC, [count, rows, cols],
              ibody[:count * rows * cols])
    labels = lbody[:count]
    write_idx(os.path.join(out_dir, lbl_name), LABELS_MAGIC, [count], labels)
    per_class = [0] * 10
    for b in labels:
        per_class[b] += 1
    print(f"{prefix}: {count} examples of {rows}x{cols}; per class 0..9: {per_class}")
    for name in (img_name, lbl_name):
        print(f"  {name}: {os.path.getsize(os.path.join(out_dir, name))} bytes")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source_dir")
    ap.add_argument("output_dir")
    ap.add_argument("--train", type=int, default=10000)
    ap.add_argument("--test", type=int, default=2000)
    args = ap.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    subset(args.source_dir, args.output_dir, "train", args.train)
    subset(args.source_dir, args.output_dir, "t10k", args.test)


if __name__ == "__main__":
    main()
