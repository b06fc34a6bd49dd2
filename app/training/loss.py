"""Targets and loss for the anchor-free detector (FCOS-style assignment, focal loss, GIoU).

A cell is a positive for a ground-truth box when its centre lies inside the box and within 2.5
strides of the box's centre, or within one stride of that centre, and the box's longest side to the
cell fits the cell's level; a cell
claimed by several boxes goes to the smallest. A box that claims no cell (very small or thin, as
blades and SIM cards are) gets the cell nearest its centre on the finest level. A target of class -1
(an object too faint to see, see data.IGNORE) claims cells like any other, and those cells are left
out of both losses.
"""
from __future__ import annotations

import torch
from torch.nn import functional as F

from .model import STRIDES

LEVEL_RANGES = ((0.0, 64.0), (64.0, 128.0), (128.0, 1e8))  # max side distance per level, input px
CENTRE_RADIUS = 2.5


def cell_grid(input_size: int, device=None):
    centres, strides, ranges = [], [], []
    for stride, (lo, hi) in zip(STRIDES, LEVEL_RANGES):
        n = input_size // stride
        ys, xs = torch.meshgrid(torch.arange(n, device=device), torch.arange(n, device=device), indexing="ij")
        centres.append(torch.stack([(xs.reshape(-1) + 0.5) * stride, (ys.reshape(-1) + 0.5) * stride], 1))
        strides.append(torch.full((n * n,), float(stride), device=device))
        ranges.append(torch.tensor([[lo, hi]], device=device).expand(n * n, 2))
    return torch.cat(centres).float(), torch.cat(strides), torch.cat(ranges)


def flatten(raw: list[torch.Tensor]) -> torch.Tensor:
    """Per-level (B, 4 + C, H, W) maps to (B, N, 4 + C), in the order the model's decode uses."""
    return torch.cat([r.flatten(2).transpose(1, 2) for r in raw], dim=1)


def assign(target: torch.Tensor, centres, strides, ranges):
    """(matched box index per cell, or -1), for one image's targets (G, 5): class, x1, y1, x2, y2."""
    n = centres.shape[0]
    if target.numel() == 0:
        return torch.full((n,), -1, dtype=torch.long, device=centres.device)
    boxes = target[:, 1:]
    cx, cy = centres[:, 0:1], centres[:, 1:2]
    ltrb = torch.stack([cx - boxes[:, 0], cy - boxes[:, 1], boxes[:, 2] - cx, boxes[:, 3] - cy], dim=2)  # (N, G, 4)
    inside = ltrb.min(dim=2).values > 0
    gcx, gcy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    radius = CENTRE_RADIUS * strides[:, None]
    near = ((cx - gcx).abs() < radius) & ((cy - gcy).abs() < radius)
    reach = ltrb.max(dim=2).values
    fits = (reach >= ranges[:, 0:1]) & (reach <= ranges[:, 1:2])
    area = ((boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]))[None].expand(n, -1)
    # Cells within a stride of the centre count too, inside the box or not: a SIM card or a blade seen
    # edge-on covers less than one cell, and a single positive cell teaches it too slowly.
    core = ((cx - gcx).abs() < strides[:, None]) & ((cy - gcy).abs() < strides[:, None])
    cost = torch.where(((inside & near) | core) & fits, area, torch.full_like(area, float("inf")))
    best, index = cost.min(dim=1)
    index[torch.isinf(best)] = -1
    finest = strides == strides.min()
    for g in range(boxes.shape[0]):  # every box gets at least one cell
        if not (index == g).any():
            d = (cx[:, 0] - gcx[g]) ** 2 + (cy[:, 0] - gcy[g]) ** 2
            d[~finest] = float("inf")
            index[d.argmin()] = g
    return index


