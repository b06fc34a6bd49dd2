"""The scan on screen: zoom to pixel level, pan, fit, and the detector's marks drawn over it."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from app.detection.base import Detection, Severity

SEVERITY_COLOURS = {Severity.HIGH: QColor(230, 20, 20), Severity.MEDIUM: QColor(255, 140, 0),
                    Severity.LOW: QColor(230, 200, 0)}
MAX_ZOOM = 16.0


def to_qimage(rgb: np.ndarray) -> QImage:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()  # copy: own the pixels


class ImageView(QGraphicsView):
    zoom_changed = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setBackgroundBrush(QBrush(QColor(40, 40, 40)))
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # pixels stay pixels
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the screening screen
        self._pixmap_item = None
        self._marks = []
        self._marks_visible = True
        self._fitted = True

    def set_image(self, rgb: np.ndarray, keep_view: bool = False) -> None:
        pixmap = QPixmap.fromImage(to_qimage(rgb))
        if self._pixmap_item is None:
            self._pixmap_item = self.scene().addPixmap(pixmap)
            self._pixmap_item.setZValue(0)
        else:
            self._pixmap_item.setPixmap(pixmap)
        self.scene().setSceneRect(QRectF(pixmap.rect()))
        if not keep_view:
            self.fit()

    def set_detections(self, detections: list[Detection], labels: dict[str, str]) -> None:
        for item in self._marks:
            self.scene().removeItem(item)
        self._marks = []
        font = QFont()
        font.setPointSize(11)
        font.setBold(True)
        for d in detections:
            colour = SEVERITY_COLOURS.get(d.severity, QColor(255, 255, 0))
            pen = QPen(colour, 3)
            pen.setCosmetic(True)  # same width at any zoom
            x0, y0, x1, y1 = d.box
            rect = self.scene().addRect(QRectF(x0, y0, x1 - x0, y1 - y0), pen)
            # The label: white text on a tag of the severity colour, the same size at any zoom.
            text = QGraphicsSimpleTextItem(f"{labels.get(d.label, d.label)} {d.score:.0%}")
            text.setFont(font)
            text.setBrush(QBrush(QColor(255, 255, 255)))
            bounds = text.boundingRect()
            tag = QGraphicsRectItem(QRectF(0, 0, bounds.width() + 8, bounds.height() + 2))
            tag.setBrush(QBrush(colour))
            tag.setPen(QPen(Qt.PenStyle.NoPen))
            tag.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemIgnoresTransformations)
            text.setParentItem(tag)
            text.setPos(4, 1)
            tag.setPos(x0, y0)
            self.scene().addItem(tag)
            for item in (rect, tag):
                item.setZValue(1)
                item.setVisible(self._marks_visible)
            self._marks += [rect, tag]

    @property
    def marks_visible(self) -> bool:
        return self._marks_visible

    def set_marks_visible(self, visible: bool) -> None:
        self._marks_visible = visible
        for item in self._marks:
            item.setVisible(visible)

    def zoom_factor(self) -> float:
        return self.transform().m11()

    def zoom(self, factor: float) -> None:
        target = min(max(self.zoom_factor() * factor, 0.05), MAX_ZOOM)
        factor = target / self.zoom_factor()
        self.scale(factor, factor)
        self._fitted = False
        self.zoom_changed.emit(self.zoom_factor())

    def fit(self) -> None:
        if self._pixmap_item is not None:
            self.fitInView(self._pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)
            self._fitted = True
            self.zoom_changed.emit(self.zoom_factor())

    def pan(self, dx: int, dy: int) -> None:
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + dx)
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + dy)

    def wheelEvent(self, event):  # noqa: N802 (Qt naming)
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)

    def resizeEvent(self, event):  # noqa: N802
        super().resizeEvent(event)
        if self._fitted:
            self.fit()
