"""Fidelity of the committed fast network to the full one, on photos the training never saw, and
side-by-side pictures (photo | full network | fast network) for each built-in style.
Writes models/fast-transformer/fidelity.json (SSIM and mean difference per style, as
tests/model/worker/model/fast-network.test.ts measures them) and docs/fast-network/<style>.jpg.
Usage: /usr/bin/python3 training/fidelity.py [PICTURE_DIR]   (default docs/fast-network)"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import MODELS, ROOT  # noqa: E402
from ssim import luma_ssim  # noqa: E402
from student import FastTransformer, shape_of_weights  # noqa: E402
from teacher import OnnxTeacher  # noqa: E402

PHOTOS = [('content/people/person_001.jpg', (256, 340)), ('content/people/person_020.jpg', (256, 340)), ('reference/golden_gate__input_384.png', (256, 256))]
# As the model test: the people squeezed to 256x340 (plain bilinear, rounded), the reference inputs as they are.
MEASURED = [(f'content/people/{name}.jpg', (256, 340)) for name in ('person_001', 'person_005', 'person_020')] + [
    (f'reference/{name}__input_384.png', None) for name in ('chicago', 'golden_gate', 'statue_of_liberty')]


def measured_photo(path: str, size) -> torch.Tensor:
    image = torch.from_numpy(np.asarray(Image.open(os.path.join(MODELS, path)).convert('RGB'), np.float32)).permute(2, 0, 1)[None]
    if size is not None:
        image = F.interpolate(image, size=size, mode='bilinear', align_corners=False).round()
    return image / 255


def ssim(a: torch.Tensor, b: torch.Tensor) -> float:
    """SSIM of the BT.601 luma (training/ssim.py); [1,3,H,W] in 0..1."""
    return float(luma_ssim(a, b))


def load_student() -> FastTransformer:
    """The committed network: training/work's checkpoint is not needed (weights from models/fast-transformer)."""
    folder = os.path.join(ROOT, 'models', 'fast-transformer')
    manifest = json.load(open(os.path.join(folder, 'weights.json')))['weightsManifest'][0]
    data = open(os.path.join(folder, 'weights.bin'), 'rb').read()
    student = FastTransformer(**shape_of_weights({spec['name']: spec['shape'] for spec in manifest['weights']}))
    state = student.state_dict()
    offset = 0
    for spec in manifest['weights']:
        count = int(np.prod(spec['shape']))
        array = torch.from_numpy(np.frombuffer(data, np.float16, count, offset).astype(np.float32).reshape(spec['shape']))
        offset += 2 * count
        name = spec['name']
        if array.dim() == 4:
            array = array.permute(3, 2, 0, 1)  # HWIO -> OIHW
        elif array.dim() == 2:
            array = array.t()
        if name.split('.')[0] in ('up1', 'up2'):
            out = array.shape[0]
            channels = out // 4
            # Undo export's DCR order: position (k*C + c) holds PyTorch channel (c*4 + k).
            order = [0] * out
            for k in range(4):
                for c in range(channels):
                    order[c * 4 + k] = k * channels + c
            array = array[order]
        state[name] = array.contiguous()
    student.load_state_dict(state)
    return student.eval()


def photo(path: str, size) -> torch.Tensor:
    image = torch.from_numpy(np.asarray(Image.open(os.path.join(MODELS, path)).convert('RGB'), np.float32) / 255).permute(2, 0, 1)[None]
    return F.interpolate(image, size=size, mode='bilinear', align_corners=False, antialias=True)


def fidelity_table(teacher: OnnxTeacher, student: FastTransformer) -> dict:
    """SSIM and mean difference to the teacher per built-in style, over the MEASURED photos."""
    styles = json.load(open(os.path.join(MODELS, 'styles', 'styles.json')))['styles']
    rows = []
    for style in styles:
        embedding = torch.tensor(style['embedding'], dtype=torch.float32)[None]
        scores, differences = [], []
        for path, size in MEASURED:
            content = measured_photo(path, size)
            with torch.no_grad():
                full = teacher(content.permute(0, 2, 3, 1), embedding[:, None, None, :]).permute(0, 3, 1, 2)
                fast = student(content, embedding)
            scores.append(ssim(full, fast))
            differences.append(float((full - fast).abs().mean() * 255))
        rows.append({'style': style['id'], 'ssim': round(sum(scores) / len(scores), 3), 'meanAbsLevels': round(sum(differences) / len(differences), 2)})
        print(rows[-1])
    fidelity = {
        'measuredBy': 'training/fidelity.py (PyTorch; the model test measures the same on tfjs)',
        'photos': [path for path, _ in MEASURED],
        'perStyle': rows,
        'meanSsim': round(sum(r['ssim'] for r in rows) / len(rows), 3),
        'meanAbsLevels': round(sum(r['meanAbsLevels'] for r in rows) / len(rows), 2),
        'target': {'meanSsim': 0.85, 'meanAbsLevels': 10},
    }
    return fidelity


def main() -> None:
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'docs', 'fast-network')
    os.makedirs(out_dir, exist_ok=True)
    teacher = OnnxTeacher(os.path.join(MODELS, 'onnx', 'style-transformer.onnx'))
    student = load_student()
    styles = json.load(open(os.path.join(MODELS, 'styles', 'styles.json')))['styles']
    fidelity = fidelity_table(teacher, student)
    json.dump(fidelity, open(os.path.join(ROOT, 'models', 'fast-transformer', 'fidelity.json'), 'w'), indent=1)
    print(f"mean SSIM {fidelity['meanSsim']}, mean difference {fidelity['meanAbsLevels']} levels")
    for style in styles:
        embedding = torch.tensor(style['embedding'], dtype=torch.float32)[None]
        rows = []
        for path, size in PHOTOS:
            content = photo(path, size)
            with torch.no_grad():
                full = teacher(content.permute(0, 2, 3, 1), embedding[:, None, None, :]).permute(0, 3, 1, 2)
                fast = student(content, embedding)
            row = torch.cat([content, full, fast], dim=3)[0]
            if row.shape[1] != 256:
                row = F.interpolate(row[None], size=(256, int(row.shape[2] * 256 / row.shape[1])), mode='bilinear', align_corners=False)[0]
            rows.append(F.pad(row, (0, 3 * 340 - row.shape[2]), value=1.0))
        grid = (torch.cat(rows, dim=1).clamp(0, 1).permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
        Image.fromarray(grid).save(os.path.join(out_dir, f"{style['id']}.jpg"), quality=70)
        print(f"wrote {os.path.join(out_dir, style['id'] + '.jpg')}")


if __name__ == '__main__':
    main()
