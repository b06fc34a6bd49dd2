"""NEMA DICOS (Digital Imaging and Communications in Security, NEMA IIC 1) in pure Python on pydicom:
our scans as DICOS DX objects, the detector's findings and the operator's decision as Threat
Detection Reports (TDR), and DX objects read back into a `Scan`.

What is written (one folder per parcel, one study):
  - `<stem>_high.dcm`, `<stem>_low.dcm`: DICOS Digital X-Ray Image Storage - For Processing
    (1.2.840.10008.5.1.4.1.1.501.2.2), 16-bit MONOCHROME2 counts of each energy, Image Type value 3
    HIGH or LOW, imager pixel spacing, the scanner as Device Serial Number, acquisition time, and
    the air level of each channel in a private block ("CHECKPOINT 1", group 0x0011);
    or, for a scanner that gives only a colour image, `<stem>.dcm`: DICOS DX - For Presentation
    (…501.2.1) with the colour image as RGB.
  - `<stem>_tdr_machine.dcm`: DICOS Threat Detection Report Storage (…501.3), TDR Type MACHINE,
    Threat Detection Algorithm and Version, Alarm Decision (ALARM/CLEAR) and its time, Number of
    Total/Alarm Objects, Total Processing Time, and a Threat Sequence: per finding a Potential
    Threat Object ID, the referenced DX instance, an ATD Assessment (Threat Category, Threat
    Category Description = our class name, ATD Ability Assessment, ATD Assessment Flag THREAT, ATD
    Assessment Probability = the score) and a PTO Representation (Threat ROI Base and Extents, and a
    Bounding Polygon of the box's corners, z = 0 for a projection image).
  - `<stem>_tdr_operator.dcm`: the same with TDR Type OPERATOR, Operators' Name, Alarm Decision from
    the decision (flag or reject = ALARM), and each machine finding assessed THREAT or NO_THREAT.

Tag names, VRs and SOP Class UIDs are pydicom's DICOM dictionary (DICOS is registered in DICOM PS3.6).
Coverage and the defined terms used are listed in ARCHITECTURE.md (DICOS).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .base import Scan

DX_PRESENTATION = "1.2.840.10008.5.1.4.1.1.501.2.1"
DX_PROCESSING = "1.2.840.10008.5.1.4.1.1.501.2.2"
TDR_STORAGE = "1.2.840.10008.5.1.4.1.1.501.3"
PRIVATE_CREATOR = "CHECKPOINT 1"
# Our classes as DICOS threat categories (defined terms); the class itself goes in the description.
CATEGORY = {"gun": "FIREARM", "knife": "PROHIBITED_ITEM", "scissors": "PROHIBITED_ITEM", "syringe": "PROHIBITED_ITEM",
            "phone": "CONTRABAND", "sim_card": "CONTRABAND", "battery": "PROHIBITED_ITEM", "drugs": "CONTRABAND",
            "alcohol": "CONTRABAND", "lighter": "PROHIBITED_ITEM", "opaque": "ANOMALY"}


class DicosError(Exception):
    pass


@dataclass(frozen=True)
class Threat:
    label: str
    score: float | None
    box: tuple[int, int, int, int]
    flag: str = "THREAT"  # ATD Assessment Flag: THREAT | NO_THREAT | UNKNOWN


@dataclass(frozen=True)
class Report:
    tdr_type: str  # MACHINE | OPERATOR
    alarm: str  # ALARM | CLEAR
    threats: list[Threat]
    algorithm: str | None = None
    operator: str | None = None
    referenced_sop: str | None = None


def _uid() -> str:
    from pydicom.uid import generate_uid

    return generate_uid()


def _base(sop_class: str, study: str, series: str, modality: str, at: datetime, ooi_id: str):
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = _uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.Modality = modality
    local = at.astimezone()
    ds.StudyDate = ds.ContentDate = local.strftime("%Y%m%d")
    ds.StudyTime = ds.ContentTime = local.strftime("%H%M%S.%f")
    ds.Manufacturer = "Checkpoint"
    ds.PatientID = ooi_id  # in DICOS the Patient module's identifiers name the object of inspection
    ds.PatientName = ""
    ds.OOIType = "BAGGAGE"
    ds.SpecificCharacterSet = "ISO_IR 192"  # UTF-8: Cyrillic names stay as they are
    return ds


def _dx(scan: Scan, pixels: np.ndarray, kind: str, study: str, series: str, ooi_id: str, number: int):
    processing = kind in ("HIGH", "LOW")
    ds = _base(DX_PROCESSING if processing else DX_PRESENTATION, study, series, "DX", scan.completed_at, ooi_id)
    ds.ImageType = ["ORIGINAL", "PRIMARY", kind]
    ds.PresentationIntentType = "FOR PROCESSING" if processing else "FOR PRESENTATION"
    ds.InstanceNumber = number
    ds.DeviceSerialNumber = scan.scanner_id
    ds.AcquisitionDateTime = scan.completed_at.astimezone().strftime("%Y%m%d%H%M%S.%f%z")
    ds.Rows, ds.Columns = int(pixels.shape[0]), int(pixels.shape[1])
    if scan.pixel_mm:
        ds.ImagerPixelSpacing = [float(scan.pixel_mm), float(scan.pixel_mm)]
    if processing:
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated = ds.BitsStored = 16
        ds.HighBit, ds.PixelRepresentation = 15, 0
        ds.PixelIntensityRelationship, ds.PixelIntensityRelationshipSign = "LIN", 1
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = 0, 1, "US"
        ds.PixelData = np.ascontiguousarray(pixels.astype("<u2")).tobytes()
        air = scan.air_high if kind == "HIGH" else scan.air_low
        if air:
            ds.private_block(0x0011, PRIVATE_CREATOR, create=True).add_new(0x01, "FL", float(air))
    else:
        ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        ds.PixelData = np.ascontiguousarray(pixels.astype(np.uint8)).tobytes()
    return ds


def _tdr(report: Report, study: str, ooi_id: str, at: datetime, dx_sop: tuple[str, str], number: int,
         processing_ms: float | None):
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    ds = _base(TDR_STORAGE, study, _uid(), "TDR", at, ooi_id)
    ds.InstanceNumber = number
    ds.TDRType = report.tdr_type
    if report.algorithm:
        # LO holds 64 characters and the attribute takes several values: one for each detector that looked.
        values = [v.strip()[:64] for v in report.algorithm.split(";") if v.strip()]
        if values:
            ds.ThreatDetectionAlgorithmAndVersion = values if len(values) > 1 else values[0]
    if report.operator:
        ds.OperatorsName = report.operator
    ds.AlarmDecision = report.alarm
    ds.AlarmDecisionTime = at.astimezone().strftime("%Y%m%d%H%M%S.%f%z")
    ds.NumberOfTotalObjects = len(report.threats)
    ds.NumberOfAlarmObjects = sum(t.flag == "THREAT" for t in report.threats)
    if processing_ms is not None:
        ds.TotalProcessingTime = float(processing_ms)

    def reference():
        ref = Dataset()
        ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = dx_sop
        return Sequence([ref])

    items = []
    for n, t in enumerate(report.threats, start=1):
        item = Dataset()
        item.PotentialThreatObjectID = n
        item.ReferencedInstanceSequence = reference()
        assessment = Dataset()
        assessment.ThreatCategory = CATEGORY.get(t.label, "UNKNOWN")
        assessment.ThreatCategoryDescription = t.label
        assessment.ATDAbilityAssessment = "NO_INTERFERENCE"
        assessment.ATDAssessmentFlag = t.flag
        if t.score is not None:
            assessment.ATDAssessmentProbability = float(t.score)
        item.ATDAssessmentSequence = Sequence([assessment])
        pto = Dataset()
        pto.ReferencedInstanceSequence = reference()
        x0, y0, x1, y1 = (float(v) for v in t.box)
        pto.ThreatROIBase = [x0, y0, 0.0]
        pto.ThreatROIExtents = [x1 - x0, y1 - y0, 0.0]
        pto.BoundingPolygon = [x0, y0, 0.0, x1, y0, 0.0, x1, y1, 0.0, x0, y1, 0.0]
        item.PTORepresentationSequence = Sequence([pto])
        items.append(item)
    ds.ThreatSequence = Sequence(items)
    return ds


def export_scan(folder: Path, scan: Scan, machine: Report | None = None, operator: Report | None = None,
                ooi_id: str | None = None, stem: str | None = None, processing_ms: float | None = None) -> list[Path]:
    """Write the scan (and its reports) as DICOS objects into `folder`; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem or scan.scan_id
    ooi_id = ooi_id or scan.scan_id
    study, series = _uid(), _uid()
    written = []
    if scan.dual_energy:
        images = [("HIGH", scan.high, f"{stem}_high.dcm"), ("LOW", scan.low, f"{stem}_low.dcm")]
    else:
        images = [("COLOUR", scan.rgb, f"{stem}.dcm")]
    first = None
    for n, (kind, pixels, name) in enumerate(images, start=1):
        ds = _dx(scan, pixels, kind, study, series, ooi_id, n)
        first = first or (ds.SOPClassUID, ds.SOPInstanceUID)
        ds.save_as(folder / name, enforce_file_format=True)
        written.append(folder / name)
    for n, (report, suffix) in enumerate(((machine, "machine"), (operator, "operator")), start=len(images) + 1):
        if report is None:
            continue
        ds = _tdr(report, study, ooi_id, scan.completed_at, first, n, processing_ms if suffix == "machine" else None)
        ds.save_as(folder / f"{stem}_tdr_{suffix}.dcm", enforce_file_format=True)
        written.append(folder / f"{stem}_tdr_{suffix}.dcm")
    return written


