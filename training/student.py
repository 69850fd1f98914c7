"""The fast transformer ("Fast" network): a student distilled from the teacher, same inputs and outputs.

Design, with multiply-adds per input pixel (the teacher: 12,528, most of it in two 9x9 convolutions
at full resolution, 10 residual convolutions and a 3x3 convolution at full resolution):
  enc1  3x3 stride 2, 3->16, norm, ReLU      at 1/2 size      108
  enc2  3x3 stride 2, 16->32, norm, ReLU     at 1/4 size      288
  2 residual blocks of two 3x3, 32->32       at 1/4 size    2,304
  up1   1x1 32->64 + depth-to-space (16 ch)  to 1/2 size      128, plus the enc1 skip
  dec1  3x3 16->16, norm, ReLU               at 1/2 size      576
  up2   3x3 16->12 + depth-to-space (3 ch)   to full size     432, then sigmoid
  total 3,836 (3.3x fewer than the teacher); no layer runs at full resolution.
Every norm is a conditional instance norm whose scale and shift come from the 100-number style
embedding (as in the teacher), so any embedding (built-in, user, mix, strength) works unchanged.
Only plain ops (convolutions with zero padding, instance norm, depth-to-space, ReLU, sigmoid): no
reflect padding or resize, so every engine, XNNPACK included, runs the whole graph.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

EMBEDDING = 100
EPS = 1e-3


class CondNorm(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.scale = nn.Linear(EMBEDDING, channels)
        self.shift = nn.Linear(EMBEDDING, channels)
        nn.init.normal_(self.scale.weight, std=0.01)
        nn.init.ones_(self.scale.bias)
        nn.init.normal_(self.shift.weight, std=0.01)
        nn.init.zeros_(self.shift.bias)

    def forward(self, x: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=(2, 3), keepdim=True)
        variance = ((x - mean) ** 2).mean(dim=(2, 3), keepdim=True)
        normalized = (x - mean) * torch.rsqrt(variance + EPS)
        return normalized * self.scale(embedding)[:, :, None, None] + self.shift(embedding)[:, :, None, None]


def conv(cin: int, cout: int, kernel: int = 3, stride: int = 1) -> nn.Conv2d:
    return nn.Conv2d(cin, cout, kernel, stride=stride, padding=kernel // 2)


class FastTransformer(nn.Module):
    def __init__(self, width: int = 32, skip_width: int = 16, blocks: int = 2):
        super().__init__()
        self.enc1, self.norm1 = conv(3, skip_width, stride=2), CondNorm(skip_width)
        self.enc2, self.norm2 = conv(skip_width, width, stride=2), CondNorm(width)
        self.shape = {'width': width, 'skipWidth': skip_width, 'blocks': blocks}
        self.res = nn.ModuleList(conv(width, width) for _ in range(2 * blocks))
        self.res_norms = nn.ModuleList(CondNorm(width) for _ in range(2 * blocks))
        self.up1 = conv(width, skip_width * 4, kernel=1)
        self.dec1, self.norm3 = conv(skip_width, skip_width), CondNorm(skip_width)
        self.up2 = conv(skip_width, 12)

    def forward(self, content: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        """content [N,3,H,W] 0..1 (H, W multiples of 4), embedding [N,100] -> [N,3,H,W] 0..1."""
        skip = F.relu(self.norm1(self.enc1(content), embedding))
        x = F.relu(self.norm2(self.enc2(skip), embedding))
        for i in range(0, len(self.res), 2):
            y = F.relu(self.res_norms[i](self.res[i](x), embedding))
            x = x + self.res_norms[i + 1](self.res[i + 1](y), embedding)
        x = F.pixel_shuffle(self.up1(x), 2) + skip
        x = F.relu(self.norm3(self.dec1(x), embedding))
        return torch.sigmoid(F.pixel_shuffle(self.up2(x), 2))


def shape_of_weights(shapes: dict) -> dict:
    """The network's shape from its weights' names and shapes (PyTorch's OIHW or the export's HWIO)."""
    enc2 = shapes['enc2.weight']
    width, skip_width = (enc2[0], enc2[1]) if enc2[2] == 3 else (enc2[3], enc2[2])
    blocks = sum(1 for name in shapes if name.startswith('res.') and name.endswith('.weight')) // 2
    return {'width': width, 'skip_width': skip_width, 'blocks': blocks}


class NhwcWrapper(nn.Module):
    """The app's interface: NHWC `content` [1,H,W,3] and `style_embedding` [1,1,1,100] in, `stylized` [1,H,W,3] out."""

    def __init__(self, student: FastTransformer):
        super().__init__()
        self.student = student

    def forward(self, content: torch.Tensor, style_embedding: torch.Tensor) -> torch.Tensor:
        out = self.student(content.permute(0, 3, 1, 2), style_embedding.reshape(-1, EMBEDDING))
        return out.permute(0, 2, 3, 1)


def multiply_adds_per_pixel(model: nn.Module) -> float:
    """Multiply-adds of the convolutions per input pixel, measured by running one 64x64 frame."""
    total = [0.0]

    def hook(module, inputs, output):
        k = module.kernel_size[0] * module.kernel_size[1] * module.in_channels // module.groups
        total[0] += k * output.numel() / output.shape[0]

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    device = next(model.parameters()).device
    with torch.no_grad():
        model(torch.zeros(1, 3, 64, 64, device=device), torch.zeros(1, EMBEDDING, device=device))
    for h in handles:
        h.remove()
    return total[0] / (64 * 64)
