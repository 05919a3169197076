#!/usr/bin/env python3
"""PyTorch (CPU, 1 thread) on every workload of benchmarks/peers/README.md, for peers/run-all.sh.

Same data (IDX files, pixels / 255), same hyper-parameters and initializers as netc (He normal
for the ReLU layers, Xavier uniform for the output layer, zero biases), batch 32, shuffled with
seed 1:
  mlp-sgd (SGD lr 0.1), mlp-adam (Adam lr 1e-3): 784-128-10, 3 epochs, s/epoch = median of 2-3;
  cnn-sgd (SGD lr 0.05): conv 5x5 x8 valid ReLU, maxpool 2, dense 1152->10, 2 epochs, s = epoch 2;
  inference on the mlp-sgd / cnn-sgd models it trained, dev.netc.bench.InferBench's protocol
  (5,000 warm-up calls, 20,000 timed batch-1 calls under torch.inference_mode, median and p99;
  batch 256 for >= 2 s after 1 s of warm-up; test accuracy).
Prints `METRIC key value` (and `RESULT workload seconds accuracy` like EpochBench).

Usage: /usr/bin/python3 pytorch_peer.py DATA_DIR [SAVE_DIR]   (SAVE_DIR gets torch-mlp-sgd.pt)
       OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 /usr/bin/python3 pytorch_peer.py --threads 2 DATA_DIR
           (mlp-sgd only, reported as mlp-sgd.2threads)
       /usr/bin/python3 pytorch_peer.py --coldstart MODEL.pt IMAGE_F32
Needs Debian's python3-torch; no numpy.
"""
import sys
import time


def metric(key, value):
    print("METRIC %s %.4f" % (key, value), flush=True)


def mlp(torch):
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    torch.nn.init.kaiming_normal_(model[0].weight, nonlinearity="relu")
    torch.nn.init.xavier_uniform_(model[2].weight)
    torch.nn.init.zeros_(model[0].bias)
    torch.nn.init.zeros_(model[2].bias)
    return model


