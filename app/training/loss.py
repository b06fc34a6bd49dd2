"""Targets and loss for the anchor-free detector (FCOS-style or task-aligned assignment, focal loss, GIoU).

A cell is a positive for a ground-truth box when its centre lies inside the box and within 2.5
strides of the box's centre, or within one stride of that centre, and the box's longest side to the
cell fits the cell's level; a cell
claimed by several boxes goes to the smallest. A box that claims no cell (very small or thin, as
blades and SIM cards are) gets the cell nearest its centre on the finest level. A target of class -1
(an object too faint to see, see data.IGNORE) claims cells like any other, and those cells are left
out of both losses.

`assign_aligned` is the other way to choose positives: task-aligned assignment (TOOD, Feng et al.
2021, as YOLOv8 uses it), which picks for each box the cells whose own prediction is already best
(class score ** 0.5 * IoU ** 6) among those it covers, on any level, and gives them a soft target.
"""
from __future__ import annotations

import functools

import torch
from torch.nn import functional as F

from .model import STRIDES

LEVEL_RANGES = ((0.0, 64.0), (64.0, 128.0), (128.0, 1e8))  # max side distance per level, input px
CENTRE_RADIUS = 2.5


@functools.lru_cache(maxsize=8)
def cell_grid(input_size: int, device=None):
    """(centres (N, 2), strides (N,), ranges (N, 2)) of every cell; made once per size and device."""
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


