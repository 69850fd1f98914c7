"""Distils the fast transformer from the teacher. Resumable; prints progress with the time left.

Usage (from the repository root; `npm run train` runs the embedding step first):
  /usr/bin/python3 training/train.py [--steps N] [--finetune-steps M] [--batch B] [--size S] [--fresh]
  On a CUDA GPU (found by itself, or --device): the same loop; --minutes M sizes both stages to the
  time (3:1, from the speed of steps 20-60); --width/--skip-width/--blocks shape the network;
  --work keeps each run's checkpoint apart; --report measures the fidelity at the end (fidelity.py).
Two stages: --steps of distillation (L1 on pixels and edges, cosine decay from --lr), then
--finetune-steps more with a structure term added (1 - SSIM of the luma, as the fidelity is
measured) from --finetune-lr, decaying again. Writes training/work/checkpoint.pt every --save-every
steps (a new run resumes from it unless --fresh; a finished first stage goes on with the second),
training/work/loss.json (the loss curve), and at the end models/fast-transformer/.
"""
import argparse
import json
import math
import os
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    import onnx  # noqa: F401
    import PIL  # noqa: F401
except ImportError as missing:
    raise SystemExit(f'{missing}. Training needs Debian\'s packages: apt-get install -y python3-torch python3-onnx python3-pil '
                     '(they install into /usr/bin/python3, which npm run train uses).')

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import Embeddings, content_files, load_pictures, sample_content  # noqa: E402
from export import export_student  # noqa: E402
from paths import MODELS, ROOT  # noqa: E402
from ssim import luma_ssim  # noqa: E402
from student import FastTransformer, multiply_adds_per_pixel  # noqa: E402
from teacher import OnnxTeacher  # noqa: E402

WORK = os.path.join(ROOT, 'training', 'work')


def gradients(x: torch.Tensor):
    return x[:, :, 1:, :] - x[:, :, :-1, :], x[:, :, :, 1:] - x[:, :, :, :-1]


def distillation_loss(student_out: torch.Tensor, teacher_out: torch.Tensor, ssim_weight: float = 0.0):
    """L1 on the pixels plus L1 on their differences to the neighbours (keeps edges: eyes, mouth, hair);
    in the second stage plus the luma's structure (1 - SSIM), where the strokes sit."""
    pixel = (student_out - teacher_out).abs().mean()
    sdy, sdx = gradients(student_out)
    tdy, tdx = gradients(teacher_out)
    edge = (sdy - tdy).abs().mean() + (sdx - tdx).abs().mean()
    loss = pixel + 0.5 * edge
    if ssim_weight:
        loss = loss + ssim_weight * (1 - luma_ssim(student_out, teacher_out))
    return loss, pixel