# -- reading -------------------------------------------------------------------------------------------
def _read(path: Path):
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        return pydicom.dcmread(str(path))
    except (InvalidDicomError, OSError, ValueError, EOFError) as exc:
        raise DicosError(f"{Path(path).name}: not a readable DICOS file ({exc})") from exc


def dx_kind(ds) -> str:
    """HIGH, LOW (an energy of a For Processing pair) or COLOUR/GREY (an image for presentation)."""
    image_type = [str(v).upper() for v in (ds.get("ImageType") or [])]
    for kind in ("HIGH", "LOW"):
        if kind in image_type[2:]:
            return kind
    return "COLOUR" if ds.get("SamplesPerPixel", 1) == 3 else "GREY"


def read_dx(paths: list[Path]) -> Scan:
    """One parcel from its DX file(s): a HIGH/LOW pair, or one presentation image (RGB or grey)."""
    from app.imaging.render import estimate_air_level, render_pseudocolour

    images, first = {}, None
    for path in paths:
        ds = _read(path)
        if str(ds.get("SOPClassUID", "")) not in (DX_PROCESSING, DX_PRESENTATION, "1.2.840.10008.5.1.4.1.1.1.1",
                                                   "1.2.840.10008.5.1.4.1.1.1.1.1"):
            raise DicosError(f"{Path(path).name}: not a DX image (SOP Class {ds.get('SOPClassUID')})")
        try:
            pixels = ds.pixel_array
        except Exception as exc:  # pydicom raises several kinds for damaged or unsupported pixel data
            raise DicosError(f"{Path(path).name}: pixel data unreadable ({exc})") from exc
        kind = dx_kind(ds)
        air = None
        block = ds.private_block(0x0011, PRIVATE_CREATOR) if (0x0011, 0x0010) in ds else None
        if block is not None and block.get_tag(0x01) in ds:
            air = float(block[0x01].value)
        images[kind] = (pixels, air)
        first = first or ds
    when = datetime.now(timezone.utc)
    if first is not None and first.get("AcquisitionDateTime"):
        text = str(first.AcquisitionDateTime)
        for fmt in ("%Y%m%d%H%M%S.%f%z", "%Y%m%d%H%M%S.%f", "%Y%m%d%H%M%S%z", "%Y%m%d%H%M%S"):
            try:
                when = datetime.strptime(text, fmt).astimezone(timezone.utc)  # naive: the site's local time
                break
            except ValueError:
                continue
    spacing = first.get("ImagerPixelSpacing") if first is not None else None
    common = dict(scanner_id=str(first.get("DeviceSerialNumber") or "dicos"), pixel_mm=float(spacing[0]) if spacing else None,
                  started_at=when, completed_at=when, source=str(paths[0]),
                  meta={"ooi_id": str(first.get("PatientID", "")), "study": str(first.get("StudyInstanceUID", ""))})
    if "HIGH" in images and "LOW" in images:
        (high, air_h), (low, air_l) = images["HIGH"], images["LOW"]
        high, low = high.astype(np.uint16), low.astype(np.uint16)
        air_h, air_l = air_h or estimate_air_level(high), air_l or estimate_air_level(low)
        rgb = render_pseudocolour(high, low, air_high=air_h, air_low=air_l)
        return Scan(rgb=rgb, high=high, low=low, air_high=air_h, air_low=air_l, **common)
    for kind in ("COLOUR", "GREY"):
        if kind in images:
            pixels = images[kind][0]
            if pixels.dtype != np.uint8:
                pixels = (pixels.astype(np.float32) * (255.0 / max(float(pixels.max()), 1.0))).astype(np.uint8)
            rgb = pixels if pixels.ndim == 3 else np.repeat(pixels[..., None], 3, axis=2)
            return Scan(rgb=np.ascontiguousarray(rgb), **common)
    raise DicosError("an energy image without its partner")


