"""The adapter: a low-rank change (LoRA) to the weights of the encoder layer the head reads,
trained together with the head (docs/language-model.md, "The adapter").

The frozen encoder's first layers stay as they are; for the last layer the head reads
(layer 2), each of its six weight matrices W (query, key, value, attention output, the two
feed-forward ones) becomes W + B A, with A (rank x inputs) and B (outputs x rank) trained.
B starts at zero, so training starts from the frozen encoder and the head train.py trains
on it; the head file carries A and B, and the tool adds B A to the weights once, when it
loads the encoder: the same cost per sentence as without.

The adapted layer's inputs (the outputs of the layer below) are computed once; every step
runs the adapted layer forward and back over a batch of 32 sentences of similar length
(padded keys masked out, as in encoder.py). Float32 NumPy on one OpenBLAS thread, a fixed
seed and a fixed batch order: two runs on the same machine write the same bytes.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

import encoder as enc

# The adapted matrices, by their name in the layer (encoder.layer.N.<name>.weight).
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense")
BATCH = 32


def inputs(encoder: enc.Encoder, texts: list[str], layer: int) -> list[np.ndarray]:
    """The token outputs of layer `layer - 1` for each distinct text (float32), in order."""
    ids = [encoder.ids(t) for t in texts]
    out: list[np.ndarray | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: (len(ids[i]), i))
    for b in range(0, len(order), 64):
        batch = order[b : b + 64]
        for i, tokens in zip(batch, encoder.forward([ids[i] for i in batch], (layer - 1,))[layer - 1]):
            out[i] = tokens
    return out


class Layer:
    """One post-LN BERT layer whose six matrices can carry an adapter, forward and back."""

    def __init__(self, weights: dict[str, np.ndarray], layer: int):
        p = f"encoder.layer.{layer - 1}."
        self.prefix = p
        self.W0 = {n: weights[p + n + ".weight"].astype(np.float32) for n in TARGETS}
        self.b = {n: weights[p + n + ".bias"].astype(np.float32) for n in TARGETS}
        self.g1 = weights[p + "attention.output.LayerNorm.weight"].astype(np.float32)
        self.be1 = weights[p + "attention.output.LayerNorm.bias"].astype(np.float32)
        self.g2 = weights[p + "output.LayerNorm.weight"].astype(np.float32)
        self.be2 = weights[p + "output.LayerNorm.bias"].astype(np.float32)

    def merged(self, adapter: dict[str, np.ndarray] | None) -> dict[str, np.ndarray]:
        if adapter is None:
            return self.W0
        return {n: self.W0[n] + adapter["B:" + n] @ adapter["A:" + n] for n in TARGETS}

    @staticmethod
    def _norm(x, g, b):
        xc = x - x.mean(-1, keepdims=True)
        inv = 1 / np.sqrt((xc * xc).mean(-1, keepdims=True) + np.float32(enc.EPS))
        xh = xc * inv
        return xh * g + b, (xh, inv)

    @staticmethod
    def _norm_back(dy, g, saved):
        xh, inv = saved
        d = dy * g
        return inv * (d - d.mean(-1, keepdims=True) - xh * (d * xh).mean(-1, keepdims=True))

    def forward(self, X, M, W, keep=False):
        """Mean of the adapted layer's token outputs over each sentence's tokens (mask M)."""
        from scipy.special import erf  # noqa: PLC0415

        count, length, _ = X.shape
        heads, size = enc.HEADS, enc.HIDDEN // enc.HEADS
        split = lambda t: t.reshape(count, length, heads, size).transpose(0, 2, 1, 3)  # noqa: E731
        q, k, v = (split(X @ W[n].T + self.b[n]) for n in TARGETS[:3])
        key_bias = np.where(M > 0, 0, -1e30).astype(np.float32)[:, None, None, :]
        S = q @ k.transpose(0, 1, 3, 2) * np.float32(1 / math.sqrt(size)) + key_bias
        P = np.exp(S - S.max(-1, keepdims=True))
        P /= P.sum(-1, keepdims=True)
        C = (P @ v).transpose(0, 2, 1, 3).reshape(count, length, enc.HIDDEN)
        h1, n1 = self._norm(C @ W[TARGETS[3]].T + self.b[TARGETS[3]] + X, self.g1, self.be1)
        u = h1 @ W[TARGETS[4]].T + self.b[TARGETS[4]]
        g = 0.5 * u * (1 + erf(u * np.float32(1 / math.sqrt(2))))
        h2, n2 = self._norm(g @ W[TARGETS[5]].T + self.b[TARGETS[5]] + h1, self.g2, self.be2)
        mean = (h2 * M[..., None]).sum(1) / M.sum(1, keepdims=True)
        return mean, ((X, M, q, k, v, P, C, h1, n1, u, g, n2) if keep else None)

    def backward(self, dmean, saved, W):
        """The gradient of each of the six matrices, given the gradient of the mean."""
        from scipy.special import erf  # noqa: PLC0415

        X, M, q, k, v, P, C, h1, n1, u, g, n2 = saved
        count, length, _ = X.shape
        heads, size = enc.HEADS, enc.HIDDEN // enc.HEADS
        outer = lambda d, x: np.einsum("bto,bti->oi", d, x, optimize=True)  # noqa: E731
        dW = {}
        do = self._norm_back(dmean[:, None, :] * (M / M.sum(1, keepdims=True))[..., None], self.g2, n2)
        dW[TARGETS[5]] = outer(do, g)
        gelu_slope = 0.5 * (1 + erf(u * np.float32(1 / math.sqrt(2)))) + u * np.exp(-0.5 * u * u) * np.float32(1 / math.sqrt(2 * math.pi))
        du = (do @ W[TARGETS[5]]) * gelu_slope
        dW[TARGETS[4]] = outer(du, h1)
        da = self._norm_back(do + du @ W[TARGETS[4]], self.g1, n1)
        dW[TARGETS[3]] = outer(da, C)
        dC = (da @ W[TARGETS[3]]).reshape(count, length, heads, size).transpose(0, 2, 1, 3)
        dP = dC @ v.transpose(0, 1, 3, 2)
        dv = P.transpose(0, 1, 3, 2) @ dC
        dS = P * (dP - (dP * P).sum(-1, keepdims=True)) * np.float32(1 / math.sqrt(size))
        merge = lambda t: t.transpose(0, 2, 1, 3).reshape(count, length, enc.HIDDEN)  # noqa: E731
        for name, d in zip(TARGETS[:3], (dS @ k, dS.transpose(0, 1, 3, 2) @ q, dv)):
            dW[name] = outer(merge(d), X)
        return dW


def padded(tokens: list[np.ndarray]):
    length = max(len(t) for t in tokens)
    X = np.zeros((len(tokens), length, enc.HIDDEN), np.float32)
    M = np.zeros((len(tokens), length), np.float32)
    for r, t in enumerate(tokens):
        X[r, : len(t)] = t
        M[r, : len(t)] = 1
    return X, M


def head_forward(head, mean):
    z = mean @ head["w1"].T + head["b1"]
    h = np.maximum(z, 0)
    logits = h @ head["w2"].T + head["b2"]
    p = np.exp(logits - logits.max(1, keepdims=True))
    return p / p.sum(1, keepdims=True), z, h


def train(layer: Layer, tokens: list[np.ndarray], y: np.ndarray, sample_weight: np.ndarray, head: dict,
          rank: int, epochs: int, learning_rate: float, l2: float, seed: int, classes: int):
    """Adam over batches of 32 sentences of similar length, the adapter and the head together.
    `head` is train.py's head over the frozen layer's means (w1 the 384-wide sum of its halves);
    the returned head is in the same form."""
    rng = np.random.default_rng(seed)
    params = {k: np.asarray(v, np.float32) for k, v in head.items()}
    for name in TARGETS:
        outputs, ins = layer.W0[name].shape
        params["A:" + name] = rng.normal(0, 1 / math.sqrt(ins), (rank, ins)).astype(np.float32)
        params["B:" + name] = np.zeros((outputs, rank), np.float32)
    # Each sentence's weight, scaled so the weights average 1 over the training sentences.
    weight = (sample_weight * len(y)).astype(np.float32)
    lengths = np.array([len(t) for t in tokens])
    order = np.lexsort((np.arange(len(y)), lengths))
    batches = [order[b : b + BATCH] for b in range(0, len(order), BATCH)]
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v = {k: np.zeros_like(v) for k, v in params.items()}
    identity = np.eye(classes, dtype=np.float32)
    step = 0
    for epoch in range(epochs):
        started, loss = time.time(), 0.0
        for b in rng.permutation(len(batches)):
            rows = batches[b]
            step += 1
            X, M = padded([tokens[i] for i in rows])
            W = layer.merged(params)
            mean, saved = layer.forward(X, M, W, keep=True)
            p, z, h = head_forward(params, mean)
            w = weight[rows] / len(rows)
            loss += float(-(np.log(p[np.arange(len(rows)), y[rows]] + 1e-9) * w).sum())
            dlogits = (p - identity[y[rows]]) * w[:, None]
            grads = {"w2": dlogits.T @ h, "b2": dlogits.sum(0)}
            dz = (dlogits @ params["w2"]) * (z > 0)
            grads["w1"], grads["b1"] = dz.T @ mean, dz.sum(0)
            dW = layer.backward(dz @ params["w1"], saved, W)
            for name in TARGETS:
                grads["A:" + name] = params["B:" + name].T @ dW[name]
                grads["B:" + name] = dW[name] @ params["A:" + name].T
            for k in ("w1", "w2"):
                grads[k] = grads[k] + l2 * params[k]
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
                mhat = m[k] / (1 - 0.9**step)
                vhat = v[k] / (1 - 0.999**step)
                params[k] = (params[k] - learning_rate * mhat / (np.sqrt(vhat) + 1e-8)).astype(np.float32)
        print(f"adapter epoch {epoch + 1} of {epochs}: loss {loss / len(batches):.4f}, {time.time() - started:.0f} s",
              file=sys.stderr, flush=True)
    head = {k: params[k] for k in ("w1", "b1", "w2", "b2")}
    adapter = {k: params[k] for k in params if ":" in k}
    return head, adapter


def probabilities(layer: Layer, adapter, head, tokens: list[np.ndarray]) -> np.ndarray:
    """Class probabilities for each sentence (its layer-below token outputs), in order."""
    W = layer.merged(adapter)
    out = np.zeros((len(tokens), len(head["b2"])))
    order = sorted(range(len(tokens)), key=lambda i: (len(tokens[i]), i))
    for b in range(0, len(order), 64):
        rows = order[b : b + 64]
        mean, _ = layer.forward(*padded([tokens[i] for i in rows]), W)
        out[rows] = head_forward({k: np.asarray(v, np.float32) for k, v in head.items()}, mean)[0]
    return out


def check_gradients(seed: int = 0) -> float:
    """The largest relative difference between Layer.backward and central finite differences
    (float64, random weights of the real shapes, two short sentences, one padded): train.py
    refuses to train an adapter when it is over 1e-4."""
    rng = np.random.default_rng(seed)
    d, inner = enc.HIDDEN, 1536
    shapes = {"attention.self.query": (d, d), "attention.self.key": (d, d), "attention.self.value": (d, d),
              "attention.output.dense": (d, d), "intermediate.dense": (inner, d), "output.dense": (d, inner)}
    weights = {}
    for name, shape in shapes.items():
        weights[f"encoder.layer.0.{name}.weight"] = rng.normal(0, 0.05, shape)
        weights[f"encoder.layer.0.{name}.bias"] = rng.normal(0, 0.05, shape[0])
    for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
        weights[f"encoder.layer.0.{norm}.weight"] = 1 + rng.normal(0, 0.1, d)
        weights[f"encoder.layer.0.{norm}.bias"] = rng.normal(0, 0.1, d)
    layer = Layer(weights, 1)
    for attribute in ("W0", "b"):
        setattr(layer, attribute, {k: v.astype(np.float64) for k, v in getattr(layer, attribute).items()})
    for attribute in ("g1", "be1", "g2", "be2"):
        setattr(layer, attribute, getattr(layer, attribute).astype(np.float64))
    X, M = padded([rng.normal(0, 1, (5, d)), rng.normal(0, 1, (3, d))])
    X, M = X.astype(np.float64), M.astype(np.float64)
    R = rng.normal(0, 1, (2, d))  # the loss: sum(mean * R)
    W = dict(layer.W0)
    mean, saved = layer.forward(X, M, W, keep=True)
    dW = layer.backward(R, saved, W)
    worst = 0.0
    for name in TARGETS:
        for i, j in ((3, 5), (100, 7), (200, 300)):
            step = 1e-5
            up, down = dict(W), dict(W)
            up[name] = W[name].copy()
            up[name][i, j] += step
            down[name] = W[name].copy()
            down[name][i, j] -= step
            numeric = ((layer.forward(X, M, up)[0] - layer.forward(X, M, down)[0]) * R).sum() / (2 * step)
            worst = max(worst, abs(numeric - dW[name][i, j]) / max(abs(numeric), 1e-6))
    return worst
