"""Writes the PyTorch fixtures that netc's ONNX importer is checked against (PyTorchFixturesTest).

    /usr/bin/python3 make_pytorch_fixtures.py

For each small model below: build it with a fixed seed, export it with torch.onnx.export (opset
17, batch as the dynamic axis 0, eval mode), and write, under
netc-onnx/src/test/resources/pytorch/:
- <name>.onnx, whose metadata_props carry the provenance (script, torch version, seed);
- <name>.txt, PyTorch's inputs and outputs on the same model, in this line format:

      torch <version>
      script make_pytorch_fixtures.py
      seed <n>
      # free text: what the model is and what the exporter makes of it
      model <name>.onnx
      input <name> <float32|int64> <d0,d1,...> <values, row-major>
      output <name> float32 <d0,d1,...> <values, row-major>

  Dimension 0 is the batch. float32 values are written with Python's repr of the float32 value, so
  Java's Float.parseFloat reads them back exactly.

Everything is kept small (hidden sizes of 4 to 16) so that the files stay well under 1 MB in all.
The build never runs this script: its outputs are committed next to the test.
"""
import math
import os
import sys

import onnx
import torch
import torch.nn as nn

SEED = 16
BATCH = 3
SCRIPT = os.path.basename(__file__)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "pytorch")


class Residual(nn.Module):
    """x + (conv-bn-relu-conv-bn)(x), relu, then a dense classifier: a ResNet basic block."""

    def __init__(self, c):
        super().__init__()
        self.branch = nn.Sequential(
            nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(),
            nn.Conv2d(c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(c * 5 * 5, 3))

    def forward(self, x):
        return self.head(torch.relu(x + self.branch(x)))


class LastStep(nn.Module):
    """A batch-first recurrent layer, its last step (out[:, -1]) and a dense classifier."""

    def __init__(self, rnn, hidden, classes=3):
        super().__init__()
        self.rnn = rnn
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1])


class Sequences(nn.Module):
    """A batch-first recurrent layer returning every step, then a dense layer on every step."""

    def __init__(self, rnn, hidden, classes=3):
        super().__init__()
        self.rnn = rnn
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)


class FinalState(nn.Module):
    """A batch-first LSTM's final state h_n[-1] (not its steps), then a dense classifier."""

    def __init__(self, features=5, hidden=8, classes=3):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


class TextClassifier(nn.Module):
    """Token ids -> embedding -> batch-first LSTM -> last step -> dense."""

    def __init__(self, vocab=20, dim=6, hidden=8, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, classes)

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.fc(out[:, -1])


class Encoder(nn.Module):
    """One Transformer encoder layer (GELU), the mean over positions, a dense classifier; causal
    attention (position t sees 0..t) through PyTorch's additive -inf mask when steps is given."""

    def __init__(self, d=16, heads=2, ff=32, classes=3, norm_first=False, steps=None):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu",
                                                batch_first=True, norm_first=norm_first)
        self.fc = nn.Linear(d, classes)
        self.register_buffer("mask", None if steps is None else nn.Transformer.generate_square_subsequent_mask(steps))

    def forward(self, x):
        return self.fc(self.layer(x, src_mask=self.mask).mean(dim=1))


def randomize_batchnorm(model):
    """Running statistics and affine parameters away from their defaults, so folding them matters."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
    return model


def perturb_biases(model):
    """Biases and LayerNorm parameters away from their zero / one defaults, so mapping them matters."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or ".norm" in name:
                p.add_(torch.empty_like(p).uniform_(-0.3, 0.3))
    return model


