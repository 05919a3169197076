#!/usr/bin/env python3
"""PyTorch (CPU, 1 thread) on the sample-network rows of benchmarks/peers/README.md, for run-all.sh.

The same networks as netc's samples, written in PyTorch, with the same data (IDX files, pixels /
255), hyper-parameters and initializers as netc:
  cnn-bn  (FashionCnnBn.net): conv 32 3x3 same no bias, batchnorm, relu, maxpool 2, conv 64 3x3
          same no bias, batchnorm, relu, maxpool 2, dense 256 relu, dropout 0.4, dense 10;
          Adam lr 1e-3, batch 32, seed 42;
  resnet  (FashionResnet.net): stem conv 32 + bn + relu, maxpool 2, a residual block of 32, a
          stride-2 block of 64 with a 1x1 stride-2 projection shortcut, a residual block of 64,
          dense 128 relu, dropout 0.3, dense 10; Adam lr 2e-3, batch 64, seed 42.
  netc's initializers: Xavier uniform for the convolutions (no activation of their own: batch
  norm follows) and the output layer, He normal for the ReLU dense layer, zero biases; batch norm
  gamma 1, beta 0, momentum 0.1, eps 1e-5 (netc's batchnorm defaults, PyTorch's semantics).
  Timing as dev.netc.bench.SampleEpochs: a warm-up pass over the first 2,048 training images,
  then one timed epoch over the first 10,000, shuffled, the optimizer's state carried over; test
  accuracy on the whole test set. Beside the epoch's wall time, the training thread's CPU time
  (epoch_cpu_s), which a busy machine inflates far less.
Inference, dev.netc.bench.InferBench's protocol (batch-1 median and p99 under inference_mode,
batch 256 for >= 2 s after 1 s of warm-up, accuracy), on:
  resnet       the resnet PyTorch trained above (500 warm-up, 2,000 timed batch-1 calls);
  transformer  CharTransformer.net written in PyTorch (embedding, learned positions, two pre-norm
               blocks of causal 4-head attention and a GELU MLP, layernorm, per-position dense)
               holding netc's trained weights, read from MODEL_DIR/transformer.onnx, on the
               held-out windows netc wrote (MODEL_DIR/transformer.test); next-character accuracy
               per position (500 / 2,000 calls);
  imported     the network of samples/src/main/onnx/train_fashion_cnn.py with the weights of
               fashion_cnn.onnx (eval_fashion_cnn.rebuild: batch norm folded by the exporter), the
               file netc imports (5,000 / 20,000 calls).
Prints `METRIC key value` (and `RESULT workload seconds accuracy`).

Usage: /usr/bin/python3 pytorch_samples.py DATA_DIR MODEL_DIR [cnn-bn,resnet,transformer,imported]
Needs Debian's python3-torch; the transformer and imported rows also need python3-onnx (skipped
with a message otherwise).
"""
import gzip
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ONNX_SAMPLES = os.path.join(HERE, "..", "..", "samples", "src", "main", "onnx")
WARMUP_IMAGES = 2048
SUBSET_IMAGES = 10000
LARGE_CALLS = (500, 2000)
SMALL_CALLS = (5000, 20000)


def metric(key, value):
    print("METRIC %s %.4f" % (key, value), flush=True)


def idx(data, name):
    path = os.path.join(data, name)
    gz = os.path.exists(path + ".gz")
    with (gzip.open(path + ".gz", "rb") if gz else open(path, "rb")) as f:
        raw = f.read()
    magic, count = struct.unpack(">II", raw[:8])
    if magic == 0x803:
        rows, cols = struct.unpack(">II", raw[8:16])
        return torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).float().div_(255.0).view(count, 1, rows, cols)
    return torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8).long()


