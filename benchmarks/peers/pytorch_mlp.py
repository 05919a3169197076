#!/usr/bin/env python3
"""The mlp-sgd / mlp-adam workloads of benchmarks/peers/README.md in PyTorch (CPU, 1 thread).

Prints `RESULT workload seconds accuracy` like dev.netc.bench.EpochBench, for peers/compare.sh.
Needs Debian's python3-torch (run it with /usr/bin/python3). No numpy: tensors are built from bytes.
"""
import gzip
import struct
import sys
import time

import torch

DATA = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", raw[8:16])
        t = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).float().div_(255.0)
        return t.view(count, rows * cols)
    return torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8).long()


def run(name, x, y, xt, yt, make_opt):
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = make_opt(model.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(1)
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        perm = torch.randperm(x.shape[0], generator=gen)
        for i in range(0, x.shape[0], 32):
            idx_ = perm[i:i + 32]
            opt.zero_grad()
            loss = loss_fn(model(x[idx_]), y[idx_])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        acc = (model(xt).argmax(1) == yt).float().mean().item()
    late = sorted(seconds[1:])
    print("RESULT %s %.3f %.4f (epochs %s s)" % (name, sum(late) / 2, acc,
                                                  [round(s, 3) for s in seconds]), flush=True)


def main():
    torch.set_num_threads(1)
    x = idx(DATA + "/train-images-idx3-ubyte.gz")
    y = idx(DATA + "/train-labels-idx1-ubyte.gz")
    xt = idx(DATA + "/t10k-images-idx3-ubyte.gz")
    yt = idx(DATA + "/t10k-labels-idx1-ubyte.gz")
    print("torch", torch.__version__, "threads", torch.get_num_threads(), flush=True)
    run("mlp-sgd", x, y, xt, yt, lambda p: torch.optim.SGD(p, lr=0.1))
    run("mlp-adam", x, y, xt, yt, lambda p: torch.optim.Adam(p, lr=1e-3))


if __name__ == "__main__":
    main()