def pad_targets(targets: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """A batch's targets, (G_b, 5) each, as one (B, G, 5) tensor and a (B, G) mask of the real rows."""
    count = max(1, max(t.shape[0] for t in targets))
    padded = torch.nn.utils.rnn.pad_sequence([t.reshape(-1, 5) for t in targets], batch_first=True)
    if padded.shape[1] < count:  # every image clean
        padded = padded.new_zeros(len(targets), count, 5)
    lengths = torch.tensor([t.shape[0] for t in targets], device=padded.device)
    return padded.float(), torch.arange(count, device=padded.device)[None] < lengths[:, None]


def near_centre(centres: torch.Tensor, strides: torch.Tensor, boxes: torch.Tensor, radius: float) -> torch.Tensor:
    """(B, N, G): whether each cell's centre lies within `radius` of its own strides of each box's centre
    (B, G, 4), across and down. One stride is the "core" both assigners give a box, inside it or not: a
    SIM card or a blade seen edge-on covers less than one cell, and a single positive teaches it too slowly."""
    cx, cy = centres[None, :, 0:1], centres[None, :, 1:2]  # (1, N, 1)
    gcx, gcy = ((boxes[..., 0] + boxes[..., 2]) / 2)[:, None, :], ((boxes[..., 1] + boxes[..., 3]) / 2)[:, None, :]
    reach = radius * strides[None, :, None]
    return ((cx - gcx).abs() < reach) & ((cy - gcy).abs() < reach)


def assign(target: torch.Tensor, valid: torch.Tensor, centres, strides, ranges) -> torch.Tensor:
    """(B, N): the index of the box each cell is matched to, or -1, for padded targets (B, G, 5) of
    class, x1, y1, x2, y2 and their mask (B, G). The whole batch at once and without a wait for the
    device: one image at a time, with a check per box, made the loss 85 % of a training step on a GPU."""
    boxes = target[..., 1:]  # (B, G, 4)
    cx, cy = centres[None, :, 0:1], centres[None, :, 1:2]  # (1, N, 1)
    x1, y1, x2, y2 = (boxes[..., k][:, None, :] for k in range(4))  # (B, 1, G)
    ltrb = torch.stack([cx - x1, cy - y1, x2 - cx, y2 - cy], dim=3)  # (B, N, G, 4)
    inside = ltrb.min(dim=3).values > 0
    near = near_centre(centres, strides, boxes, CENTRE_RADIUS)
    reach = ltrb.max(dim=3).values
    fits = (reach >= ranges[None, :, 0:1]) & (reach <= ranges[None, :, 1:2])
    area = ((x2 - x1) * (y2 - y1)).expand_as(reach)
    core = near_centre(centres, strides, boxes, 1.0)  # cells within a stride of the centre count too
    claims = ((inside & near) | core) & fits & valid[:, None, :]
    best, index = torch.where(claims, area, torch.full_like(area, float("inf"))).min(dim=2)
    index = torch.where(torch.isinf(best), torch.full_like(index, -1), index)
    # Every box gets at least one cell: a box that claimed none takes the finest-level cell nearest
    # its centre (written into a spare column where there is nothing to write).
    boxes_range = torch.arange(boxes.shape[1], device=index.device)
    claimed = (index[:, :, None] == boxes_range).any(dim=1)  # (B, G)
    distance = (cx - (x1 + x2) / 2) ** 2 + (cy - (y1 + y2) / 2) ** 2  # (B, N, G)
    finest = (strides == strides.min())[None, :, None]
    nearest = torch.where(finest, distance, torch.full_like(distance, float("inf"))).argmin(dim=1)  # (B, G)
    needy = valid & ~claimed
    spare = index.shape[1]
    index = torch.cat([index, index.new_full((index.shape[0], 1), -1)], dim=1)
    index.scatter_(1, torch.where(needy, nearest, spare), torch.where(needy, boxes_range[None], -1))
    return index[:, :spare]


ALIGN_TOPK, ALIGN_ALPHA, ALIGN_BETA = 10, 0.5, 6.0


def pairwise_iou(pred: torch.Tensor, gt: torch.Tensor) -> torch.Tensor:
    """(B, N, G): the IoU of every predicted box (B, N, 4) with every ground-truth box (B, G, 4)."""
    inter, union = overlap(pred[:, :, None, :], gt[:, None, :, :])
    return inter / union


@torch.no_grad()
def assign_aligned(target: torch.Tensor, valid: torch.Tensor, centres, strides, boxes: torch.Tensor,
                   scores: torch.Tensor, topk: int = ALIGN_TOPK, alpha: float = ALIGN_ALPHA,
                   beta: float = ALIGN_BETA) -> tuple[torch.Tensor, torch.Tensor]:
    """Task-aligned assignment: (index (B, N) of the box each cell is matched to or -1, and each cell's
    soft class target (B, N)), from the network's own boxes (B, N, 4) and class scores (B, N, C).

    A box's candidates are the cells whose centre lies inside it or within one stride of its centre
    (so that a SIM card has some on every level); of these, the `topk` with the highest
    score ** alpha * IoU ** beta become positives, a cell wanted by two boxes going to the one its box
    overlaps more. A positive's target is its alignment scaled so that the box's best cell gets that
    box's best IoU: the score is taught to rank cells by how well they find *and* fit the object,
    which is what AP and NMS go by."""
    gt = target[..., 1:]
    cls = target[..., 0].long().clamp(min=0)  # an ignored object (-1) is matched like any, then skipped
    cx, cy = centres[None, :, 0:1], centres[None, :, 1:2]
    x1, y1, x2, y2 = (gt[..., k][:, None, :] for k in range(4))
    inside = (cx > x1) & (cx < x2) & (cy > y1) & (cy < y2)
    candidate = (inside | near_centre(centres, strides, gt, 1.0)) & valid[:, None, :]  # (B, N, G)
    iou = pairwise_iou(boxes, gt)
    score = torch.gather(scores, 2, cls[:, None, :].expand(-1, scores.shape[1], -1))
    metric = score.pow(alpha) * iou.pow(beta) * candidate
    k = min(topk, metric.shape[1])
    top = metric.topk(k, dim=1).indices  # (B, k, G)
    chosen = torch.zeros_like(candidate).scatter_(1, top, True) & candidate & (metric > 0)
    # A cell chosen by several boxes goes to the one it overlaps most.
    contested = torch.where(chosen, iou, torch.full_like(iou, -1.0))
    best_iou, index = contested.max(dim=2)
    index = torch.where(best_iou >= 0, index, torch.full_like(index, -1))
    own = chosen & (torch.arange(gt.shape[1], device=index.device)[None, None, :] == index[..., None])
    aligned = metric * own
    scale = (iou * own).amax(dim=1, keepdim=True) / (aligned.amax(dim=1, keepdim=True) + 1e-9)  # (B, 1, G)
    quality = (aligned * scale).amax(dim=2)
    return index, quality


def overlap(pred: torch.Tensor, gt: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(intersection, union) of each predicted box with its own ground truth, (..., 4) x1 y1 x2 y2 each
    (shapes that broadcast: (K, 4) with (K, 4), or every box with every other)."""
    x1, y1 = torch.max(pred[..., 0], gt[..., 0]), torch.max(pred[..., 1], gt[..., 1])
    x2, y2 = torch.min(pred[..., 2], gt[..., 2]), torch.min(pred[..., 3], gt[..., 3])
    inter = (x2 - x1).clamp(min=0) * (y2 - y1).clamp(min=0)
    area_p = (pred[..., 2] - pred[..., 0]).clamp(min=0) * (pred[..., 3] - pred[..., 1]).clamp(min=0)
    area_g = (gt[..., 2] - gt[..., 0]) * (gt[..., 3] - gt[..., 1])
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
                   quality: bool = False, aligned: bool = False):
    """Sum of the classification loss and the GIoU box loss, each normalised by the positives.

    Classification is focal loss on 0/1 targets, or with `quality` the quality focal loss of GFL (Li et
    al. 2020): a positive cell's target is the IoU of its own predicted box with the object, so a score
    ranks boxes by how well they fit as well as by how sure the class is; AP and NMS both go by score.
    With `aligned` the positives and their soft targets come from `assign_aligned`; the class loss is
    then the quality focal loss, and each positive's box counts as much as its target (both normalised
    by the targets' sum), as in TOOD."""
    out = flatten(raw)  # (B, N, 4 + C)
    centres, strides, ranges = cell_grid(input_size, out.device)
    dist = torch.exp(out[..., :4].clamp(max=8.0)) * strides[None, :, None]
    boxes = torch.stack([centres[:, 0] - dist[..., 0], centres[:, 1] - dist[..., 1],
                         centres[:, 0] + dist[..., 2], centres[:, 1] + dist[..., 3]], dim=-1)
    target, valid = pad_targets(targets)
    if aligned:
        index, alignment = assign_aligned(target, valid, centres, strides, boxes.detach(),
                                          torch.sigmoid(out[..., 4:].detach()))
    else:
        index = assign(target, valid, centres, strides, ranges)  # (B, N)
    matched = torch.gather(target, 1, index.clamp(min=0)[..., None].expand(-1, -1, 5))  # (B, N, 5)
    # A faint object's cells (class -1) say nothing either way, and teach no box.
    skip = (index >= 0) & (matched[..., 0] < 0)
    counted = (~skip).float()
    pos = (index >= 0) & ~skip
    if aligned:
        value = torch.where(pos, alignment, torch.zeros_like(alignment))
    elif quality:  # a positive's target is how well its own box fits
        fit = paired_iou(boxes.detach().reshape(-1, 4), matched[..., 1:].reshape(-1, 4)).reshape(pos.shape)
        value = torch.where(pos, fit.clamp(min=0.01), torch.zeros_like(fit))
    else:
        value = pos.float()
    cls_target = torch.zeros_like(out[..., 4:]).scatter_(2, matched[..., 0:1].long().clamp(min=0), value[..., None])
    positives = pos.sum()
    norm = value.sum().clamp(min=1) if aligned else positives.clamp(min=1).float()
    soft = quality or aligned
    cls_loss = ((quality_focal_loss if soft else focal_loss)(out[..., 4:], cls_target) * counted[..., None]).sum()
    cls_loss = cls_loss / norm
    box = giou_loss(boxes.reshape(-1, 4), matched[..., 1:].reshape(-1, 4)).reshape(pos.shape)
    weight = value if aligned else pos.float()
    box_loss = torch.where(pos, box * weight, torch.zeros_like(box)).sum() / norm
    return cls_loss + 2.0 * box_loss, {"cls": cls_loss.item(), "box": box_loss.item(), "positives": int(positives)}


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
