"""Nordic payment and bookkeeping formats, free of any framework.

Reference numbers (Bankgiro OCR, KID), bank files (BgMax, Autogiro, Nets OCR giro,
AvtaleGiro), SIE 4 bookkeeping files and the Swedish and Norwegian bank-day calendars
(``bankdays``). The Odoo addons of this project build on it; it never imports Odoo.
"""

__version__ = "0.1.0"
