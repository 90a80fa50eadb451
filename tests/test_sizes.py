import pytest
from hypothesis import given
from hypothesis import strategies as st

from liquidator.errors import InvalidInput
from liquidator.sizes import SIZE_CLASSES, WEIGHT_CAP_G, size_class_for


@pytest.mark.parametrize(
    ("dims", "grams", "expected"),
    [
        ((30, 20, 10), 1200, 60),  # the examples
        ((40, 30, 20), 1000, 100),
        ((20, 20, 15), 3000, 80),
        ((20, 20, 20), None, 60),  # exactly 60 cm fits 60
        ((20, 20, 20.1), None, 80),  # a millimetre over moves up
        ((20, 20, 20), 2000, 60),  # exactly the cap stays
        ((20, 20, 20), 2001, 80),  # a gram over the cap moves up
        ((100, 50, 50), 30000, 200),
        ((10, 10, 10), 25001, 180),  # light box, heavy item: weight decides
    ],
)
def test_size_class_examples_and_edges(dims, grams, expected):
    assert size_class_for(dims, grams) == expected


def test_over_200_cm_is_a_clear_error():
    with pytest.raises(InvalidInput) as err:
        size_class_for((100, 60, 41), 1000)
    assert err.value.field == "dims"
    assert "200 cm" in err.value.message


def test_over_30_kg_is_a_clear_error():
    with pytest.raises(InvalidInput) as err:
        size_class_for((30, 20, 10), 30001)
    assert err.value.field == "weight"


@given(
    st.tuples(*[st.floats(1, 66, allow_nan=False)] * 3),
    st.integers(1, 30_000),
)
def test_class_fits_and_is_the_smallest(dims, grams):
    try:
        chosen = size_class_for(dims, grams)
    except InvalidInput:
        assert sum(dims) > 200
        return
    assert sum(dims) <= chosen and grams <= WEIGHT_CAP_G[chosen]
    smaller = [c for c in SIZE_CLASSES if c < chosen]
    assert all(sum(dims) > c or grams > WEIGHT_CAP_G[c] for c in smaller)
