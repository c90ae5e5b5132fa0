"""Swedish numbers and files: Bankgiro OCR references, Bankgiro and PlusGiro numbers,
BgMax, Autogiro, Bankgirot's HMAC seal, SIE."""
