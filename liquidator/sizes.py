"""Japanese domestic parcel classes (sum of three sides, with a weight cap per class).

A parcel goes into the smallest class whose side sum fits, then moves up while its
weight is over that class's cap (Yamato's table; see docs/scoring.md).
"""

from liquidator.errors import InvalidInput
from liquidator.i18n import _

SIZE_CLASSES: tuple[int, ...] = (60, 80, 100, 120, 140, 160, 180, 200)
WEIGHT_CAP_G: dict[int, int] = {
    60: 2_000,
    80: 5_000,
    100: 10_000,
    120: 15_000,
    140: 20_000,
    160: 25_000,
    180: 30_000,
    200: 30_000,
}
# Typical box for a class, used when only the class is known (volume, weight estimate).
NOMINAL_DIMS_CM: dict[int, tuple[float, float, float]] = {
    60: (25.0, 20.0, 15.0),
    80: (35.0, 25.0, 20.0),
    100: (40.0, 35.0, 25.0),
    120: (50.0, 40.0, 30.0),
    140: (60.0, 45.0, 35.0),
    160: (65.0, 55.0, 40.0),
    180: (70.0, 60.0, 50.0),
    200: (80.0, 65.0, 55.0),
}


def size_class_for(dims_cm: tuple[float, float, float], weight_g: int | None) -> int:
    """The smallest parcel class that fits ``dims_cm`` and ``weight_g``.

    Raises InvalidInput when the parcel is over 200 cm or 30 kg: such items go by
    furniture/large-item services, which liquidator does not price.
    """
    side_sum = sum(dims_cm)
    fitting = [c for c in SIZE_CLASSES if side_sum <= c]
    if not fitting:
        raise InvalidInput(
            "dims",
            _(
                "the three sides add up to {side_sum:g} cm, over the largest parcel class "
                "(200 cm); record it with --size 200 and a --note"
            ).format(side_sum=side_sum),
        )
    if weight_g is not None:
        fitting = [c for c in fitting if weight_g <= WEIGHT_CAP_G[c]]
        if not fitting:
            raise InvalidInput(
                "weight",
                _(
                    "{kg:g} kg is over the heaviest parcel class (30 kg); "
                    "record it with --size 200 and a --note"
                ).format(kg=weight_g / 1000),
            )
    return fitting[0]
