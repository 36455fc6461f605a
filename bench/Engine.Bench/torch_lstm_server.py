#!/usr/bin/python3
"""PyTorch reference for bench/Engine.Bench, driven line by line so the engine and PyTorch can be timed
in turns (repeat by repeat) on a shared machine.

The model is ../shared/perf/bench_torch_lstm.py's Keras-like regressor with D input features:
nn.LSTM(D, U, batch_first) -> last step -> Dropout(p) -> nn.Linear(U, 1); MSE; Adam(lr); batch B.
Data: D = 1 is that script's noisy sine; D > 1 adds D - 1 phase-shifted noisy sines as features (the
target is the next value of feature 0). Timings do not depend on the values.

The text model (setup_text) is ../shared/perf/bench_torch_text.py's, the seeds' sentiment model:
nn.Embedding(V, E) -> nn.LSTM(E, U, batch_first, bidirectional?) -> last hidden state(s) -> nn.Linear(U or
2U, 1) -> BCEWithLogits; Adam(1e-3); one batch of random token ids and labels.

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
  {"cmd": "setup", "U": 128, "T": 10, "D": 1, "B": 32, "threads": 1, "dataset": 2000,
   "dropout": 0.2, "lr": 0.001, "seed": 0}            -> {"ok": true, "step_s": <estimate>}
  {"cmd": "setup_text", "V": 10000, "E": 32, "T": 200, "U": 64, "B": 128, "bidirectional": false,
   "threads": 1}                                        -> {"ok": true, "step_s": <estimate>}
  {"cmd": "train", "steps": 50}                        -> {"seconds": wall, "cpu_seconds": process CPU}
  {"cmd": "epoch"}                                     -> {"seconds": .., "cpu_seconds": .., "train": n, "val": n}
      (a Keras-like epoch of the setup's dataset: first 80 % train, last 20 % validate, shuffled training batches, then the
       validation pass in batches of B under inference_mode)
  {"cmd": "quit"}
Denormals: flushed to zero (torch.set_flush_denormal). Long backward passes (the text model's 200 steps) leave
subnormal gradients, and on Intel cores every product that reads one takes a microcode assist: PyTorch as
bench_torch_text.py runs it trained the text model 6x slower there than with them flushed. The engine is
compared with the faster PyTorch, never with one held back by that.
Threads: torch.set_num_threads(N) and openblas_set_num_threads(N) (Debian's torch runs its GEMMs in the
system OpenBLAS, whose pool ignores torch's setting). Run with Debian's interpreter (/usr/bin/python3),
where python3-torch is installed; OPENBLAS_CORETYPE in the environment picks OpenBLAS's kernels.
"""
import ctypes
import json
import math
import sys
import time

import torch
import torch.nn as nn

try:
    _openblas = ctypes.CDLL("libopenblas.so.0")
    _openblas.openblas_get_corename.restype = ctypes.c_char_p
    OPENBLAS_CORE = _openblas.openblas_get_corename().decode()
except OSError:
    _openblas, OPENBLAS_CORE = None, None


def set_threads(n):
    torch.set_num_threads(n)
    if _openblas is not None:
        _openblas.openblas_set_num_threads(n)


