"""PyTorch's predictions with the weights of fashion_cnn.onnx, on the test images netc's samples use.

    /usr/bin/python3 eval_fashion_cnn.py [FULL_IDX_DIR]

train_fashion_cnn.py trained the network and exported it; this script does not train. It rebuilds
the exported inference network in PyTorch from the ONNX file's own initializers (the exporter
folded each batch norm into the convolution before it, so the file holds conv weights with biases)
after checking that the file's nodes are exactly Conv, Relu, MaxPool, Conv, Relu, MaxPool, Flatten,
Gemm, then evaluates it with torch:

- on the full 10,000 test images (FULL_IDX_DIR, default Debian's /usr/share/datasets/fashion-mnist,
  skipped when absent): the accuracy must be the one train_fashion_cnn.py recorded in
  fashion_cnn.txt, which shows the rebuilt network is the trained one;
- on the embedded test subset of netc-samples (dev/netc/samples/data): writes
  fashion_cnn_subset.txt with PyTorch's accuracy, the predicted class of every image and the
  first images' logits, which netc's FashionCnnTorchTest compares against.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

from train_fashion_cnn import read_idx

HERE = os.path.dirname(os.path.abspath(__file__))
SUBSET = os.path.join(HERE, "..", "resources", "dev", "netc", "samples", "data")
OPS = ["Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm"]


def rebuild(path):
    m = onnx.load(path)
    ops = [n.op_type for n in m.graph.node]
    if ops != OPS:
        raise SystemExit("%s: expected the nodes %s, found %s" % (path, OPS, ops))
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in m.graph.initializer}
    net = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
    layers = {0: m.graph.node[0], 3: m.graph.node[3], 7: m.graph.node[7]}
    with torch.no_grad():
        for index, node in layers.items():
            net[index].weight.copy_(weights[node.input[1]])
            net[index].bias.copy_(weights[node.input[2]])
    return net.eval()


def predict(net, images):
    with torch.no_grad():
        return torch.cat([net(images[i:i + 1000]) for i in range(0, len(images), 1000)])


def recorded_accuracy():
    with open(os.path.join(HERE, "fashion_cnn.txt")) as f:
        for line in f:
            if line.startswith("test_accuracy "):
                return line.split()[1]
    raise SystemExit("fashion_cnn.txt has no test_accuracy line")


def main():
    torch.set_num_threads(1)
    net = rebuild(os.path.join(HERE, "fashion_cnn.onnx"))
    full = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    if os.path.exists(os.path.join(full, "t10k-images-idx3-ubyte.gz")):
        x = read_idx(os.path.join(full, "t10k-images-idx3-ubyte.gz"))
        y = read_idx(os.path.join(full, "t10k-labels-idx1-ubyte.gz"))
        acc = "%.4f" % (predict(net, x).argmax(1) == y).float().mean().item()
        print("full test set: accuracy %s on %d images (fashion_cnn.txt: %s)" % (acc, len(x), recorded_accuracy()))
        if acc != recorded_accuracy():
            raise SystemExit("the rebuilt network is not the trained one")
    x = read_idx(os.path.join(SUBSET, "t10k-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(SUBSET, "t10k-labels-idx1-ubyte.gz"))
    logits = predict(net, x)
    classes = logits.argmax(1)
    correct = int((classes == y).sum().item())
    with open(os.path.join(HERE, "fashion_cnn_subset.txt"), "w") as out:
        out.write("torch %s\nscript %s\n" % (torch.__version__, os.path.basename(__file__)))
        out.write("# PyTorch on the embedded test subset of netc-samples (dev/netc/samples/data), with the"
                  " weights of fashion_cnn.onnx\n")
        out.write("test_accuracy %.6f %d/%d\n" % (correct / len(x), correct, len(x)))
        out.write("predictions %s\n" % "".join(str(int(c)) for c in classes))
        out.write("# the first 4 images' logits (float32, row-major [4, 10])\n")
        out.write("logits %s\n" % " ".join(repr(float(v)) for v in logits[:4].reshape(-1)))
    print("embedded subset: accuracy %.4f (%d/%d); wrote fashion_cnn_subset.txt" % (correct / len(x), correct, len(x)))


if __name__ == "__main__":
    main()
