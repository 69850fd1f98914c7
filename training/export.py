"""Writes the trained student: ONNX (for ONNX Runtime Web), tfjs weights (for the tfjs engines) and its settings."""
import json
import os

import torch

from student import EMBEDDING, FastTransformer, NhwcWrapper, multiply_adds_per_pixel


def _dcr_order(weight: torch.Tensor, bias: torch.Tensor, block: int = 2):
    """PyTorch's pixel_shuffle reads channels as c*4 + i*2 + j (CRD); tf.depthToSpace as (i*2 + j)*C + c (DCR)."""
    out = weight.shape[0]
    channels = out // (block * block)
    order = [c * block * block + k for k in range(block * block) for c in range(channels)]
    return weight[order], bias[order]


def export_tfjs_weights(student: FastTransformer, folder: str) -> None:
    """weights.bin (float16) + manifest in tfjs's weightsManifest format, read with tf.io.decodeWeights."""
    specs, chunks = [], []
    for name, tensor in student.state_dict().items():
        array = tensor.detach().float()
        module = name.split('.')[0]
        if name.endswith('.weight') and array.dim() == 4:
            if module in ('up1', 'up2'):
                bias = student.state_dict()[name[:-len('weight')] + 'bias']
                array, _ = _dcr_order(array, bias)
            array = array.permute(2, 3, 1, 0).contiguous()  # OIHW -> HWIO, tf.conv2d's filter layout
        elif name.endswith('.bias') and module in ('up1', 'up2'):
            weight = student.state_dict()[name[:-len('bias')] + 'weight']
            _, array = _dcr_order(weight, array)
        elif name.endswith('.weight') and array.dim() == 2:
            array = array.t().contiguous()  # Linear [out,in] -> matMul's [in,out]
        specs.append({'name': name, 'shape': list(array.shape), 'dtype': 'float32', 'quantization': {'dtype': 'float16'}})
        chunks.append(array.numpy().astype('float16').tobytes())
    open(os.path.join(folder, 'weights.bin'), 'wb').write(b''.join(chunks))
    json.dump({'format': 'fast-transformer tfjs weights', 'weightsManifest': [{'paths': ['weights.bin'], 'weights': specs}]},
              open(os.path.join(folder, 'weights.json'), 'w'), indent=1)


def export_student(student: FastTransformer, args, history, seconds: float, step: int, device: str) -> None:
    os.makedirs(args.out, exist_ok=True)
    student.eval()
    # Both files carry the same float16-rounded weights, so the tfjs and ONNX engines compute the same network.
    with torch.no_grad():
        for parameter in student.parameters():
            parameter.copy_(parameter.half().float())
    wrapper = NhwcWrapper(student)
    content = torch.rand(1, 256, 340, 3)
    embedding = torch.rand(1, 1, 1, EMBEDDING)
    onnx_path = os.path.join(args.out, 'fast-transformer.onnx')
    torch.onnx.export(wrapper, (content, embedding), onnx_path, input_names=['content', 'style_embedding'], output_names=['stylized'],
                      dynamic_axes={'content': {1: 'H', 2: 'W'}, 'stylized': {1: 'H', 2: 'W'}}, opset_version=17)
    export_tfjs_weights(student, args.out)
    settings = {
        'network': 'fast-transformer',
        'madeBy': 'npm run train (training/embed-style-crops.mjs, then training/train.py)',
        'teacher': '../shared/models/onnx/style-transformer.onnx',
        'architecture': 'see training/student.py',
        'shape': student.shape,
        'multiplyAddsPerPixel': multiply_adds_per_pixel(student),
        'teacherMultiplyAddsPerPixel': 12528,
        'parameters': sum(p.numel() for p in student.parameters()),
        'steps': step, 'plannedSteps': args.steps + args.finetune_steps, 'batch': args.batch, 'cropSize': args.size, 'seed': args.seed,
        'stages': [
            {'steps': args.steps, 'learningRate': args.lr, 'schedule': 'Adam, cosine decay to 1% of the rate',
             'loss': 'L1(student, teacher) + 0.5 * L1 of their vertical and horizontal pixel differences'},
            {'steps': args.finetune_steps, 'learningRate': args.finetune_lr, 'schedule': 'the same Adam, cosine decay again from this rate to 1% of it',
             'loss': f'the first stage\'s + {args.ssim_weight} * (1 - SSIM of the BT.601 luma, 11x11 Gaussian; training/ssim.py)'},
        ],
        'trainingSeconds': round(seconds),
        'trainedOn': device,
        'lossCurve': history,
    }
    json.dump(settings, open(os.path.join(args.out, 'training.json'), 'w'), indent=1)
    print(f'wrote {onnx_path}, weights.json/bin and training.json to {args.out}', flush=True)
