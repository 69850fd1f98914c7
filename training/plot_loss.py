"""Draws the loss curve of the committed training run (models/fast-transformer/training.json) as a PNG.
Usage: /usr/bin/python3 training/plot_loss.py [OUT.png]   (default docs/fast-network/loss.png)"""
import json
import os
import sys

from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from paths import ROOT  # noqa: E402

WIDTH, HEIGHT, MARGIN = 640, 300, 48


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'docs', 'fast-network', 'loss.png')
    settings = json.load(open(os.path.join(ROOT, 'models', 'fast-transformer', 'training.json')))
    history = settings['lossCurve']
    steps = [point['step'] for point in history]
    levels = [point['meanAbs255'] for point in history]
    top = max(levels[len(levels) // 20:] or levels) * 1.1
    image = Image.new('RGB', (WIDTH, HEIGHT), 'white')
    draw = ImageDraw.Draw(image)
    x = lambda step: MARGIN + (WIDTH - 2 * MARGIN) * step / steps[-1]  # noqa: E731
    y = lambda level: HEIGHT - MARGIN - (HEIGHT - 2 * MARGIN) * min(level, top) / top  # noqa: E731
    draw.line([(MARGIN, MARGIN), (MARGIN, HEIGHT - MARGIN), (WIDTH - MARGIN, HEIGHT - MARGIN)], fill='black')
    for tick in range(0, int(top) + 1, 5):
        draw.line([(MARGIN - 4, y(tick)), (MARGIN, y(tick))], fill='black')
        draw.text((8, y(tick) - 6), f'{tick}', fill='black')
    for tick in range(0, steps[-1] + 1, 1000):
        draw.text((x(tick) - 10, HEIGHT - MARGIN + 6), f'{tick}', fill='black')
    draw.line([(x(s), y(v)) for s, v in zip(steps, levels)], fill=(40, 90, 200), width=2)
    stages = settings.get('stages', [])
    if len(stages) > 1:  # where the structure (SSIM) term joins the loss
        draw.line([(x(stages[0]['steps']), MARGIN), (x(stages[0]['steps']), HEIGHT - MARGIN)], fill=(200, 80, 40))
        draw.text((x(stages[0]['steps']) + 4, MARGIN + 4), '+ SSIM term', fill=(200, 80, 40))
    draw.text((MARGIN + 8, 8), 'training: mean |student - teacher| (levels of 255) per 25 steps; x: step', fill='black')
    os.makedirs(os.path.dirname(out), exist_ok=True)
    image.save(out)
    print(f'wrote {out}')


if __name__ == '__main__':
    main()
