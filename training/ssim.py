"""SSIM of the BT.601 luma, as the fidelity table and the model test measure it (11x11 Gaussian,
sigma 1.5, K1 0.01, K2 0.03, valid windows only). Differentiable: the fine-tuning stage trains on it."""
import torch
import torch.nn.functional as F

_LUMA = torch.tensor([0.299, 0.587, 0.114])[None, :, None, None]
_G = torch.exp(-((torch.arange(11) - 5.0) ** 2) / (2 * 1.5 ** 2))
_WINDOW = (_G[:, None] * _G[None, :] / _G.sum() ** 2)[None, None]


def luma_ssim(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Mean SSIM over the batch; a and b are [N,3,H,W] in 0..1."""
    luma, window = _LUMA.to(a.device), _WINDOW.to(a.device)
    x, y = (a * 255 * luma).sum(1, keepdim=True), (b * 255 * luma).sum(1, keepdim=True)
    blur = lambda t: F.conv2d(t, window)  # noqa: E731
    mx, my = blur(x), blur(y)
    sx, sy, sxy = blur(x * x) - mx ** 2, blur(y * y) - my ** 2, blur(x * y) - mx * my
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    return (((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx ** 2 + my ** 2 + c1) * (sx + sy + c2))).mean()
