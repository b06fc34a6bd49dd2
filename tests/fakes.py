"""Stand-ins shared by the tests: a detector whose findings the test chooses."""
from app.detection.base import Detector


class FixedDetector(Detector):
    name, version = "fixed", "1"

    def __init__(self, detections=(), fail=False):
        self.detections, self.fail = list(detections), fail

    def detect(self, rgb, high=None, low=None, air_high=None, air_low=None):
        if self.fail:
            raise RuntimeError("model exploded")
        return list(self.detections)