def overlap(pred: torch.Tensor, gt: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(intersection, union) of each predicted box with its own ground truth, (K, 4) x1 y1 x2 y2 each."""
    x1, y1 = torch.max(pred[:, 0], gt[:, 0]), torch.max(pred[:, 1], gt[:, 1])
    x2, y2 = torch.min(pred[:, 2], gt[:, 2]), torch.min(pred[:, 3], gt[:, 3])
    inter = (x2 - x1).clamp(min=0) * (y2 - y1).clamp(min=0)
    area_p = (pred[:, 2] - pred[:, 0]).clamp(min=0) * (pred[:, 3] - pred[:, 1]).clamp(min=0)
    area_g = (gt[:, 2] - gt[:, 0]) * (gt[:, 3] - gt[:, 1])
    return inter, area_p + area_g - inter + 1e-6


def paired_iou(pred: torch.Tensor, gt: torch.Tensor) -> torch.Tensor:
    inter, union = overlap(pred, gt)
    return inter / union


def giou_loss(pred: torch.Tensor, gt: torch.Tensor) -> torch.Tensor:
    inter, union = overlap(pred, gt)
    ex1, ey1 = torch.min(pred[:, 0], gt[:, 0]), torch.min(pred[:, 1], gt[:, 1])
    ex2, ey2 = torch.max(pred[:, 2], gt[:, 2]), torch.max(pred[:, 3], gt[:, 3])
    enclose = (ex2 - ex1) * (ey2 - ey1) + 1e-6
    giou = inter / union - (enclose - union) / enclose
    return 1.0 - giou


def detection_loss(raw: list[torch.Tensor], targets: list[torch.Tensor], num_classes: int, input_size: int,
                   quality: bool = False):
    """Sum of the classification loss and the GIoU box loss, each normalised by the positives.

    Classification is focal loss on 0/1 targets, or with `quality` the quality focal loss of GFL (Li et
    al. 2020): a positive cell's target is the IoU of its own predicted box with the object, so a score
    ranks boxes by how well they fit as well as by how sure the class is; AP and NMS both go by score."""
    out = flatten(raw)  # (B, N, 4 + C)
    centres, strides, ranges = cell_grid(input_size, out.device)
    dist = torch.exp(out[..., :4].clamp(max=8.0)) * strides[None, :, None]
    boxes = torch.stack([centres[:, 0] - dist[..., 0], centres[:, 1] - dist[..., 1],
                         centres[:, 0] + dist[..., 2], centres[:, 1] + dist[..., 3]], dim=-1)
    cls_target = torch.zeros_like(out[..., 4:])
    counted = torch.ones_like(out[..., 4])  # 0 on cells an ignored (too faint) object claims
    box_losses, positives = [], 0
    for b, target in enumerate(targets):
        index = assign(target, centres, strides, ranges)
        ignored = target[:, 0] < 0
        if ignored.any():  # the faint object's cells say nothing either way, and teach no box
            skip = (index >= 0) & ignored[index.clamp(min=0)]
            counted[b, skip] = 0.0
            index[skip] = -1
        pos = index >= 0
        if pos.any():
            matched = target[index[pos]]
            fit = paired_iou(boxes[b, pos].detach(), matched[:, 1:]).clamp(min=0.01) if quality else 1.0
            cls_target[b, pos, matched[:, 0].long()] = fit
            box_losses.append(giou_loss(boxes[b, pos], matched[:, 1:]))
            positives += int(pos.sum())
    cls_loss = ((quality_focal_loss if quality else focal_loss)(out[..., 4:], cls_target) * counted[..., None]).sum()
    cls_loss = cls_loss / max(positives, 1)
    box_loss = torch.cat(box_losses).sum() / max(positives, 1) if box_losses else out.sum() * 0
    return cls_loss + 2.0 * box_loss, {"cls": cls_loss.item(), "box": box_loss.item(), "positives": positives}


def focal_loss(logits: torch.Tensor, target: torch.Tensor, alpha: float = 0.25, gamma: float = 2.0):
    """Sigmoid focal loss (Lin et al. 2017), written out: torchvision does not import beside this torch."""
    p = torch.sigmoid(logits)
    ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")
    p_t = p * target + (1 - p) * (1 - target)
    weight = (alpha * target + (1 - alpha) * (1 - target)) * (1 - p_t) ** gamma
    return weight * ce


def quality_focal_loss(logits: torch.Tensor, target: torch.Tensor, beta: float = 2.0):
    """Cross-entropy against a soft target (the IoU on positive cells, 0 elsewhere), weighted by how far
    the score is from it: |target - p| ** beta, which for 0/1 targets is focal loss without alpha."""
    p = torch.sigmoid(logits)
    return F.binary_cross_entropy_with_logits(logits, target, reduction="none") * (target - p).abs().pow(beta)
