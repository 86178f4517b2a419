"""The visit brief on paper: HTML laid out by QTextDocument into a PDF file or onto a printer."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QDialog, QWidget

from planner.store.atomic import atomic_write_bytes

MARGIN_MM = 11.0
FOOTER_MM = 6.0  # room for "page 2 of 2" when a long incident spills over
PDF_DPI = 300


def default_page_size() -> QPageSize:
    """Letter where people use US measures, A4 everywhere else."""
    if QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def _setup(device: QPagedPaintDevice, page_size: QPageSize) -> None:
    layout = QPageLayout(page_size, QPageLayout.Orientation.Portrait,
                         QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                         QPageLayout.Unit.Millimeter)
    device.setPageLayout(layout)


def _footer_height(device: QPagedPaintDevice) -> float:
    return FOOTER_MM / 25.4 * device.logicalDpiY()


def layout_document(html: str, device: QPagedPaintDevice) -> QTextDocument:
    """The brief laid out in pages of the device's printable size (fonts in true points)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDocumentMargin(0)
    doc.setDefaultFont(QFont("DejaVu Sans", 10))
    # Lists and nested blocks indent by a few millimetres, not Qt's default 40 pixels.
    doc.setIndentWidth(4 / 25.4 * device.logicalDpiX())
    doc.setPageSize(QSizeF(device.width(), device.height()))
    doc.setHtml(html)
    if doc.pageCount() > 1:
        # Only a brief that spills over needs page numbers; one page keeps every millimetre.
        doc.setPageSize(QSizeF(device.width(), device.height() - _footer_height(device)))
    return doc


def paint_document(doc: QTextDocument, device: QPagedPaintDevice, footer: str) -> int:
    """Paint every page of doc on device; a brief of several pages numbers them. Returns pages."""
    pages = doc.pageCount()
    page = doc.pageSize()
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor("#111111"))  # paper is white in dark mode too
    context.palette = palette
    painter = QPainter(device)
    try:
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * page.height())
            context.clip = QRectF(0, index * page.height(), page.width(), page.height())
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            if pages > 1:
                font = QFont(doc.defaultFont())
                font.setPointSizeF(8.5)
                painter.setFont(font)
                painter.setPen(QColor("#666666"))
                area = QRectF(0, page.height(), page.width(), _footer_height(device))
                painter.drawText(area, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                                 f"{footer} · page {index + 1} of {pages}")
    finally:
        painter.end()
    return pages


def render_pdf(html: str, title: str, page_size: QPageSize | None = None) -> tuple[bytes, int]:
    """The brief as PDF bytes, and how many pages it took."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("Amends")
    _setup(writer, page_size or default_page_size())
    pages = paint_document(layout_document(html, writer), writer, title)
    del writer  # the writer finishes the file when it goes away
    buffer.close()
    return bytes(data.data()), pages


def write_pdf(html: str, path: Path, title: str, page_size: QPageSize | None = None) -> int:
    """Write the brief to path in one step (never half a file); returns the page count.

    Raises planner.store.atomic.ExportError, which says what to do, when path cannot be written.
    """
    data, pages = render_pdf(html, title, page_size)
    atomic_write_bytes(Path(path), data)
    return pages


def print_brief(html: str, title: str, parent: QWidget | None = None) -> bool:
    """Ask which printer, then print; False when the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    _setup(printer, default_page_size())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the visit brief")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_document(layout_document(html, printer), printer, title)
    return True
