"""A small translation task: written dates to ISO 8601 (``"March 5, 1997"`` -> ``"1997-03-05"``).

The source side mixes a dozen formats (month names and abbreviations, weekdays, day-first and
month-first orders, numeric forms, upper and lower case); the target is always ``YYYY-MM-DD``.
A model has to reorder fields, translate month names to numbers and ignore the weekday, which
needs information from all over the input at every output step: exactly what attention is
for. Dates are built with :mod:`datetime` from an explicit generator, so the data set is
reproducible and needs no download.

Goodfellow et al., §10.4 (encoder-decoder architectures), §12.4.5 (neural machine translation).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from dlnotes._validation import as_generator, check_nonnegative_int

__all__ = ["MONTHS", "format_date", "DATE_FORMATS", "make_date_pairs"]

# Fixed English names: ``calendar.month_name`` would follow the user's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DATE_FORMATS = (
    "{month} {day}, {year}",  # March 5, 1997
    "{day} {month} {year}",  # 5 March 1997
    "{mon} {day}, {year}",  # Mar 5, 1997
    "{day} {mon} {year}",  # 5 Mar 1997
    "{weekday}, {month} {day}, {year}",  # Wednesday, March 5, 1997
    "{wkd} {day} {mon} {year}",  # Wed 5 Mar 1997
    "{month_lower} {day} {year}",  # march 5 1997
    "{MON} {dd}, {year}",  # MAR 05, 1997
    "{dd}/{mm}/{year}",  # 05/03/1997 (day first)
    "{dd}.{mm}.{year}",  # 05.03.1997
    "{year}/{mm}/{dd}",  # 1997/03/05
    "the {ordinal} of {month} {year}",  # the 5th of March 1997
)


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def format_date(date: dt.date, template: str) -> str:
    """Write ``date`` with one of the formats in ``DATE_FORMATS``.

    Goodfellow et al., §10.4.

    Examples
    --------
    >>> format_date(dt.date(1997, 3, 5), DATE_FORMATS[4])
    'Wednesday, March 5, 1997'
    >>> format_date(dt.date(1997, 3, 22), DATE_FORMATS[-1])
    'the 22nd of March 1997'
    """
    month = MONTHS[date.month - 1]
    weekday = WEEKDAYS[date.weekday()]
    return template.format(
        month=month,
        mon=month[:3],
        MON=month[:3].upper(),
        month_lower=month.lower(),
        weekday=weekday,
        wkd=weekday[:3],
        day=date.day,
        dd=f"{date.day:02d}",
        mm=f"{date.month:02d}",
        year=date.year,
        ordinal=_ordinal(date.day),
    )


def make_date_pairs(
    num_examples: int,
    rng: np.random.Generator | None = None,
    start_year: int = 1950,
    end_year: int = 2049,
) -> list[tuple[str, str]]:
    """``num_examples`` (human-readable date, ISO date) pairs with uniform dates and formats.

    Goodfellow et al., §10.4.

    Parameters
    ----------
    num_examples : int
    rng : numpy.random.Generator, optional
    start_year, end_year : int
        Inclusive range of years.

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> pairs = make_date_pairs(3, np.random.default_rng(0))
    >>> all(len(target) == 10 and target[4] == "-" for _, target in pairs)
    True
    """
    num_examples = check_nonnegative_int("make_date_pairs", "num_examples", num_examples)
    generator = as_generator("make_date_pairs", rng)
    first = dt.date(start_year, 1, 1).toordinal()
    last = dt.date(end_year, 12, 31).toordinal()
    ordinals = generator.integers(first, last + 1, size=num_examples)
    templates = generator.integers(0, len(DATE_FORMATS), size=num_examples)
    pairs = []
    for ordinal, template in zip(ordinals, templates, strict=True):
        date = dt.date.fromordinal(int(ordinal))
        pairs.append((format_date(date, DATE_FORMATS[template]), date.isoformat()))
    return pairs
