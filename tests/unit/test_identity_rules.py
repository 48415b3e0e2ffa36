import pytest
from pydantic import ValidationError

from estore.domain.identity import OpenStore, store_name_key


def test_store_name_is_trimmed_and_inner_spaces_collapsed():
    assert OpenStore.model_validate({"storeName": "  Brick   House "}).store_name == "Brick House"


@pytest.mark.parametrize("name", ["", " ", "x", "a" * 61, "bad\x00name"])
def test_store_name_out_of_bounds_or_with_control_characters_is_refused(name):
    with pytest.raises(ValidationError):
        OpenStore.model_validate({"storeName": name})


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        OpenStore.model_validate({"storeName": "Bricks", "storname": "typo"})


def test_store_names_differing_in_case_accents_or_punctuation_are_the_same_store():
    assert store_name_key("Légo  Shop!") == store_name_key("lego shop") == "lego-shop"
