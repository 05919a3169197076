"""Trains a small CNN on Fashion-MNIST in PyTorch and exports it to ONNX (opset 17).

    /usr/bin/python3 train_fashion_cnn.py [IDX_DIR]

IDX_DIR holds the four gzipped IDX files (default: Debian's /usr/share/datasets/fashion-mnist).
Writes, next to this script:
- fashion_cnn.onnx: the trained network, eval mode (batch norm folded into the convolutions by the
  exporter), input "image" float [batch, 1, 28, 28] with pixels scaled to [0, 1] (as netc's
  runtime.data.Idx reads them), output "logits" [batch, 10]; its metadata_props carry the
  provenance (script, torch version, seed, epochs, test accuracy);
- fashion_cnn.txt: the same provenance and PyTorch's accuracy on the 10,000 test images and on
  the first 2,000 (the subset embedded in netc-samples), plus the first test images' logits, so
  that an importer can check it reproduces PyTorch.

The network: conv(16, 3x3, same) -> batchnorm -> relu -> maxpool 2, conv(32, 3x3, same) ->
batchnorm -> relu -> maxpool 2, flatten, dense(10): about 21,000 parameters, an ~85 KB file.
"""
import gzip
import hashlib
import os
import struct
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn as nn

SEED = 42
EPOCHS = 4
EMBEDDED_TEST_IMAGES = 2000  # netc-samples embeds the first 2,000 test images
BATCH = 64
LR = 0.002
HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.basename(__file__)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
        return torch.from_numpy(pixels.astype(np.float32) / 255.0)
    if magic == 2049:
        return torch.from_numpy(np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64))
    raise ValueError("%s: not an IDX image or label file (magic %d)" % (path, magic))


def model():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 10))


def accuracy(net, images, labels):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), 1000):
            correct += (net(images[i:i + 1000]).argmax(1) == labels[i:i + 1000]).sum().item()
    return correct / len(images)


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # a shared 2-core machine
    train_x = read_idx(os.path.join(data, "train-images-idx3-ubyte.gz"))
    train_y = read_idx(os.path.join(data, "train-labels-idx1-ubyte.gz"))
    test_x = read_idx(os.path.join(data, "t10k-images-idx3-ubyte.gz"))
    test_y = read_idx(os.path.join(data, "t10k-labels-idx1-ubyte.gz"))
    net = model()
    optimizer = torch.optim.Adam(net.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        start = time.time()
        net.train()
        order = torch.randperm(len(train_x))
        for i in range(0, len(order), BATCH):
            idx = order[i:i + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(net(train_x[idx]), train_y[idx])
            loss.backward()
            optimizer.step()
        print("epoch %d: last loss %.4f, test accuracy %.4f (%.0f s)"
              % (epoch + 1, loss.item(), accuracy(net, test_x, test_y), time.time() - start), flush=True)
    acc = accuracy(net, test_x, test_y)
    net.eval()
    onnx_path = os.path.join(HERE, "fashion_cnn.onnx")
    torch.onnx.export(net, test_x[:1], onnx_path, opset_version=17, input_names=["image"],
                      output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    provenance = {"script": SCRIPT, "torch": torch.__version__, "seed": str(SEED), "epochs": str(EPOCHS),
                  "test_accuracy": "%.4f" % acc}
    m = onnx.load(onnx_path)
    for k, v in provenance.items():
        m.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(m)
    onnx.save(m, onnx_path)
    with open(onnx_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with torch.no_grad():
        logits = net(test_x[:4])
    with open(os.path.join(HERE, "fashion_cnn.txt"), "w") as out:
        out.write("torch %s\nscript %s\nseed %d\n" % (torch.__version__, SCRIPT, SEED))
        out.write("# conv-bn-relu-pool x2 + dense(10), Adam lr %g, batch %d, %d epochs on the 60,000"
                  " training images\n" % (LR, BATCH, EPOCHS))
        out.write("model fashion_cnn.onnx sha256 %s\n" % digest)
        out.write("test_accuracy %.4f on %d test images\n" % (acc, len(test_x)))
        subset = accuracy(net, test_x[:EMBEDDED_TEST_IMAGES], test_y[:EMBEDDED_TEST_IMAGES])
        out.write("embedded_test_accuracy %.4f on the first %d test images\n" % (subset, EMBEDDED_TEST_IMAGES))
        out.write("# the first 4 test images' labels and PyTorch's logits (float32, row-major [4, 10])\n")
        out.write("labels %s\n" % " ".join(str(int(v)) for v in test_y[:4]))
        out.write("logits %s\n" % " ".join(repr(float(v)) for v in logits.reshape(-1)))
    print("test accuracy %.4f; wrote %s (%d bytes)" % (acc, onnx_path, os.path.getsize(onnx_path)))


if __name__ == "__main__":
    main()
