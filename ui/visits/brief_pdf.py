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
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QDialog, QWidget

from planner.store.atomic import atomic_write_bytes
from planner.visits.brief import BriefData, BriefLimits, brief_html, shrink

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


def keep_blocks_whole(doc: QTextDocument) -> None:
    """Start on the next page any paragraph that would be cut by a page break (the full brief
    is one column of paragraphs: a follow-up or a moment is never split across two pages)."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    for _round in range(200):  # each round moves one paragraph; a brief has far fewer
        block = doc.begin()
        moved = False
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            top, bottom = rect.top(), rect.bottom()
            page_end = (int(top // height) + 1) * height
            policy = block.blockFormat().pageBreakPolicy()
            already = bool(policy & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            if bottom > page_end + 0.5 and rect.height() < height and top > 0 and not already:
                cursor = QTextCursor(block)
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setBlockFormat(fmt)
                moved = True
                break
            block = block.next()
        if not moved:
            return


def fit_one_page(data: BriefData, device: QPagedPaintDevice) -> tuple[QTextDocument, BriefLimits]:
    """The brief laid out for ``device``, cut down (planner.visits.brief.shrink) until it
    takes one page; what is left out is counted on the page ("+3 more follow-ups")."""
    limits = BriefLimits()
    while True:
        doc = _best_placement(data, limits, device)
        smaller = shrink(limits, data) if doc.pageCount() > 1 else None
        if smaller is None:
            return doc, limits
        limits = smaller


def _best_placement(data: BriefData, limits: BriefLimits, device: QPagedPaintDevice) -> QTextDocument:
    """The brief with the last two sections in whichever columns make it one page, if any do
    (the first guess, from a count of lines, usually does)."""
    doc = layout_document(brief_html(data, limits), device)
    for sides in ((0, 1), (1, 0), (0, 0), (1, 1)):
        if doc.pageCount() == 1:
            break
        doc = layout_document(brief_html(data, limits, sides=sides), device)
    return doc


def brief_document(data: BriefData, device: QPagedPaintDevice, *, full: bool = False) -> QTextDocument:
    """The one-page brief, or with ``full`` all of it over as many pages as it takes."""
    if not full:
        return fit_one_page(data, device)[0]
    doc = layout_document(brief_html(data, full=True), device)
    if doc.pageCount() > 1:
        keep_blocks_whole(doc)
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


def render_pdf(html: str | BriefData, title: str, page_size: QPageSize | None = None, *,
               full: bool = False) -> tuple[bytes, int]:
    """The brief as PDF bytes, and how many pages it took. Given the brief's data (not HTML),
    it is fitted to one page, or laid out in full over several with ``full``."""
    out = QByteArray()
    buffer = QBuffer(out)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(title)
    writer.setCreator("Amends")
    _setup(writer, page_size or default_page_size())
    doc = layout_document(html, writer) if isinstance(html, str) else brief_document(
        html, writer, full=full)
    pages = paint_document(doc, writer, title)
    del writer  # the writer finishes the file when it goes away
    buffer.close()
    return bytes(out.data()), pages


def write_pdf(html: str | BriefData, path: Path, title: str, page_size: QPageSize | None = None,
              *, full: bool = False) -> int:
    """Write the brief to path in one step (never half a file); returns the page count.

    Given the brief's data it fits one page (or, with ``full``, runs on whole). Raises
    planner.store.atomic.ExportError, which says what to do, when path cannot be written.
    """
    pdf, pages = render_pdf(html, title, page_size, full=full)
    atomic_write_bytes(Path(path), pdf)
    return pages


def print_brief(html: str | BriefData, title: str, parent: QWidget | None = None, *,
                full: bool = False) -> bool:
    """Ask which printer, then print; False when the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    _setup(printer, default_page_size())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the visit brief")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    doc = layout_document(html, printer) if isinstance(html, str) else brief_document(
        html, printer, full=full)
    paint_document(doc, printer, title)
    return True
