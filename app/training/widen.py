"""Grow a trained detector to a wider one that computes the same function (Net2WiderNet, Chen et al. 2016).

The network is capacity-bound, not data-bound: stage 5 scores about the same on scans it trained on
as on held-out ones (mAP@0.5 0.77 against 0.75). A wider network from scratch would throw away the
hours of CPU training behind the shipped one; widened this way it starts where the narrow one stands
and trains on with the extra channels.

Every feature map of CheckpointDetector lives in one "channel space": the stem's, each backbone
stage's, and the feature pyramid's. A wider space keeps its old channels and adds copies of randomly
chosen ones. A layer that writes into a space copies the weights (and BatchNorm statistics) of the
channels it copies; a pointwise layer that reads from it splits each old channel's weight between the
channel and its copies, so the sum over them is unchanged. Depthwise layers and residual sums work
channel by channel and need nothing more. The copies would learn in lockstep with their originals, so
the split is uneven (random shares) and the copies' incoming weights get a little noise: that changes
the function by about `noise` in relative terms, and lets them diverge.
"""
from __future__ import annotations

import torch

from .model import CheckpointDetector

BACKBONE = ("stem", "stage1", "stage2", "stage3", "stage4")


def channel_spaces(model: CheckpointDetector) -> dict[str, tuple[str | None, str | None]]:
    """conv module name -> (space it writes, space it reads), None for the image and the output.
    The BatchNorm after a conv (`name[:-1] + "1"`) is in the space the conv writes."""
    spaces: dict[str, tuple[str | None, str | None]] = {"stem.0": ("stem", None)}

    def block(prefix: str, cin: str, cout: str) -> None:
        spaces[f"{prefix}.body.0.0"] = (cin, cin)  # depthwise: channel to channel
        spaces[f"{prefix}.body.1.0"] = (cout, cin)

    for previous, name in zip(BACKBONE, BACKBONE[1:]):
        for i in range(len(getattr(model, name))):
            block(f"{name}.{i}", previous if i == 0 else name, name)
    for i, source in enumerate(("stage2", "stage3", "stage4")):  # the pyramid's inputs, strides 8/16/32
        spaces[f"lateral.{i}.0"] = ("neck", source)
        block(f"smooth.{i}", "neck", "neck")
        block(f"heads.{i}.0", "neck", "neck")
        spaces[f"heads.{i}.1"] = (None, "neck")
    return spaces


def widen(model: CheckpointDetector, width: float, noise: float = 0.01, seed: int = 0) -> CheckpointDetector:
    """A CheckpointDetector of `width` (at least the model's in every space) starting from `model`'s weights."""
    if model.fine_blocks:
        raise ValueError("a network with fine blocks is not widened here (widen first, then add them)")
    wider = CheckpointDetector(model.num_classes, width, model.input_size)
    spaces = channel_spaces(model)
    old, new = model.state_dict(), wider.state_dict()
    if set(old) != set(new):
        raise ValueError("the two networks differ in more than width")
    generator = torch.Generator().manual_seed(seed)
    # Per space: which old channel each new channel copies, and the share of that old channel's
    # outgoing weight it carries (the shares of an old channel and its copies sum to 1).
    source: dict[str, torch.Tensor] = {}
    share: dict[str, torch.Tensor] = {}
    for conv, (out_space, _) in spaces.items():
        if out_space is None or out_space in source:
            continue
        n_old, n_new = old[f"{conv}.weight"].shape[0], new[f"{conv}.weight"].shape[0]
        if n_new < n_old:
            raise ValueError(f"width {width} narrows the {out_space} channels ({n_old} to {n_new})")
        extra = torch.randint(0, n_old, (n_new - n_old,), generator=generator)
        index = torch.cat([torch.arange(n_old), extra])
        raw = 0.5 + torch.rand(n_new, generator=generator)  # 0.5..1.5: uneven, never near zero
        total = torch.zeros(n_old).index_add_(0, index, raw)
        source[out_space], share[out_space] = index, raw / total[index]
    result = {}
    for conv, (out_space, in_space) in spaces.items():
        weight = old[f"{conv}.weight"]
        depthwise = weight.shape[1] == 1  # one input channel per group (every other layer reads 3 or more)
        if out_space is not None:
            index = source[out_space]
            weight = weight[index].clone()
            copies = torch.arange(len(index)) >= old[f"{conv}.weight"].shape[0]
            weight[copies] *= 1 + noise * torch.randn(weight[copies].shape, generator=generator)
            bn = conv[:-1] + "1"
            for key in ("weight", "bias", "running_mean", "running_var"):
                result[f"{bn}.{key}"] = old[f"{bn}.{key}"][index].clone()
            result[f"{bn}.num_batches_tracked"] = old[f"{bn}.num_batches_tracked"].clone()
        if in_space is not None and not depthwise:
            weight = weight[:, source[in_space]] * share[in_space].view(1, -1, 1, 1)
        result[f"{conv}.weight"] = weight
        if f"{conv}.bias" in old:  # the heads' last conv writes class scores: unchanged
            result[f"{conv}.bias"] = old[f"{conv}.bias"].clone()
    missing = set(new) - set(result)
    if missing:
        raise ValueError(f"no channel space known for {sorted(missing)[:3]}")
    wider.load_state_dict(result)
    return wider
