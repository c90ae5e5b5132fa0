"""Norwegian numbers and files: KID, Nets OCR giro, AvtaleGiro."""
