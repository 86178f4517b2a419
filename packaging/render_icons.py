"""Render resources/icons/amends.svg to the PNG sizes, a Windows .ico and a macOS .icns.

Run with `make icons` after editing the SVG; the outputs are committed so a build needs no
rendering step. Qt's own SVG renderer (QtSvg, part of PySide6-Essentials) draws every size,
so the icons look the same as the window icon Qt draws at run time.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "amends.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# The icns element types that hold PNG data, by pixel size (1024 is the 512@2x slot).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08",
              512: b"ic09", 1024: b"ic10"}
# Below this size the stitches blur into a smudge; small icons show the seam alone.
SMALL = 32


def svg_for(size: int) -> bytes:
    """The SVG to draw at this size: the small ones drop the stitches and thicken the seam."""
    text = SVG.read_text(encoding="utf-8")
    if size <= SMALL:
        start = text.index('<g id="stitches"')
        end = text.index("</g>", start) + len("</g>")
        text = text[:start] + text[end:]
        text = text.replace('stroke-width="22"', 'stroke-width="34"')
    return text.encode("utf-8")


def render_png(size: int) -> bytes:
    """One square PNG of the icon, transparent around the bubble."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_for(size)))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not a valid SVG file.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG-compressed images (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = pngs[size]
        # A width or height of 0 in the directory means 256 pixels.
        side = size if size < 256 else 0
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: the magic, the total length, then one (type, length, PNG) per size."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", len(blob) + 8) + blob
        for size, blob in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    """Write amends-SIZE.png for each size, amends.ico and amends.icns beside the SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendered = {size: render_png(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, 1024})}
    for size in PNG_SIZES:
        (ICONS / f"amends-{size}.png").write_bytes(rendered[size])
    (ICONS / "amends.ico").write_bytes(ico_bytes({s: rendered[s] for s in ICO_SIZES}))
    (ICONS / "amends.icns").write_bytes(icns_bytes({s: rendered[s] for s in ICNS_TYPES}))
    print(f"render_icons: wrote {len(PNG_SIZES)} PNGs, amends.ico and amends.icns to {ICONS}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