def read_tdr(path: Path) -> Report:
    ds = _read(path)
    if str(ds.get("SOPClassUID", "")) != TDR_STORAGE:
        raise DicosError(f"{Path(path).name}: not a Threat Detection Report")
    threats, ref = [], None
    for item in ds.get("ThreatSequence", []):
        a = item.ATDAssessmentSequence[0]
        pto = item.PTORepresentationSequence[0]
        x0, y0, _ = pto.ThreatROIBase
        w, h, _ = pto.ThreatROIExtents
        ref = ref or str(pto.ReferencedInstanceSequence[0].ReferencedSOPInstanceUID)
        threats.append(Threat(str(a.get("ThreatCategoryDescription") or a.ThreatCategory),
                              float(a.ATDAssessmentProbability) if "ATDAssessmentProbability" in a else None,
                              (round(x0), round(y0), round(x0 + w), round(y0 + h)), str(a.ATDAssessmentFlag)))
    algorithm = ds.get("ThreatDetectionAlgorithmAndVersion")
    if algorithm is not None and not isinstance(algorithm, str):  # several values: one a detector
        algorithm = "; ".join(str(v) for v in algorithm)
    return Report(str(ds.TDRType), str(ds.AlarmDecision), threats, algorithm,
                  str(ds.OperatorsName) if "OperatorsName" in ds else None, ref)
