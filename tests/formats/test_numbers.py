"""Reference and account numbers: vectors from formats.md §1 and §4, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nordic_formats.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from nordic_formats.no import kid
from nordic_formats.se import bankgiro, ocr, plusgiro
from nordic_formats.se.ocr import ControlLevel

payloads = st.text(alphabet="0123456789", min_size=1, max_size=22)


class TestBankgiroOcr:
    def test_vectors(self):
        assert ocr.create("123", length_digit=False) == "1230"
        assert ocr.create("1234567890") == "123456789023"
        assert ocr.create("1234567890", pad="0") == "1234567890037"
        assert ocr.validate("00", ControlLevel.HARD) == "00"

    def test_sample_references_have_length_digit(self):
        for ref in ("655969", "657866", "658765", "657767", "650861", "659763", "658260", "801266"):
            assert ocr.validate(ref, ControlLevel.VARIABLE) == ref

    def test_wrong_check_digit(self):
        for level in ControlLevel:
            with pytest.raises(InvalidChecksum):
                ocr.validate("1231", level, lengths=(4,))

    def test_wrong_length_digit(self):
        assert ocr.validate("12369", ControlLevel.HARD)  # Luhn alone is fine
        with pytest.raises(InvalidChecksum, match="length digit"):
            ocr.validate("12369", ControlLevel.VARIABLE)

    def test_fixed_lengths(self):
        ref = ocr.create("42", length_digit=False, length=10)
        assert ref == "0000000422"
        assert ocr.validate(ref, ControlLevel.FIXED, lengths=(10,)) == ref
        assert ocr.validate(ref, ControlLevel.FIXED, lengths=(8, 10)) == ref
        with pytest.raises(InvalidLength):
            ocr.validate(ref, ControlLevel.FIXED, lengths=(8, 12))
        with pytest.raises(ValueError):
            ocr.validate(ref, ControlLevel.FIXED)

    def test_bounds_and_characters(self):
        with pytest.raises(InvalidLength):
            ocr.validate("0")
        with pytest.raises(InvalidLength):
            ocr.validate("1" * 26)
        with pytest.raises(InvalidFormat):
            ocr.validate("12A4")
        with pytest.raises(InvalidLength):
            ocr.create("1" * 24)
        with pytest.raises(InvalidLength):
            ocr.create("123456", length=6)
        assert ocr.compact(" 1234 5678 97 ") == "1234567897"

    @given(payloads, st.booleans())
    def test_created_references_validate(self, payload, length_digit):
        ref = ocr.create(payload, length_digit=length_digit)
        level = ControlLevel.VARIABLE if length_digit else ControlLevel.HARD
        assert ocr.validate(ref, level) == ref
        assert ref.startswith(payload)

    @given(payloads, st.integers(min_value=0, max_value=9), st.data())
    def test_any_single_digit_change_is_caught(self, payload, replacement, data):
        ref = ocr.create(payload)
        index = data.draw(st.integers(min_value=0, max_value=len(ref) - 1))
        changed = ref[:index] + str(replacement) + ref[index + 1 :]
        assert ocr.is_valid(changed, ControlLevel.VARIABLE) == (changed == ref)


class TestKid:
    def test_vectors(self):
        assert kid.create("12345678", "mod10") == "123456782"
        assert kid.create("12345678", "mod11") == "123456785"
        assert kid.create("1234", "mod10") == "12344"
        assert kid.create("1234", "mod11") == "12343"

    def test_sample_kids(self):
        assert kid.validate("0000531", "mod11")
        assert kid.validate("02212291038306", "mod11")
        assert kid.validate("000112000507155", "mod10")
        assert kid.validate("008000011688373", "mod10")

    def test_mod11_remainder_one_gives_minus(self):
        payload = next(
            str(n) for n in range(1, 1000) if kid.calc_check_digit(str(n), "mod11") == "-"
        )
        number = kid.create(payload, "mod11")
        assert number.endswith("-")
        assert kid.validate(number, "mod11") == number
        with pytest.raises(InvalidChecksum):
            kid.validate(number, "mod10")

    def test_bad_kids(self):
        with pytest.raises(InvalidChecksum):
            kid.validate("123456781", "mod10")
        with pytest.raises(InvalidFormat):
            kid.validate("12-45")
        with pytest.raises(InvalidLength):
            kid.validate("123456782", "mod10", lengths=(10, 12))
        with pytest.raises(ValueError):
            kid.calc_check_digit("123", "mod12")

    @given(payloads, st.sampled_from(kid.ALGORITHMS), st.integers(min_value=0, max_value=3))
    def test_created_kids_validate_with_length(self, payload, algorithm, extra):
        length = min(len(payload) + 1 + extra, kid.MAX_LENGTH)
        number = kid.create(payload, algorithm, length=max(length, 2))
        assert len(number) == max(length, 2)
        assert kid.validate(number, algorithm, lengths=(len(number),)) == number


class TestAccounts:
    def test_bankgiro(self):
        assert bankgiro.validate("0009912346") == "9912346"
        assert bankgiro.format("9912346") == "991-2346"
        assert bankgiro.format("0050501055") == "5050-1055"
        assert bankgiro.is_valid("5050-1055")
        with pytest.raises(InvalidChecksum):
            bankgiro.validate("991-2347")
        with pytest.raises(InvalidLength):
            bankgiro.validate("12345")

    def test_plusgiro(self):
        assert plusgiro.format("41054685") == "410 54 68-5"
        assert plusgiro.format("2865434") == "28 65 43-4"
        assert plusgiro.format("18") == "1-8"
        assert plusgiro.validate("0009020033") == "9020033"
        with pytest.raises(InvalidChecksum):
            plusgiro.validate("2865435")
        with pytest.raises(InvalidLength):
            plusgiro.validate("123456789")