def learning_rate_factor(step: int, args) -> float:
    """Cosine decay to 1% over each stage; the second starts again at --finetune-lr."""
    if step < args.steps:
        return 0.5 * (1 + math.cos(math.pi * step / args.steps)) * 0.99 + 0.01
    into = min(step - args.steps, args.finetune_steps) / max(1, args.finetune_steps)
    return args.finetune_lr / args.lr * (0.5 * (1 + math.cos(math.pi * into)) * 0.99 + 0.01)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--steps', type=int, default=9000)
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--size', type=int, default=256)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--finetune-steps', type=int, default=3000)
    parser.add_argument('--finetune-lr', type=float, default=5e-4)
    parser.add_argument('--ssim-weight', type=float, default=1.0)
    parser.add_argument('--save-every', type=int, default=100)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--fresh', action='store_true', help='ignore a saved checkpoint')
    parser.add_argument('--export-only', action='store_true', help='write the models from the saved checkpoint as it is')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    parser.add_argument('--minutes', type=float, help='size the two stages (3:1) to this much training time')
    parser.add_argument('--width', type=int, default=32, help='channels at 1/4 size (the residual blocks)')
    parser.add_argument('--skip-width', type=int, default=16, help='channels at 1/2 size')
    parser.add_argument('--blocks', type=int, default=2, help='residual blocks')
    parser.add_argument('--work', default=WORK, help='folder of the checkpoint and loss curve')
    parser.add_argument('--report', action='store_true', help='measure the fidelity at the end (fidelity.py\'s table) into --work')
    parser.add_argument('--crops', default=os.path.join(WORK, 'style-crop-embeddings.json'))
    parser.add_argument('--out', default=os.path.join(ROOT, 'models', 'fast-transformer'))
    args = parser.parse_args()

    device = torch.device(args.device)
    # On a GPU the CPU only draws the batches: a few threads, so that runs side by side share the cores.
    torch.set_num_threads((os.cpu_count() or 1) if device.type == 'cpu' else 4)
    torch.backends.cudnn.benchmark = device.type == 'cuda'
    os.makedirs(args.work, exist_ok=True)
    if not os.path.exists(args.crops):
        raise SystemExit(f'{args.crops} is missing: run "npm run train" (it makes it with node training/embed-style-crops.mjs)')
    teacher = OnnxTeacher(os.path.join(MODELS, 'onnx', 'style-transformer.onnx')).to_device(device)
    student = FastTransformer(args.width, args.skip_width, args.blocks).to(device)
    optimizer = torch.optim.Adam(student.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: learning_rate_factor(step, args))
    pictures = [p.to(device) for p in load_pictures(content_files())]
    embeddings = Embeddings(args.crops)
    g = torch.Generator().manual_seed(args.seed)
    step, history, seconds = 0, [], 0.0
    total = args.steps + args.finetune_steps
    checkpoint_path = os.path.join(args.work, 'checkpoint.pt')
    if os.path.exists(checkpoint_path) and not args.fresh:
        state = torch.load(checkpoint_path, map_location=device)
        if state.get('shape', student.shape) != student.shape:
            raise SystemExit(f"{checkpoint_path} holds a network shaped {state['shape']}, not {student.shape}: "
                             'give the same --blocks/--width/--skip-width, another --work, or --fresh')
        student.load_state_dict(state['student'])
        optimizer.load_state_dict(state['optimizer'])
        scheduler.load_state_dict(state['scheduler'])
        g.set_state(state['generator'].cpu())
        args.steps, args.finetune_steps = state.get('stages', (args.steps, args.finetune_steps))
        total = args.steps + args.finetune_steps
        step, history, seconds = state['step'], state['history'], state['seconds']
        print(f'resumed from {checkpoint_path} at step {step}/{total}', flush=True)
    print(f'student: {multiply_adds_per_pixel(student):.0f} multiply-adds per pixel, '
          f'{sum(p.numel() for p in student.parameters())} parameters; {len(pictures)} pictures, '
          f'{len(embeddings.crops)} crop embeddings; batch {args.batch} of {args.size}x{args.size} on {device}', flush=True)

    def save() -> None:
        torch.save({'student': student.state_dict(), 'optimizer': optimizer.state_dict(), 'scheduler': scheduler.state_dict(),
                    'generator': g.get_state(), 'step': step, 'history': history, 'seconds': seconds,
                    'stages': (args.steps, args.finetune_steps), 'shape': student.shape}, checkpoint_path + '.tmp')
        os.replace(checkpoint_path + '.tmp', checkpoint_path)
        json.dump({'steps': args.steps, 'history': history}, open(os.path.join(args.work, 'loss.json'), 'w'))

    def finish() -> None:
        student.cpu()
        where = torch.cuda.get_device_name(device) if device.type == 'cuda' else f'CPU, {torch.get_num_threads()} threads'
        export_student(student, args, history, seconds, step, where)
        if args.report:
            from fidelity import fidelity_table
            table = fidelity_table(teacher.to_device('cpu'), student.eval())
            json.dump(table, open(os.path.join(args.work, 'fidelity.json'), 'w'), indent=1)
            print(f"fidelity: mean SSIM {table['meanSsim']}, mean difference {table['meanAbsLevels']} levels", flush=True)

    if args.export_only:
        finish()
        return
    # Each group's base rate is --lr; the factor gives each stage its own (set again on resume).
    for group in optimizer.param_groups:
        group['lr'] = args.lr * learning_rate_factor(step, args)
    window, window_pixel, started = 0.0, 0.0, time.time()
    run_start_step, run_start_seconds = step, seconds
    sized = args.minutes is None or step > 0
    while step < total:
        if not sized and step - run_start_step == 20:
            timed_from = time.time()  # after the warm-up (cuDNN's algorithm search, the first allocations)
        if not sized and step - run_start_step == 60:
            # Stages sized to the time from the speed of steps 20-60.
            per_step = (time.time() - timed_from) / 40
            planned = max(step + 1, int((args.minutes * 60 - (time.time() - started)) / per_step) + step)
            args.steps, args.finetune_steps = round(planned * 0.75), planned - round(planned * 0.75)
            total, sized = planned, True
            print(f'{args.minutes} min: {args.steps} + {args.finetune_steps} steps', flush=True)
        content = sample_content(pictures, args.batch, args.size, g)
        embedding = embeddings.sample(args.batch, g).to(device)
        with torch.no_grad():
            target = teacher(content.permute(0, 2, 3, 1), embedding[:, None, None, :]).permute(0, 3, 1, 2)
        loss, pixel = distillation_loss(student(content, embedding), target, args.ssim_weight if step >= args.steps else 0.0)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        step += 1
        # Summed on the device and read every 25 steps: a read each step would make the CPU wait for the GPU.
        window += loss.detach()
        window_pixel += pixel.detach()
        seconds = run_start_seconds + (time.time() - started)
        if step % 25 == 0:
            window, window_pixel = float(window), float(window_pixel)
            history.append({'step': step, 'loss': round(window / 25, 5), 'meanAbs255': round(window_pixel / 25 * 255, 3), 'seconds': round(seconds)})
            per_step = (time.time() - started) / max(1, step - run_start_step)
            left = per_step * (total - step)
            print(f'step {step}/{total}  loss {window / 25:.4f}  mean abs {window_pixel / 25 * 255:.2f} levels  '
                  f'{per_step:.2f} s/step  {seconds / 60:.1f} min so far, about {left / 60:.1f} min left', flush=True)
            window = window_pixel = 0.0
        if step % args.save_every == 0 or step in (args.steps, total):
            save()
        if args.minutes is not None and time.time() - started > args.minutes * 60 * 1.1:
            print(f'stopped at step {step}/{total}: over the {args.minutes} min', flush=True)
            save()
            break
    finish()


if __name__ == '__main__':
    main()
