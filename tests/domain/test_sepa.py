"""The SEPA credit-transfer file for a payout: valid pain.001, sums right, nothing lost."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal as D

import pytest
import sepaxml
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from lef_members.domain.errors import InvalidValueError
from lef_members.integrations.sepa import SCHEMA, TransferLine, build_credit_transfer, to_cents

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
FORUM_IBAN = "BE43 0689 9999 9501"
PAY_DAY = date(2024, 4, 2)
VALID_IBANS = ["BE71096123456769", "NL91ABNA0417164300", "BE62510007547061"]


def line(member: str, amount: str, iban: str | None = "BE71 0961 2345 6769", **values) -> TransferLine:
	data = {
		"member": member,
		"name": f"Member {member}",
		"iban": iban,
		"amount": D(amount),
		"end_to_end_id": f"LEF-PAY-2024-0001-{member}",
		"remittance": "Onkostenvergoeding maart 2024",
	}
	return TransferLine(**{**data, **values})


def schema_check(xml: bytes) -> None:
	path = os.path.join(os.path.dirname(sepaxml.__file__), "schemas", SCHEMA + ".xsd")
	xmlschema.XMLSchema(path).validate(xml.decode())


def parse(xml: bytes):
	root = ET.fromstring(xml)
	header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
	transactions = root.findall(".//p:CdtTrfTxInf", NS)
	return root, header, transactions


def test_file_validates_and_sums_match_the_lines():
	# 41.48 + 0.09 + 1234.56 = 1276.13
	lines = [line("A", "41.48"), line("B", "0.09", iban="NL91 ABNA 0417 1643 00"), line("C", "1234.56")]
	result = build_credit_transfer("LEF vzw", FORUM_IBAN, lines, PAY_DAY, debtor_bic="GEBABEBB")
	schema_check(result.xml)
	_root, header, transactions = parse(result.xml)
	assert header.find("p:CtrlSum", NS).text == "1276.13"
	assert header.find("p:NbOfTxs", NS).text == "3"
	assert result.control_sum == D("1276.13") and result.count == 3
	assert [t.find("p:Amt/p:InstdAmt", NS).text for t in transactions] == ["41.48", "0.09", "1234.56"]
	assert [t.find("p:CdtrAcct/p:Id/p:IBAN", NS).text for t in transactions] == [
		"BE71096123456769",
		"NL91ABNA0417164300",
		"BE71096123456769",
	]
	assert [t.find("p:PmtId/p:EndToEndId", NS).text for t in transactions] == [
		"LEF-PAY-2024-0001-A",
		"LEF-PAY-2024-0001-B",
		"LEF-PAY-2024-0001-C",
	]
	assert result.message_id and result.skipped == ()


def test_lines_without_a_valid_iban_are_listed_not_guessed():
	lines = [
		line("A", "41.48"),
		line("B", "20.00", iban=None),
		line("C", "30.00", iban="BE71 0961 2345 6760"),  # one digit wrong
		line("D", "0.00"),
		line("E", "10.005"),
		line("F", "5.00", end_to_end_id="X" * 36),
		line("G", "6.00", end_to_end_id="LEF-PAY-2024-0001-A"),
	]
	result = build_credit_transfer("LEF vzw", FORUM_IBAN, lines, PAY_DAY)
	schema_check(result.xml)
	assert [item.member for item in result.included] == ["A"]
	assert [item.line.member for item in result.skipped] == ["B", "C", "D", "E", "F", "G"]
	reasons = [item.render() for item in result.skipped]
	assert reasons[0] == "Member B has no IBAN: pay by another way or enter it."
	assert reasons[1] == "The IBAN BE71 0961 2345 6760 of Member C is not valid: check it before paying."
	assert "Nothing to transfer" in reasons[2]
	assert "not in euro and cents" in reasons[3]
	assert "not usable in a SEPA file" in reasons[4]
	assert "already used in this file" in reasons[5]
	assert len(result.included) + len(result.skipped) == len(lines)
	_root, header, transactions = parse(result.xml)
	assert len(transactions) == 1 and header.find("p:CtrlSum", NS).text == "41.48"


def test_no_usable_line_gives_no_file_but_all_reasons():
	result = build_credit_transfer("LEF vzw", FORUM_IBAN, [line("A", "10.00", iban="")], PAY_DAY)
	assert result.xml is None and result.count == 0 and len(result.skipped) == 1


def test_the_forums_own_account_must_be_right():
	with pytest.raises(InvalidValueError):
		build_credit_transfer("LEF vzw", "BE43 0689 9999 9502", [line("A", "1.00")], PAY_DAY)
	with pytest.raises(InvalidValueError, match="BIC GEBA is not valid"):
		build_credit_transfer("LEF vzw", FORUM_IBAN, [line("A", "1.00")], PAY_DAY, debtor_bic="GEBA")


def test_names_with_accents_are_transliterated_for_the_bank():
	result = build_credit_transfer(
		"LEF vzw", FORUM_IBAN, [line("A", "1.00", name="Zoë Van den Eyndë")], PAY_DAY
	)
	schema_check(result.xml)
	_root, _header, (transaction,) = parse(result.xml)
	assert transaction.find("p:Cdtr/p:Nm", NS).text == "Zoe Van den Eynde"


def test_amounts_become_exact_cents():
	assert to_cents(D("1659.29")) == 165929
	assert to_cents(D("0.1")) == 10
	with pytest.raises(InvalidValueError):
		to_cents(D("0.005"))


@settings(max_examples=40, deadline=None)
@given(
	amounts=st.lists(st.decimals(min_value=D("-5"), max_value=D("5000"), places=3), min_size=1, max_size=15),
	ibans=st.lists(st.sampled_from([*VALID_IBANS, "BE00 1234", None]), min_size=15, max_size=15),
)
def test_property_every_line_is_either_paid_or_listed(amounts, ibans):
	lines = [line(f"M{i}", str(amount), iban=ibans[i]) for i, amount in enumerate(amounts)]
	result = build_credit_transfer("LEF vzw", FORUM_IBAN, lines, PAY_DAY)
	assert len(result.included) + len(result.skipped) == len(lines)
	assert result.control_sum == sum((item.amount for item in result.included), D(0))
	if result.xml is not None:
		schema_check(result.xml)
		_root, header, transactions = parse(result.xml)
		assert D(header.find("p:CtrlSum", NS).text) == result.control_sum
		assert sum(D(t.find("p:Amt/p:InstdAmt", NS).text) for t in transactions) == result.control_sum
		assert len(transactions) == result.count