def cases():
    """(name, comment, model factory, input factory) for every fixture, each under its own seed."""
    return [
        ("mlp", "Linear-ReLU-Linear on [batch, 8]: Gemm(transB=1), Relu, Gemm",
         lambda: nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4)),
         lambda: {"x": torch.randn(BATCH, 8)}),
        ("cnn_bn", "Conv-BatchNorm-ReLU-MaxPool, Flatten, Linear on [batch, 1, 8, 8] (CHW);"
                   " the exporter folds the batch norm into the Conv",
         lambda: randomize_batchnorm(nn.Sequential(
             nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
             nn.Flatten(), nn.Linear(4 * 4 * 4, 3))),
         lambda: {"x": torch.randn(BATCH, 1, 8, 8)}),
        ("residual", "A ResNet basic block on [batch, 4, 5, 5]: x + conv-bn-relu-conv-bn (folded), relu,"
                     " Flatten, Linear",
         lambda: randomize_batchnorm(Residual(4)),
         lambda: {"x": torch.randn(BATCH, 4, 5, 5)}),
        ("rnn", "nn.RNN(5, 8, tanh, batch_first) on [batch, 7, 5], last step out[:, -1], Linear",
         lambda: LastStep(nn.RNN(5, 8, batch_first=True), 8),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("gru", "nn.GRU(5, 8, batch_first) on [batch, 7, 5], last step out[:, -1], Linear:"
                " GRU(linear_before_reset=1) wrapped in zero-h0 shape arithmetic, Transpose, Squeeze, Gather",
         lambda: LastStep(nn.GRU(5, 8, batch_first=True), 8),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("bigru", "nn.GRU(5, 6, batch_first, bidirectional) on [batch, 7, 5] returning every step,"
                  " Linear on every step: directions merged by Transpose[0,2,1,3] + Reshape[0,0,-1],"
                  " the Linear as MatMul + Add",
         lambda: Sequences(nn.GRU(5, 6, batch_first=True, bidirectional=True), 12),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("lstm", "nn.LSTM(5, 8, batch_first) on [batch, 7, 5], last step out[:, -1], Linear:"
                 " LSTM gate order i,o,f,c in ONNX",
         lambda: LastStep(nn.LSTM(5, 8, batch_first=True), 8),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("text_lstm", "A text classifier: int64 token ids [batch, 10] -> nn.Embedding(20, 6) (Gather)"
                      " -> nn.LSTM(6, 8, batch_first) -> last step -> Linear",
         lambda: TextClassifier(),
         lambda: {"ids": torch.randint(0, 20, (BATCH, 10))}),
        ("transformer", "nn.TransformerEncoderLayer(16, 2 heads, 32, dropout 0, gelu, batch_first, post-norm)"
                        " on [batch, 6, 16], mean over positions (ReduceMean), Linear",
         lambda: perturb_biases(Encoder()),
         lambda: {"x": torch.randn(BATCH, 6, 16)}),
        ("stacked_lstm", "nn.LSTM(5, 4, num_layers=2, batch_first, bidirectional) on [batch, 7, 5] returning"
                         " every step, Linear on every step: two LSTM nodes chained time-major, each starting"
                         " from its Slice of one zero state",
         lambda: Sequences(nn.LSTM(5, 4, num_layers=2, batch_first=True, bidirectional=True), 8),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("causal_transformer", "nn.TransformerEncoderLayer(16, 2 heads, 32, dropout 0, gelu, batch_first, pre-norm)"
                               " with a causal src_mask (generate_square_subsequent_mask: -inf added above the"
                               " diagonal) on [batch, 6, 16], mean over positions, Linear",
         lambda: perturb_biases(Encoder(norm_first=True, steps=6)),
         lambda: {"x": torch.randn(BATCH, 6, 16)}),
        ("upsample", "Conv, nn.Upsample(scale_factor=(2, 3), mode='nearest'), Conv, Flatten, Linear on [batch, 1, 4, 4]:"
                     " Resize(nearest, asymmetric, floor) with constant scales",
         lambda: nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.Upsample(scale_factor=(2, 3), mode="nearest"),
                               nn.Conv2d(2, 2, 3), nn.Flatten(), nn.Linear(2 * 6 * 10, 3)),
         lambda: {"x": torch.randn(BATCH, 1, 4, 4)}),
        ("bigru_last", "nn.GRU(5, 6, batch_first, bidirectional) on [batch, 7, 5], out[:, -1], Linear: the last"
                       " step of both directions (the backward one after reading only step 6), Gather(axis 1, -1)",
         lambda: LastStep(nn.GRU(5, 6, batch_first=True, bidirectional=True), 12),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
        ("lstm_hn", "nn.LSTM(5, 8, batch_first) on [batch, 7, 5], its final state h_n[-1] (Gather(axis 0, -1) of Y_h),"
                    " Linear",
         lambda: FinalState(),
         lambda: {"x": torch.randn(BATCH, 7, 5)}),
    ]


def values(t):
    if t.dtype == torch.int64:
        return " ".join(str(int(v)) for v in t.reshape(-1).tolist())
    return " ".join(repr(float(v)) for v in t.detach().float().reshape(-1).tolist())


def dtype(t):
    return "int64" if t.dtype == torch.int64 else "float32"


def write_case(index, name, comment, make_model, make_inputs):
    seed = SEED + index
    torch.manual_seed(seed)
    model = make_model().eval()
    inputs = make_inputs()
    names = list(inputs)
    with torch.no_grad():
        output = model(*inputs.values())
    onnx_path = os.path.join(OUT, name + ".onnx")
    dynamic = {n: {0: "batch"} for n in names + ["y"]}
    torch.onnx.export(model, tuple(inputs.values()), onnx_path, opset_version=17, input_names=names,
                      output_names=["y"], dynamic_axes=dynamic)
    m = onnx.load(onnx_path)
    for k, v in (("script", SCRIPT), ("torch", torch.__version__), ("seed", str(seed))):
        m.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, onnx_path)
    with open(os.path.join(OUT, name + ".txt"), "w") as out:
        out.write("torch %s\nscript %s\nseed %d\n# %s\nmodel %s.onnx\n" % (torch.__version__, SCRIPT, seed,
                                                                        comment, name))
        for n, t in inputs.items():
            out.write("input %s %s %s %s\n" % (n, dtype(t), ",".join(map(str, t.shape)), values(t)))
        out.write("output y float32 %s %s\n" % (",".join(map(str, output.shape)), values(output)))
    ops = sorted({n.op_type for n in m.graph.node})
    print("%-12s %6d + %5d bytes  %s" % (name, os.path.getsize(onnx_path),
                                         os.path.getsize(os.path.join(OUT, name + ".txt")), " ".join(ops)))


def main():
    if not torch.__version__.startswith("1.13"):
        sys.exit("expected PyTorch 1.13 (the exporter the fixtures describe), got " + torch.__version__)
    os.makedirs(OUT, exist_ok=True)
    for i, case in enumerate(cases()):
        write_case(i, *case)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print("total %d bytes in %s" % (total, os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
