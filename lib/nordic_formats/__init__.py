"""Nordic payment and bookkeeping formats, free of any framework.

Reference numbers (Bankgiro OCR, KID), bank files (BgMax, Autogiro, Nets OCR giro,
AvtaleGiro) and SIE 4 bookkeeping files. The Odoo addons of this project build on it; it
never imports Odoo.
"""

__version__ = "0.1.0"
