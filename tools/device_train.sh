#!/usr/bin/env bash
# Train the detector on a lent GPU machine (the `device` tool) in one call, within its 10 minutes:
#
#   run(command="tools/device_train.sh", timeout_s=600)
#
# It generates the training and validation sets on all the machine's cores (the same recipe as
# models/TRAINING.md, "The stages of the network"), trains on from the last training state (models/detector-train-state.pt)
# on the GPU with the learning rate decaying over TRAIN_SECONDS, and leaves the run's folder under
# $OUT/run: detector.onnx, detector.json, last.pt and train.log. last.pt is written after every epoch,
# so a call cut short still brings back a state to export here:
#   python -m app.training.train ... --out runs/device --export-only   (with last.pt copied there)
# Knobs (environment): COUNT, SEED, VAL_COUNT, SIZE, CROP, EPOCHS, BATCH, LR, TRAIN_SECONDS, WORKERS, INIT (empty: from
# scratch), WIDTH (empty: INIT's; larger grows it, see app/training/widen.py), FINE_BLOCKS (empty: INIT's; more
# adds stride-8 blocks, see app/training/model.py), IGNORE_UNDER (objects under this
# contrast are left out of the loss; 0: none), ASSIGNER (aligned, as the shipped model was trained since stage 17, or
# centre), DATA (where the scans go), PY, VAL_EVERY, and DEADLINE: seconds for
# the whole script, which then trains for what is left of them once the scans are made, less RESERVE seconds
# for validation and export (the call's own limit is 10 minutes, and how fast that machine's cores make
# scans is known only there).
# Nothing is installed: the machine has torch, onnx, onnxruntime, opencv and tqdm.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-out}
COUNT=${COUNT:-12000}
SEED=${SEED:-1}
VAL_COUNT=${VAL_COUNT:-800}
SIZE=${SIZE:-640}
# The training window: at 640 px a knife or a bottle is up to 370 px long, and a 320 px window cut them.
CROP=${CROP:-416}
EPOCHS=${EPOCHS:-60}
BATCH=${BATCH:-32}
LR=${LR:-2e-3}
TRAIN_SECONDS=${TRAIN_SECONDS:-360}
WORKERS=${WORKERS:-$(( $(nproc) - 1 ))}
INIT=${INIT-models/detector-train-state.pt}
IGNORE_UNDER=${IGNORE_UNDER:-0}
ASSIGNER=${ASSIGNER:-aligned}
DATA=${DATA:-data/device}
DEADLINE=${DEADLINE:-}
RESERVE=${RESERVE:-75}
VAL_EVERY=${VAL_EVERY:-5}
PY=${PY:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$OUT/run" "$DATA"
t0=$(date +%s)
$PY -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name() if torch.cuda.is_available() else 'CPU only')"
$PY -m app sim generate --count "$COUNT" --seed "$SEED" --out "$DATA/train" --no-raw --rgb-format jpg \
    --clean-fraction 0.25 --without-held-out-variants --workers "$(nproc)" 2>"$OUT/generate.log" || { tail -c 3000 "$OUT/generate.log"; exit 1; }
$PY -m app sim generate --count "$VAL_COUNT" --seed 3 --out "$DATA/val" --no-raw --rgb-format jpg --workers "$(nproc)" \
    2>>"$OUT/generate.log" || { tail -c 3000 "$OUT/generate.log"; exit 1; }
echo "data ready in $(( $(date +%s) - t0 )) s"
if [ -n "$DEADLINE" ]; then
    TRAIN_SECONDS=$(( DEADLINE - ($(date +%s) - t0) - RESERVE ))
    [ "$TRAIN_SECONDS" -ge 30 ] || { echo "DEADLINE $DEADLINE leaves no time to train"; exit 1; }
fi
echo "training for $TRAIN_SECONDS s"
init=()
[ -n "$INIT" ] && init=(--init "$INIT")
[ -n "${WIDTH:-}" ] && init+=(--width "$WIDTH")
[ -n "${FINE_BLOCKS:-}" ] && init+=(--fine-blocks "$FINE_BLOCKS")
$PY -m app.training.train --data "$DATA/train" --val "$DATA/val" --out "$OUT/run" "${init[@]}" --size "$SIZE" --crop "$CROP" \
    --epochs "$EPOCHS" --batch "$BATCH" --lr "$LR" --warmup 200 --workers "$WORKERS" --val-every "$VAL_EVERY" --ema 0.999 \
    --time-limit "$TRAIN_SECONDS" --ignore-under-contrast "$IGNORE_UNDER" --assigner "$ASSIGNER" --focus-fraction 0.75 \
    --focus-weights drugs=5,syringe=5,sim_card=5,knife=3,lighter=2,battery=1.5,scissors=1.5,gun=0.5,alcohol=1 \
    2>&1 | { grep -v " step " || true; }  # the log file keeps every step; a failed training still fails here
rm -f "$OUT/run/last.tmp"
echo "all done in $(( $(date +%s) - t0 )) s"
