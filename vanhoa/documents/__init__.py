"""Vietnamese administrative documents (NĐ 30/2020/NĐ-CP) as DOCX, and their conversion to PDF.

The builders and converters (nd30, rows, pdf, office, annex_pdf, certificates_pdf, recipes, scratch) are pure
Python, no Django imports, so they run anywhere; the web side is in models (PdfJob), jobs, responses (the one
download response, pdf_response) and views. This package imports only the pure part.
"""

from .nd30 import (
    BLANK,
    FONT_NAME,
    DocumentHeader,
    Nd30Document,
    Signature,
    nd30_date_line,
    number_line,
)
from .pdf import (
    DocumentConversionError,
    docx_to_pdf,
    pdf_to_png_pages,
    soffice_available,
)

__all__ = [
    "BLANK",
    "FONT_NAME",
    "DocumentConversionError",
    "DocumentHeader",
    "Nd30Document",
    "Signature",
    "docx_to_pdf",
    "nd30_date_line",
    "number_line",
    "pdf_to_png_pages",
    "soffice_available",
]