class Net(nn.Module):
    def __init__(self, d, u, dropout):
        super().__init__()
        self.lstm = nn.LSTM(input_size=d, hidden_size=u, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(u, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(self.drop(out[:, -1, :]))


def make_data(n, t, d, seed):
    g = torch.Generator().manual_seed(seed)
    i = torch.arange(n + t, dtype=torch.float32)
    cols = []
    for f in range(d):
        s = torch.sin(2 * math.pi * (i + 7 * f) / 50.0) + 0.5 * torch.sin(2 * math.pi * (i + 3 * f) / 17.0) \
            + 0.1 * torch.randn(n + t, generator=g)
        cols.append(s)
    series = torch.stack(cols, dim=1)                                          # [n + t, d]
    x = torch.stack([series[k:k + t] for k in range(n)]).contiguous()          # [n, t, d]
    y = series[t:t + n, 0].unsqueeze(-1).contiguous()                          # [n, 1]
    return x, y


class Session:
    def __init__(self, c):
        self.b = c.get("B", 32)
        set_threads(c.get("threads", 1))
        torch.manual_seed(c.get("seed", 0))
        t, d, u = c["T"], c.get("D", 1), c["U"]
        self.x, self.y = make_data(max(c.get("dataset", 2000), 64 * self.b), t, d, c.get("seed", 0))
        self.dataset = c.get("dataset", 2000)
        self.model = Net(d, u, c.get("dropout", 0.2))
        self.opt = torch.optim.Adam(self.model.parameters(), lr=c.get("lr", 1e-3))
        self.loss = nn.MSELoss()
        self.batches = self.x.shape[0] // self.b
        self.next = 0

    def step(self, xb, yb):
        self.opt.zero_grad(set_to_none=True)
        loss = self.loss(self.model(xb), yb)
        loss.backward()
        self.opt.step()
        return loss

    def train(self, steps):
        self.model.train()
        for _ in range(steps):
            k = self.next % self.batches
            self.next += 1
            self.step(self.x[k * self.b:(k + 1) * self.b], self.y[k * self.b:(k + 1) * self.b])

    def epoch(self):
        n = self.dataset
        n_train = (n * 4) // 5                      # the engine's floor(n * 0.8)
        self.model.train()
        perm = torch.randperm(n_train)
        for s in range(0, n_train, self.b):
            idx = perm[s:s + self.b]
            self.step(self.x[idx], self.y[idx])
        self.model.eval()
        total = 0.0
        with torch.inference_mode():
            for s in range(n_train, n, self.b):
                e = min(n, s + self.b)
                total += self.loss(self.model(self.x[s:e]), self.y[s:e]).item() * (e - s)
        return n_train, n - n_train


class TextSession:
    """bench_torch_text.py's model, data and step, line for line."""

    def __init__(self, c):
        set_threads(c.get("threads", 1))
        torch.manual_seed(0)
        v, e, t, u, b = c["V"], c["E"], c["T"], c["U"], c["B"]
        self.bidirectional = c.get("bidirectional", False)
        self.emb = nn.Embedding(v, e)
        self.rnn = nn.LSTM(e, u, batch_first=True, bidirectional=self.bidirectional)
        self.head = nn.Linear(2 * u if self.bidirectional else u, 1)
        params = list(self.emb.parameters()) + list(self.rnn.parameters()) + list(self.head.parameters())
        self.opt = torch.optim.Adam(params, lr=1e-3)
        self.x = torch.randint(0, v, (b, t))
        self.y = torch.randint(0, 2, (b, 1)).float()

    def train(self, steps):
        for _ in range(steps):
            self.opt.zero_grad(set_to_none=True)
            _, (h, _) = self.rnn(self.emb(self.x))
            z = torch.cat([h[-2], h[-1]], 1) if self.bidirectional else h[-1]
            nn.functional.binary_cross_entropy_with_logits(self.head(z), self.y).backward()
            self.opt.step()


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w0, time.process_time() - c0, result


def main():
    session = None
    flushing = torch.set_flush_denormal(True)
    print(json.dumps({"ready": True, "torch": torch.__version__, "openblas_core": OPENBLAS_CORE, "flush_denormal": flushing}), flush=True)
    for line in sys.stdin:
        c = json.loads(line)
        cmd = c["cmd"]
        if cmd == "setup":
            session = Session(c)
            session.train(10)                       # warm-up
            if c.get("epochs_warmup", 0):
                session.epoch()
            wall, _, _ = timed(lambda: session.train(5))
            answer = {"ok": True, "step_s": wall / 5}
        elif cmd == "setup_text":
            session = TextSession(c)
            session.train(3)                        # warm-up, as bench_torch_text.py
            wall, _, _ = timed(lambda: session.train(3))
            answer = {"ok": True, "step_s": wall / 3}
        elif cmd == "train":
            wall, cpu, _ = timed(lambda: session.train(c["steps"]))
            answer = {"seconds": wall, "cpu_seconds": cpu}
        elif cmd == "epoch":
            wall, cpu, (n_train, n_val) = timed(session.epoch)
            answer = {"seconds": wall, "cpu_seconds": cpu, "train": n_train, "val": n_val}
        elif cmd == "quit":
            return
        else:
            answer = {"error": f"unknown command {cmd}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
