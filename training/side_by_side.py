"""Side-by-side pictures (photo | full network | fast network) for each built-in style, from the
committed fast network's weights and the teacher, on photos the training never saw.
Usage: /usr/bin/python3 training/side_by_side.py [OUT_DIR]   (default docs/fast-network)"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import MODELS, ROOT  # noqa: E402
from student import FastTransformer  # noqa: E402
from teacher import OnnxTeacher  # noqa: E402

PHOTOS = [('content/people/person_001.jpg', (256, 340)), ('content/people/person_020.jpg', (256, 340)), ('reference/golden_gate__input_384.png', (256, 256))]


def load_student() -> FastTransformer:
    """The committed network: training/work's checkpoint is not needed (weights from models/fast-transformer)."""
    folder = os.path.join(ROOT, 'models', 'fast-transformer')
    manifest = json.load(open(os.path.join(folder, 'weights.json')))['weightsManifest'][0]
    data = open(os.path.join(folder, 'weights.bin'), 'rb').read()
    student = FastTransformer()
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


def main() -> None:
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'docs', 'fast-network')
    os.makedirs(out_dir, exist_ok=True)
    teacher = OnnxTeacher(os.path.join(MODELS, 'onnx', 'style-transformer.onnx'))
    student = load_student()
    styles = json.load(open(os.path.join(MODELS, 'styles', 'styles.json')))['styles']
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
        Image.fromarray(grid).save(os.path.join(out_dir, f"{style['id']}.jpg"), quality=82)
        print(f"wrote {os.path.join(out_dir, style['id'] + '.jpg')}")


if __name__ == '__main__':
    main()
