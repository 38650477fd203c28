"""IdentifierError: the one error every parser raises."""

import pickle

from antifraud.identifiers import IdentifierError


def test_error_names_the_field_and_the_reason() -> None:
    err = IdentifierError("victim.phone", "not a valid phone number")
    assert isinstance(err, ValueError)
    assert err.field == "victim.phone"
    assert err.reason == "not a valid phone number"
    assert str(err) == "victim.phone: not a valid phone number"


def test_error_survives_pickling() -> None:
    err = pickle.loads(pickle.dumps(IdentifierError("bank_card", "too short")))
    assert (err.field, err.reason) == ("bank_card", "too short")
