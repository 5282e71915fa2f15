"""Data that works offline, synthetic data sets, and minibatch loaders.

* :mod:`~dlnotes.data.datasets` — ``load_digits`` (the book's MNIST stand-in) and
  ``load_iris``, with a fixed seeded stratified :class:`Split`;
* :mod:`~dlnotes.data.synthetic` — ``xor_points``, ``make_xor``, ``make_spirals``,
  ``make_moons``; :mod:`~dlnotes.data.separable` — ``make_linearly_separable``;
* :mod:`~dlnotes.data.regression` — ``make_sine_regression`` and ``sine_target``;
* :mod:`~dlnotes.data.multimodal` — ``make_inverse_sinusoid`` (a multi-valued regression);
* :mod:`~dlnotes.data.loader` — ``DataLoader`` and ``iterate_minibatches``;
* :mod:`~dlnotes.data.augmentation` — ``random_shift``, ``random_horizontal_flip``,
  ``add_gaussian_noise`` (data augmentation, §7.4);
* :mod:`~dlnotes.data.factor_data` — ``make_linear_factor_data``, ``make_heteroscedastic_data``,
  ``make_ica_sources``, ``mix_signals``, ``make_sinusoid_mixture`` (chapter 13);
* :mod:`~dlnotes.data.sample_photographs` — ``load_sample_photographs`` (three bundled
  photographs, grey-scale, for chapter 13's ICA demonstration);
* :mod:`~dlnotes.data.ratings` — ``make_low_rank_ratings`` (collaborative filtering, chapter 12);
* :mod:`~dlnotes.data.idx` — ``load_idx`` and ``load_mnist`` for the real MNIST files;
* :mod:`~dlnotes.data.time_series` — ``make_mackey_glass`` (a chaotic delay-equation series
  for echo state networks, chapter 10);
* :mod:`~dlnotes.data.series` — ``make_ar_process``, ``make_noisy_sinusoid`` and
  ``sliding_windows`` (generated time series and their windows, chapter S9);

The training loop (``fit``, ``evaluate``, ``History``) lives in :mod:`dlnotes.training`, which
imports this package, never the other way round.

Goodfellow et al., §5.3 (train/test splits), §8.1.3 (minibatches).
"""

from dlnotes.data.augmentation import add_gaussian_noise, random_horizontal_flip, random_shift
from dlnotes.data.datasets import load_digits, load_iris
from dlnotes.data.dates import DATE_FORMATS, format_date, make_date_pairs
from dlnotes.data.sequence_tasks import make_adding_problem, make_copy_pairs, make_reversal_pairs
from dlnotes.data.text import load_descr_corpus, random_windows, split_text
from dlnotes.data.series import make_ar_process, make_noisy_sinusoid, sliding_windows
from dlnotes.data.idx import load_idx, load_mnist
from dlnotes.data.loader import DataLoader, iterate_minibatches
from dlnotes.data.regression import make_sine_regression, sine_target
from dlnotes.data.split import Split, stratified_test_counts, train_test_split
from dlnotes.data.synthetic import make_moons, make_spirals, make_xor, xor_points
from dlnotes.data.regularization_tasks import (
    NoisyDigits,
    SparseRegression,
    make_noisy_digits,
    make_sparse_regression,
)
from dlnotes.data.multimodal import make_inverse_sinusoid
from dlnotes.data.separable import make_linearly_separable
from dlnotes.data.factor_data import (
    LinearFactorData,
    make_heteroscedastic_data,
    make_ica_sources,
    make_linear_factor_data,
    make_sinusoid_mixture,
    mix_signals,
)
from dlnotes.data.sample_photographs import PHOTOGRAPH_NAMES, load_sample_photographs
from dlnotes.data.time_series import make_mackey_glass
from dlnotes.data.ratings import Ratings, make_low_rank_ratings

__all__ = [
    "add_gaussian_noise",
    "random_horizontal_flip",
    "random_shift",
    "DATE_FORMATS",
    "DataLoader",
    "format_date",
    "load_descr_corpus",
    "make_adding_problem",
    "make_copy_pairs",
    "make_date_pairs",
    "make_reversal_pairs",
    "random_windows",
    "split_text",
    "make_ar_process",
    "make_noisy_sinusoid",
    "sliding_windows",
    "Split",
    "iterate_minibatches",
    "load_digits",
    "load_idx",
    "load_iris",
    "load_mnist",
    "make_linearly_separable",
    "make_moons",
    "make_sine_regression",
    "make_spirals",
    "make_xor",
    "sine_target",
    "stratified_test_counts",
    "train_test_split",
    "xor_points",
    "NoisyDigits",
    "SparseRegression",
    "make_noisy_digits",
    "make_sparse_regression",
    "make_inverse_sinusoid",
    "LinearFactorData",
    "make_heteroscedastic_data",
    "make_ica_sources",
    "make_linear_factor_data",
    "make_sinusoid_mixture",
    "mix_signals",
    "PHOTOGRAPH_NAMES",
    "load_sample_photographs",
    "make_mackey_glass",
    "Ratings",
    "make_low_rank_ratings",
]