def conv(c, f, stride=1, kernel=3, same=True):
    """netc's conv2d(f, kernel, stride, padding: same | valid, bias: false): Xavier uniform (no activation).

    netc's `same` is TensorFlow's: output ceil(n / stride), an odd total padding puts the extra
    row and column at the end. For the 3x3 stride-2 convolution on 14x14 that is 0 before and 1
    after, which Conv2d's symmetric padding cannot say: an explicit ZeroPad2d does.
    """
    layer = nn.Conv2d(c, f, kernel, stride=stride, padding=kernel // 2 if same and stride == 1 else 0, bias=False)
    nn.init.xavier_uniform_(layer.weight)
    if same and stride != 1:
        total = kernel - stride  # (ceil(n / s) - 1) * s + k - n for an even n divisible by s
        return nn.Sequential(nn.ZeroPad2d((total // 2, total - total // 2, total // 2, total - total // 2)), layer)
    return layer


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)


def classifier(features, hidden, rate):
    """flatten, dense(hidden, relu) He normal, dropout, dense(10) Xavier uniform, zero biases."""
    h = nn.Linear(features, hidden)
    out = nn.Linear(hidden, 10)
    nn.init.kaiming_normal_(h.weight, nonlinearity="relu")
    nn.init.xavier_uniform_(out.weight)
    nn.init.zeros_(h.bias)
    nn.init.zeros_(out.bias)
    return nn.Sequential(nn.Flatten(), h, nn.ReLU(), nn.Dropout(rate), out)


def cnn_bn():
    return nn.Sequential(
        conv(1, 32), bn(32), nn.ReLU(), nn.MaxPool2d(2),
        conv(32, 64), bn(64), nn.ReLU(), nn.MaxPool2d(2),
        classifier(64 * 7 * 7, 256, 0.4))


class Residual(nn.Module):
    """FashionResnet.net's blocks: relu(bn(conv(relu(bn(conv(x))))) + shortcut(x))."""

    def __init__(self, c, f, stride):
        super().__init__()
        self.branch = nn.Sequential(conv(c, f, stride), bn(f), nn.ReLU(), conv(f, f), bn(f))
        self.shortcut = nn.Sequential(conv(c, f, stride, kernel=1, same=False), bn(f)) if stride != 1 else nn.Identity()

    def forward(self, x):
        return F.relu(self.branch(x) + self.shortcut(x))


def resnet():
    return nn.Sequential(
        conv(1, 32), bn(32), nn.ReLU(), nn.MaxPool2d(2),
        Residual(32, 32, 1), Residual(32, 64, 2), Residual(64, 64, 1),
        classifier(64 * 7 * 7, 128, 0.3))


def train(name, model, lr, batch, x, y, xt, yt):
    """Warm-up pass, then one timed epoch over the subset; returns the model in eval mode."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(42)
    seconds = cpu = 0.0
    for count in (min(WARMUP_IMAGES, len(x)), min(SUBSET_IMAGES, len(x))):
        model.train()
        start = time.perf_counter()
        cpu_start = time.thread_time()
        perm = torch.randperm(count, generator=gen)
        for i in range(0, count, batch):
            sel = perm[i:i + batch]
            opt.zero_grad()
            loss_fn(model(x[sel]), y[sel]).backward()
            opt.step()
        seconds = time.perf_counter() - start
        cpu = time.thread_time() - cpu_start  # this thread's CPU time: 1 intra-op thread, 1 BLAS thread
    model.eval()
    with torch.inference_mode():
        acc = sum((model(xt[f:f + 1000]).argmax(1) == yt[f:f + 1000]).sum().item() for f in range(0, len(xt), 1000))
    acc /= len(xt)
    print("RESULT %s %.3f %.4f (one epoch of %d images after a warm-up pass over %d)"
          % (name, seconds, acc, min(SUBSET_IMAGES, len(x)), min(WARMUP_IMAGES, len(x))), flush=True)
    metric(name + ".epoch_s", seconds)
    metric(name + ".epoch_cpu_s", cpu)
    metric(name + ".acc", acc)
    return model


def measure(kind, model, xt, yt, calls):
    """InferBench's protocol; yt holds one class per example, or one per position ([N, T])."""
    warmup, timed = calls
    model.eval()
    n = xt.shape[0]
    images = [xt[i:i + 1].clone() for i in range(n)]
    t = []
    with torch.inference_mode():
        for i in range(warmup):
            model(images[i % n])
        for i in range(timed):
            xi = images[i % n]
            start = time.perf_counter_ns()
            model(xi)
            t.append(time.perf_counter_ns() - start)
        t.sort()
        metric(kind + ".b1.median_us", t[len(t) // 2] / 1e3)
        metric(kind + ".b1.p99_us", t[int(len(t) * 0.99)] / 1e3)
        rings = max(1, min(8, n // 256))
        batches = [xt[r * 256:(r + 1) * 256].clone() for r in range(rings)]
        if batches[0].shape[0] < 256:  # fewer than 256 examples: pad with the first ones, as netc does with zeros
            batches[0] = torch.cat([batches[0], xt[:256 - batches[0].shape[0]]])
        end = time.perf_counter() + 1
        i = 0
        while time.perf_counter() < end:
            model(batches[i % rings])
            i += 1
        start = time.perf_counter()
        end = start + 2
        count = 0
        while True:
            model(batches[count % rings])
            count += 1
            now = time.perf_counter()
            if now >= end and count >= 10:
                break
        metric(kind + ".b256.img_s", count * 256 / (now - start))
        correct = 0
        for f in range(0, n, 256):
            correct += (model(xt[f:f + 256]).argmax(-1) == yt[f:f + 256]).sum().item()
        metric(kind + ".acc", correct / yt.numel())


class Block(nn.Module):
    """netc/transformer.net's pre-norm block: h = x + mha(ln(x)); y = h + dense(gelu(dense(ln(h))))."""

    def __init__(self, w, prefix, heads=4):
        super().__init__()
        self.heads = heads
        self.ln1 = layer_norm(w, prefix + "_layernorm_1")
        self.q = linear(w, prefix + "_a.query")
        self.k = linear(w, prefix + "_a.key")
        self.v = linear(w, prefix + "_a.value")
        self.o = linear(w, prefix + "_a.output")
        self.ln2 = layer_norm(w, prefix + "_layernorm_2")
        self.up = linear(w, prefix + "_time_dense_1")
        self.down = linear(w, prefix + "_m")

    def forward(self, x):
        n, t, d = x.shape
        a = self.ln1(x)
        q, k, v = (p(a).view(n, t, self.heads, d // self.heads).transpose(1, 2) for p in (self.q, self.k, self.v))
        scores = q @ k.transpose(2, 3) / math.sqrt(d // self.heads)
        causal = torch.ones(t, t, dtype=torch.bool).triu(1)
        ctx = scores.masked_fill(causal, float("-inf")).softmax(-1) @ v
        h = x + self.o(ctx.transpose(1, 2).reshape(n, t, d))
        return h + self.down(F.gelu(self.up(self.ln2(h))))


def linear(w, name):
    """netc's time_dense / attention projection: weight [in, out] (ONNX MatMul), bias [out]."""
    weight = w[name + ".weight" if name + ".weight" in w else name + "_weight"]
    bias = w[name + ".bias" if name + ".bias" in w else name + "_bias"]
    layer = nn.Linear(weight.shape[0], weight.shape[1])
    with torch.no_grad():
        layer.weight.copy_(weight.t())
        layer.bias.copy_(bias)
    return layer


def layer_norm(w, name):
    layer = nn.LayerNorm(w[name + ".gamma"].shape[0], eps=1e-5)
    with torch.no_grad():
        layer.weight.copy_(w[name + ".gamma"])
        layer.bias.copy_(w[name + ".beta"])
    return layer


class CharTransformer(nn.Module):
    """CharTransformer.net with the weights of netc's export (initializer names as netc-onnx writes them)."""

    def __init__(self, w):
        super().__init__()
        self.embedding = nn.Embedding.from_pretrained(w["embedding_1.table"].clone(), freeze=True)
        self.positions = nn.Parameter(w["positional_embedding_1.table"].clone())
        self.blocks = nn.Sequential(Block(w, "b1"), Block(w, "b2"))
        self.ln = layer_norm(w, "layernorm_1")
        self.out = linear(w, "time_dense_1")

    def forward(self, ids):
        return self.out(self.ln(self.blocks(self.embedding(ids) + self.positions)))


def onnx_weights(path):
    import onnx
    from onnx import numpy_helper
    return {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(path).graph.initializer}


def has_onnx():
    try:
        import onnx  # noqa: F401
        return True
    except ImportError:
        return False


def windows(path):
    """MODEL_DIR/transformer.test (dev.netc.bench.SampleEpochs.writeWindows): ids and next ids, [n, T] each."""
    with open(path, "rb") as f:
        raw = f.read()
    n, steps = struct.unpack("<ii", raw[:8])
    ints = torch.frombuffer(bytearray(raw[8:]), dtype=torch.int32).long()
    return ints[:n * steps].view(n, steps), ints[n * steps:].view(n, steps)


def main():
    args = sys.argv[1:]
    data, models = args[0], args[1]
    workloads = args[2].split(",") if len(args) > 2 else ["cnn-bn", "resnet", "transformer", "imported"]
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    x = idx(data, "train-images-idx3-ubyte")
    y = idx(data, "train-labels-idx1-ubyte")
    xt = idx(data, "t10k-images-idx3-ubyte")
    yt = idx(data, "t10k-labels-idx1-ubyte")
    print("torch", torch.__version__, "threads", torch.get_num_threads(), "train", x.shape[0], "test", xt.shape[0],
          flush=True)
    for w in workloads:
        torch.manual_seed(42)
        if w == "cnn-bn":
            train(w, cnn_bn(), 1e-3, 32, x, y, xt, yt)
        elif w == "resnet":
            measure(w, train(w, resnet(), 2e-3, 64, x, y, xt, yt), xt, yt, LARGE_CALLS)
        elif w in ("transformer", "imported") and not has_onnx():
            print("SKIPPED %s: python3-onnx is not installed (the weights are read from ONNX files)" % w, flush=True)
        elif w == "transformer":
            ids, nxt = windows(os.path.join(models, "transformer.test"))
            model = CharTransformer(onnx_weights(os.path.join(models, "transformer.onnx")))
            measure(w, model, ids, nxt, LARGE_CALLS)
        elif w == "imported":
            sys.path.insert(0, ONNX_SAMPLES)
            from eval_fashion_cnn import rebuild
            measure(w, rebuild(os.path.join(ONNX_SAMPLES, "fashion_cnn.onnx")), xt, yt, SMALL_CALLS)
        else:
            raise SystemExit("unknown workload %s (cnn-bn, resnet, transformer, imported)" % w)


if __name__ == "__main__":
    main()
