"""Checks the PyTorch teacher against the reference outputs in ../shared/models/reference (exit 1 if off)."""
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

from paths import MODELS
from teacher import OnnxTeacher


def main() -> int:
    teacher = OnnxTeacher(os.path.join(MODELS, 'onnx', 'style-transformer.onnx'))
    reference = json.load(open(os.path.join(MODELS, 'reference', 'reference.json')))
    worst = 0.0
    for pair in reference['pairs']:
        content = np.asarray(Image.open(os.path.join(MODELS, 'reference', pair['input'])).convert('RGB'), np.float32) / 255
        expected = np.asarray(Image.open(os.path.join(MODELS, 'reference', pair['expected'])).convert('RGB'), np.float32)
        embedding = torch.tensor(pair['styleEmbedding'], dtype=torch.float32).reshape(1, 1, 1, 100)
        out = teacher(torch.from_numpy(content)[None], embedding)[0].numpy()
        got = np.round(np.clip(out, 0, 1) * 255)
        diff = np.abs(got - expected)
        worst = max(worst, float(diff.mean()))
        print(f"{pair['expected']}: mean abs {diff.mean():.4f} levels, max {diff.max():.0f}")
    ok = worst <= 0.5
    print('teacher matches the references' if ok else 'teacher does NOT match the references')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
