"""Swedish numbers and files: Bankgiro OCR references, Bankgiro and PlusGiro numbers,
BgMax, Autogiro, SIE."""
