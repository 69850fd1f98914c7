"""Training batches: random crops of the training photos with the embeddings to stylize them with.

Content: the 94 CC0 portraits of ../shared/training/faces, stata.jpg and the style pictures (for
texture). Never the photos the fidelity test uses: content/people/* and the reference inputs
(chicago, golden_gate, statue_of_liberty).
Embeddings: the built-in styles, random mixes of them, embeddings of random crops of the style
pictures, and each of those pulled toward a photo's own embedding (what Style strength does).
"""
import glob
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from paths import MODELS, TRAINING

HELD_OUT = {'chicago.jpg', 'golden_gate.jpg', 'statue_of_liberty.jpg'}


def content_files() -> list:
    faces = sorted(glob.glob(os.path.join(TRAINING, 'faces', '*.jpg')))
    if len(faces) < 50:
        raise SystemExit(f'expected the training portraits in {os.path.join(TRAINING, "faces")}, found {len(faces)}')
    photos = [p for p in sorted(glob.glob(os.path.join(MODELS, 'content', '*.jpg'))) if os.path.basename(p) not in HELD_OUT]
    styles = sorted(glob.glob(os.path.join(MODELS, 'styles', '*.jpg')))
    return faces + photos + styles


def load_pictures(files: list) -> list:
    return [torch.from_numpy(np.asarray(Image.open(f).convert('RGB'), np.uint8).copy()).permute(2, 0, 1) for f in files]


class Embeddings:
    def __init__(self, crops_json: str):
        catalogue = json.load(open(os.path.join(MODELS, 'styles', 'styles.json')))
        self.builtin = torch.tensor([s['embedding'] for s in catalogue['styles']], dtype=torch.float32)
        data = json.load(open(crops_json))
        self.crops = torch.tensor([c['embedding'] for c in data['crops']], dtype=torch.float32)
        self.photos = torch.tensor([c['embedding'] for c in data['photos']], dtype=torch.float32)

    def sample(self, n: int, g: torch.Generator) -> torch.Tensor:
        out = []
        for _ in range(n):
            kind = torch.rand(1, generator=g).item()
            if kind < 0.4:
                e = self.builtin[torch.randint(len(self.builtin), (1,), generator=g)][0]
            elif kind < 0.65:
                k = 2 + int(torch.randint(2, (1,), generator=g))
                idx = torch.randperm(len(self.builtin), generator=g)[:k]
                w = torch.distributions.Dirichlet(torch.ones(k)).sample()
                e = (w[:, None] * self.builtin[idx]).sum(0)
            else:
                e = self.crops[torch.randint(len(self.crops), (1,), generator=g)][0]
            if torch.rand(1, generator=g).item() < 0.25:
                strength = torch.rand(1, generator=g).item()
                photo = self.photos[torch.randint(len(self.photos), (1,), generator=g)][0]
                e = strength * e + (1 - strength) * photo
            out.append(e)
        return torch.stack(out)


def sample_content(pictures: list, n: int, size: int, g: torch.Generator) -> torch.Tensor:
    """n random crops [n,3,size,size] in 0..1: scale, flip, colour and brightness jitter, some camera noise.
    The crops are made where the pictures are (a GPU's, when training there); the random draws come from g
    on the CPU either way, so a seed gives the same batches on every device."""
    batch = []
    for _ in range(n):
        picture = pictures[int(torch.randint(len(pictures), (1,), generator=g))]
        _, h, w = picture.shape
        side = int(min(h, w) * (0.4 + 0.6 * torch.rand(1, generator=g).item()))
        side = max(side, min(64, h, w))
        top = int(torch.randint(h - side + 1, (1,), generator=g))
        left = int(torch.randint(w - side + 1, (1,), generator=g))
        crop = picture[:, top:top + side, left:left + side].float()[None] / 255
        crop = F.interpolate(crop, size=(size, size), mode='bilinear', align_corners=False, antialias=True)[0]
        if torch.rand(1, generator=g).item() < 0.5:
            crop = crop.flip(2)
        brightness = 0.7 + 0.6 * torch.rand(1, generator=g).item()
        contrast = 0.7 + 0.6 * torch.rand(1, generator=g).item()
        saturation = 0.6 + 0.8 * torch.rand(1, generator=g).item()
        grey = crop.mean(0, keepdim=True)
        crop = grey + (crop - grey) * saturation
        crop = (crop - crop.mean()) * contrast + crop.mean()
        crop = crop * brightness
        if torch.rand(1, generator=g).item() < 0.4:
            noise = torch.Generator(device=crop.device).manual_seed(int(torch.randint(2 ** 31, (1,), generator=g)))
            crop = crop + torch.randn(crop.shape, generator=noise, device=crop.device) * (0.03 * torch.rand(1, generator=g).item())
        batch.append(crop.clamp(0, 1))
    return torch.stack(batch)
