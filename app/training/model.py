"""The detector network: a small single-stage, anchor-free detector for a 2-core CPU.

Depthwise-separable backbone (stride 2 stem, four stages), a light top-down feature pyramid at
strides 8/16/32 (optionally with `fine_blocks` inverted residual blocks on the stride-8 level), and
per level one head that predicts, for every cell, the distances from the cell centre to the box's
four sides (in units of the stride, through exp) and one score per class.
Decoding happens inside the graph, so the exported ONNX model outputs ready boxes:

    detections: (1, N, 4 + C) = x1, y1, x2, y2 in input pixels, then each class's score (0..1)

with N = sum over strides of (height / stride) * (width / stride) (3549 at 416 x 416). The runtime
(app/detection/onnx_detector.py) only letterboxes, thresholds, runs NMS and maps boxes back.
"""
from __future__ import annotations

import copy

import torch
from torch import nn

STRIDES = (8, 16, 32)


def conv_bn(cin: int, cout: int, k: int = 3, s: int = 1, groups: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, s, k // 2, groups=groups, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU6(inplace=True))


class SeparableBlock(nn.Module):
    """Depthwise 3x3 then pointwise 1x1; residual when the shape allows."""

    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.body = nn.Sequential(conv_bn(cin, cin, 3, stride, groups=cin), conv_bn(cin, cout, 1))
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class InvertedResidual(nn.Module):
    """1x1 expansion, depthwise 3x3, linear 1x1 projection, added to the input (MobileNetV2's block).

    The last BatchNorm's scale starts at zero, so a new block is the identity: added to a trained
    network it changes nothing until training gives it a part (Goyal et al. 2017 start residual
    branches the same way)."""

    def __init__(self, channels: int, expansion: int = 2):
        super().__init__()
        hidden = channels * expansion
        self.body = nn.Sequential(conv_bn(channels, hidden, 1), conv_bn(hidden, hidden, 3, groups=hidden),
                                  nn.Conv2d(hidden, channels, 1, bias=False), nn.BatchNorm2d(channels))
        nn.init.zeros_(self.body[-1].weight)

    def forward(self, x):
        return x + self.body(x)


def stage(cin: int, cout: int, depth: int) -> nn.Sequential:
    return nn.Sequential(SeparableBlock(cin, cout, 2), *[SeparableBlock(cout, cout) for _ in range(depth - 1)])


class CheckpointDetector(nn.Module):
    def __init__(self, num_classes: int, width: float = 1.0, input_size: int = 416, fine_blocks: int = 0):
        super().__init__()
        c = [max(8, int(v * width)) for v in (16, 32, 48, 96, 160, 64)]
        self.num_classes, self.input_size, self.fine_blocks = num_classes, input_size, fine_blocks
        self.stem = conv_bn(3, c[0], 3, 2)
        self.stage1 = stage(c[0], c[1], 2)  # stride 4
        self.stage2 = stage(c[1], c[2], 2)  # stride 8
        self.stage3 = stage(c[2], c[3], 3)  # stride 16
        self.stage4 = stage(c[3], c[4], 3)  # stride 32
        n = c[5]
        self.lateral = nn.ModuleList([conv_bn(ch, n, 1) for ch in (c[2], c[3], c[4])])
        self.smooth = nn.ModuleList([SeparableBlock(n, n) for _ in STRIDES])
        # Extra capacity where the small classes are decided: a SIM card, most drug packets and many
        # syringes are stride-8 objects, told from coins, soap or a toothbrush by fine detail.
        self.fine = nn.Sequential(*[InvertedResidual(n) for _ in range(fine_blocks)])
        self.heads = nn.ModuleList([nn.Sequential(SeparableBlock(n, n), nn.Conv2d(n, 4 + num_classes, 1))
                                    for _ in STRIDES])
        for head in self.heads:  # start from "nothing here": rare positives do not swamp the start
            nn.init.constant_(head[-1].bias[4:], -4.6)
        self._grids: dict = {}

    def features(self, x):
        c3 = self.stage2(self.stage1(self.stem(x)))
        c4 = self.stage3(c3)
        c5 = self.stage4(c4)
        p5 = self.lateral[2](c5)
        p4 = self.lateral[1](c4) + nn.functional.interpolate(p5, scale_factor=2.0, mode="nearest")
        p3 = self.lateral[0](c3) + nn.functional.interpolate(p4, scale_factor=2.0, mode="nearest")
        return [self.fine(self.smooth[0](p3)), self.smooth[1](p4), self.smooth[2](p5)]

    def raw(self, x) -> list[torch.Tensor]:
        """Per level (B, 4 + C, H, W): side distances (log, stride units) and class logits."""
        return [head(f) for head, f in zip(self.heads, self.features(x))]

    def decode(self, outputs: list[torch.Tensor]) -> torch.Tensor:
        """(B, N, 4 + C): boxes in input pixels and class scores."""
        decoded = []
        for out, stride in zip(outputs, STRIDES):
            b, _, h, w = out.shape
            ys, xs = torch.meshgrid(torch.arange(h, dtype=out.dtype, device=out.device),
                                    torch.arange(w, dtype=out.dtype, device=out.device), indexing="ij")
            cx = ((xs + 0.5) * stride).reshape(1, -1)
            cy = ((ys + 0.5) * stride).reshape(1, -1)
            flat = out.reshape(b, 4 + self.num_classes, h * w)
            dist = torch.exp(flat[:, :4].clamp(max=8.0)) * stride
            boxes = torch.stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2], cy + dist[:, 3]], dim=2)
            scores = torch.sigmoid(flat[:, 4:]).transpose(1, 2)
            decoded.append(torch.cat([boxes, scores], dim=2))
        return torch.cat(decoded, dim=1)

    def forward(self, x):
        return self.decode(self.raw(x))


def export_onnx(model: CheckpointDetector, path: str) -> None:
    """Opset 17, input `images` (1, 3, height, width) RGB in 0..1, output `detections` (1, cells, 4 + C).
    Height and width are free (any multiple of 32, up to the input size the model was trained for),
    so the runtime pads a wide scan to 448 x 640 rather than to a 640 x 640 square."""
    model = copy.deepcopy(model).cpu()  # trained on a GPU or not, the file is made on the CPU
    model.eval().to(memory_format=torch.contiguous_format)
    dummy = torch.zeros(1, 3, model.input_size, model.input_size)
    torch.onnx.export(model, dummy, path, input_names=["images"], output_names=["detections"], opset_version=17,
                      dynamo=False, dynamic_axes={"images": {2: "height", 3: "width"}, "detections": {1: "cells"}})