def cnn(torch):
    model = torch.nn.Sequential(
        torch.nn.Unflatten(1, (1, 28, 28)),
        torch.nn.Conv2d(1, 8, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(1152, 10))
    torch.nn.init.kaiming_normal_(model[1].weight, nonlinearity="relu")
    torch.nn.init.xavier_uniform_(model[5].weight)
    torch.nn.init.zeros_(model[1].bias)
    torch.nn.init.zeros_(model[5].bias)
    return model


def coldstart(model_file, image_file):
    """Cold start: import torch, build the MLP, load the saved weights, predict one image."""
    import struct
    import torch
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    model.load_state_dict(torch.load(model_file))
    model.eval()
    with open(image_file, "rb") as f:
        image = torch.tensor(struct.unpack("<784f", f.read()), dtype=torch.float32).view(1, 784)
    with torch.inference_mode():
        predicted = int(model(image).argmax(1).item())
    print("PREDICTED %d %d" % (predicted, time.time_ns()), flush=True)


def main():
    if sys.argv[1] == "--coldstart":
        coldstart(sys.argv[2], sys.argv[3])
        return
    import gzip
    import os
    import struct
    import torch

    args = sys.argv[1:]
    threads = 1
    if "--threads" in args:
        i = args.index("--threads")
        threads = int(args[i + 1])
        del args[i:i + 2]
    data = args[0]
    save = args[1] if len(args) > 1 else None
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)

    def idx(name):
        path = os.path.join(data, name)
        opener = gzip.open if os.path.exists(path + ".gz") else open
        with opener(path + ".gz" if os.path.exists(path + ".gz") else path, "rb") as f:
            raw = f.read()
        magic, count = struct.unpack(">II", raw[:8])
        if magic == 0x803:
            rows, cols = struct.unpack(">II", raw[8:16])
            t = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).float().div_(255.0)
            return t.view(count, rows * cols)
        return torch.frombuffer(bytearray(raw[8:]), dtype=torch.uint8).long()

    x = idx("train-images-idx3-ubyte")
    y = idx("train-labels-idx1-ubyte")
    xt = idx("t10k-images-idx3-ubyte")
    yt = idx("t10k-labels-idx1-ubyte")
    print("torch", torch.__version__, "threads", torch.get_num_threads(), "train", x.shape[0], "test",
          xt.shape[0], flush=True)

    def train(name, make_model, make_opt, epochs):
        torch.manual_seed(1)
        model = make_model(torch)
        opt = make_opt(model.parameters())
        loss_fn = torch.nn.CrossEntropyLoss()
        gen = torch.Generator().manual_seed(1)
        seconds = []
        for _ in range(epochs):
            start = time.perf_counter()
            perm = torch.randperm(x.shape[0], generator=gen)
            for i in range(0, x.shape[0], 32):
                sel = perm[i:i + 32]
                opt.zero_grad()
                loss = loss_fn(model(x[sel]), y[sel])
                loss.backward()
                opt.step()
            seconds.append(time.perf_counter() - start)
        with torch.inference_mode():
            acc = (model(xt).argmax(1) == yt).float().mean().item()
        late = sorted(seconds[1:])
        median = late[len(late) // 2] if len(late) % 2 else (late[len(late) // 2 - 1] + late[len(late) // 2]) / 2
        print("RESULT %s %.3f %.4f (epochs %s s)" % (name, median, acc, [round(s, 3) for s in seconds]), flush=True)
        metric(name + ".epoch_s", median)
        metric(name + ".acc", acc)
        return model

    def measure(kind, model):
        model.eval()
        n = xt.shape[0]
        images = [xt[i:i + 1].clone() for i in range(n)]
        t = []
        with torch.inference_mode():
            for i in range(5000):
                model(images[i % n])
            for i in range(20000):
                xi = images[i % n]
                start = time.perf_counter_ns()
                model(xi)
                t.append(time.perf_counter_ns() - start)
            t.sort()
            metric(kind + ".b1.median_us", t[len(t) // 2] / 1e3)
            metric(kind + ".b1.p99_us", t[int(len(t) * 0.99)] / 1e3)
            rings = max(1, min(8, n // 256))
            batches = [xt[r * 256:(r + 1) * 256].clone() for r in range(rings)]
            end = time.perf_counter() + 1
            i = 0
            while time.perf_counter() < end:
                model(batches[i % rings])
                i += 1
            start = time.perf_counter()
            end = start + 2
            calls = 0
            while True:
                model(batches[calls % rings])
                calls += 1
                now = time.perf_counter()
                if now >= end and calls >= 10:
                    break
            metric(kind + ".b256.img_s", calls * 256 / (now - start))
            correct = 0
            for f in range(0, n, 256):
                correct += (model(xt[f:f + 256]).argmax(1) == yt[f:f + 256]).sum().item()
            metric(kind + ".acc", correct / n)

    if threads != 1:
        # only the 2-thread row of the table: run with OMP_NUM_THREADS / OPENBLAS_NUM_THREADS = N
        train("mlp-sgd.%dthreads" % threads, mlp, lambda p: torch.optim.SGD(p, lr=0.1), 3)
        return
    m = train("mlp-sgd", mlp, lambda p: torch.optim.SGD(p, lr=0.1), 3)
    if save:
        os.makedirs(save, exist_ok=True)
        torch.save(m.state_dict(), os.path.join(save, "torch-mlp-sgd.pt"))
    train("mlp-adam", mlp, lambda p: torch.optim.Adam(p, lr=1e-3), 3)
    c = train("cnn-sgd", cnn, lambda p: torch.optim.SGD(p, lr=0.05), 2)
    measure("mlp", m)
    measure("cnn", c)


if __name__ == "__main__":
    main()
