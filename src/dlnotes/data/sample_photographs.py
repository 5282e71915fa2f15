"""Three photographs that ship with the installed libraries, as small grey-scale arrays.

Nothing is downloaded: the portrait of Grace Hopper comes with Matplotlib's sample data (a US
Navy photograph, public domain), ``china.jpg`` and ``flower.jpg`` with scikit-learn
(Creative Commons Attribution 2.0; credits in scikit-learn's ``datasets/images/README.txt``).
Each is converted to grey, centre-cropped to a square and resized, so the three can be stacked
and mixed pixel by pixel — the "real signals" of the ICA demonstration (Goodfellow et al.,
§13.2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlnotes._validation import check_positive_int, fail, resolve_dtype

__all__ = ["PHOTOGRAPH_NAMES", "load_sample_photographs"]

#: The photographs :func:`load_sample_photographs` returns, in order.
PHOTOGRAPH_NAMES = ("grace_hopper", "china", "flower")


def _grey_square(rgb: np.ndarray, size: int) -> np.ndarray:
    from PIL import Image

    image = Image.fromarray(np.asarray(rgb, dtype=np.uint8)).convert("L")
    width, height = image.size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    square = image.crop((left, top, left + side, top + side))
    return np.asarray(square.resize((size, size), Image.Resampling.LANCZOS), dtype=np.float64)


def load_sample_photographs(size: int = 64, *, dtype: Any = np.float64) -> np.ndarray:
    """Grace Hopper, ``china.jpg`` and ``flower.jpg`` as grey-scale images in ``[0, 1]``.

    Parameters
    ----------
    size : int, default 64
        Side of each square image, in pixels (8 to 427, the smallest photograph's side).
    dtype : {numpy.float64, numpy.float32}
        Floating type of the result.

    Returns
    -------
    numpy.ndarray
        The three images, in the order of ``PHOTOGRAPH_NAMES``.

    Shape
    -----
    - result: ``(3, size, size)``

    References
    ----------
    Goodfellow et al., §13.2 (blind source separation).

    Examples
    --------
    >>> images = load_sample_photographs(32)
    >>> images.shape, bool(images.min() >= 0.0), bool(images.max() <= 1.0)
    ((3, 32, 32), True, True)
    """
    owner = "load_sample_photographs"
    size = check_positive_int(owner, "size", size)
    if not 8 <= size <= 427:
        fail(owner, "size between 8 and 427", size)
    dt = resolve_dtype(owner, dtype)
    from matplotlib import cbook
    from PIL import Image
    from sklearn.datasets import load_sample_image

    handle = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)  # a path
    with Image.open(str(handle)) as photo:
        hopper = np.asarray(photo.convert("RGB"))
    photos = [hopper, load_sample_image("china.jpg"), load_sample_image("flower.jpg")]
    images = np.stack([_grey_square(p, size) for p in photos]) / 255.0
    return np.clip(images, 0.0, 1.0).astype(dt)
