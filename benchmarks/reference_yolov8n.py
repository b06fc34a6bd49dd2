"""A YOLOv8n-size reference network for timing only: never trained, never shipped.

The issue asks for the shipped detector's latency side by side with a YOLOv8n-size network at the same
input. The ultralytics package itself needs torchvision, which does not import beside the pinned CPU
torch here, so this module writes the same topology out in plain torch from the published model
definition (yolov8n.yaml: depth multiple 0.33, width multiple 0.25; Conv-BN-SiLU, C2f, SPPF, a
PAN neck and the decoupled anchor-free head with 16-bin distribution focal decoding). With 10 classes
it has about 3.0 M parameters (ultralytics reports 3.2 M with 80 classes) and about 8.2 GFLOPs at
640 px. `build(num_classes)` returns it with random weights; the benchmark exports it to ONNX and times
it with the same onnxruntime settings as the shipped model. If ultralytics happens to be installed,
benchmarks/detector.py uses its own definition instead.
"""
from __future__ import annotations

import torch
from torch import nn


class Conv(nn.Module):
    def __init__(self, cin: int, cout: int, k: int = 1, s: int = 1):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, s, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.SiLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Bottleneck(nn.Module):
    def __init__(self, c: int, shortcut: bool):
        super().__init__()
        self.cv1, self.cv2 = Conv(c, c, 3), Conv(c, c, 3)
        self.add = shortcut

    def forward(self, x):
        y = self.cv2(self.cv1(x))
        return x + y if self.add else y


class C2f(nn.Module):
    def __init__(self, cin: int, cout: int, n: int, shortcut: bool):
        super().__init__()
        self.c = cout // 2
        self.cv1 = Conv(cin, 2 * self.c)
        self.cv2 = Conv((2 + n) * self.c, cout)
        self.m = nn.ModuleList(Bottleneck(self.c, shortcut) for _ in range(n))

    def forward(self, x):
        y = list(self.cv1(x).chunk(2, 1))
        for m in self.m:
            y.append(m(y[-1]))
        return self.cv2(torch.cat(y, 1))


class SPPF(nn.Module):
    def __init__(self, cin: int, cout: int, k: int = 5):
        super().__init__()
        self.cv1, self.cv2 = Conv(cin, cin // 2), Conv(cin // 2 * 4, cout)
        self.pool = nn.MaxPool2d(k, 1, k // 2)

    def forward(self, x):
        y = [self.cv1(x)]
        for _ in range(3):
            y.append(self.pool(y[-1]))
        return self.cv2(torch.cat(y, 1))


class Detect(nn.Module):
    strides = (8, 16, 32)
    reg_max = 16

    def __init__(self, nc: int, channels: tuple[int, ...]):
        super().__init__()
        self.nc = nc
        c2, c3 = max(16, channels[0] // 4, 4 * self.reg_max), max(channels[0], min(nc, 100))
        self.box = nn.ModuleList(nn.Sequential(Conv(c, c2, 3), Conv(c2, c2, 3), nn.Conv2d(c2, 4 * self.reg_max, 1))
                                 for c in channels)
        self.cls = nn.ModuleList(nn.Sequential(Conv(c, c3, 3), Conv(c3, c3, 3), nn.Conv2d(c3, nc, 1)) for c in channels)
        self.register_buffer("bins", torch.arange(self.reg_max, dtype=torch.float32), persistent=False)

    def forward(self, feats):
        boxes, scores = [], []
        for f, box, cls, stride in zip(feats, self.box, self.cls, self.strides):
            b, _, h, w = f.shape
            dist = box(f).reshape(b, 4, self.reg_max, h * w).softmax(2)
            dist = (dist * self.bins.reshape(1, 1, -1, 1)).sum(2) * stride  # (b, 4, hw)
            ys, xs = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
            cx, cy = (xs.reshape(-1) + 0.5) * stride, (ys.reshape(-1) + 0.5) * stride
            boxes.append(torch.stack([cx - dist[:, 0], cy - dist[:, 1], cx + dist[:, 2], cy + dist[:, 3]], 1))
            scores.append(cls(f).reshape(b, self.nc, h * w).sigmoid())
        return torch.cat([torch.cat(boxes, 2), torch.cat(scores, 2)], 1)  # (b, 4 + nc, N), as ultralytics


class YoloV8n(nn.Module):
    def __init__(self, nc: int = 10):
        super().__init__()
        self.b0, self.b1, self.b2 = Conv(3, 16, 3, 2), Conv(16, 32, 3, 2), C2f(32, 32, 1, True)
        self.b3, self.b4 = Conv(32, 64, 3, 2), C2f(64, 64, 2, True)  # P3
        self.b5, self.b6 = Conv(64, 128, 3, 2), C2f(128, 128, 2, True)  # P4
        self.b7, self.b8, self.b9 = Conv(128, 256, 3, 2), C2f(256, 256, 1, True), SPPF(256, 256)  # P5
        self.up = nn.Upsample(scale_factor=2.0, mode="nearest")
        self.h12, self.h15 = C2f(384, 128, 1, False), C2f(192, 64, 1, False)
        self.h16, self.h18 = Conv(64, 64, 3, 2), C2f(192, 128, 1, False)
        self.h19, self.h21 = Conv(128, 128, 3, 2), C2f(384, 256, 1, False)
        self.detect = Detect(nc, (64, 128, 256))

    def forward(self, x):
        p3 = self.b4(self.b3(self.b2(self.b1(self.b0(x)))))
        p4 = self.b6(self.b5(p3))
        p5 = self.b9(self.b8(self.b7(p4)))
        n4 = self.h12(torch.cat([self.up(p5), p4], 1))
        n3 = self.h15(torch.cat([self.up(n4), p3], 1))
        m4 = self.h18(torch.cat([self.h16(n3), n4], 1))
        m5 = self.h21(torch.cat([self.h19(m4), p5], 1))
        return self.detect([n3, m4, m5])


def build(num_classes: int = 10) -> nn.Module:
    return YoloV8n(num_classes).eval()


if __name__ == "__main__":
    model = build()
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters;",
          "output", tuple(model(torch.zeros(1, 3, 640, 640)).shape))
