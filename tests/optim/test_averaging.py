"""Polyak and exponential averaging of parameters (§8.7.3), against torch's AveragedModel."""

from __future__ import annotations

import numpy as np
import pytest

from dlnotes.nn import Linear, Parameter
from dlnotes.optim import AveragedParameters


def _trajectory(rng, steps=6):
    return [rng.standard_normal((3, 2)) for _ in range(steps)]


@pytest.mark.parametrize("decay", [None, 0.9])
def test_matches_torch_averaged_model(rng, torch, decay):
    from torch.optim import swa_utils

    values = _trajectory(rng)
    p = Parameter(np.zeros((3, 2)))
    ours = AveragedParameters([p], decay=decay)
    module = torch.nn.Linear(2, 3, bias=False)
    kwargs = {} if decay is None else {"multi_avg_fn": swa_utils.get_ema_multi_avg_fn(decay)}
    theirs = swa_utils.AveragedModel(module, **kwargs)
    for v in values:
        p.data[...] = v
        ours.update()
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(v))
        theirs.update_parameters(module)
    np.testing.assert_allclose(ours.averages[0], theirs.module.weight.detach().numpy(), rtol=1e-12)
    assert ours.n_averaged == int(theirs.n_averaged)


def test_equal_weight_average_is_the_mean(rng):
    values = _trajectory(rng, 10)
    p = Parameter(np.zeros((3, 2)))
    avg = AveragedParameters([p])
    for v in values:
        p.data[...] = v
        avg.update()
    np.testing.assert_allclose(avg.averages[0], np.mean(values, axis=0), rtol=1e-12)


def test_copy_to_writes_averages_and_preserves_dtype(rng):
    model = Linear(2, 3, rng=rng, dtype=np.float32)
    avg = AveragedParameters(model.parameters())
    before = [p.data.copy() for p in model.parameters()]
    avg.update()
    for p in model.parameters():
        p.data += 1.0
    avg.update()
    target = Linear(2, 3, dtype=np.float32)
    avg.copy_to(target.parameters())
    for t, b in zip(target.parameters(), before, strict=True):
        assert t.data.dtype == np.float32
        np.testing.assert_allclose(t.data, b + 0.5, rtol=1e-6)


def test_validation():
    with pytest.raises(RuntimeError, match="AveragedParameters: expected update"):
        AveragedParameters([Parameter(np.zeros(2))]).copy_to()
    with pytest.raises(ValueError, match="AveragedParameters: expected decay"):
        AveragedParameters([Parameter(np.zeros(2))], decay=1.0)
    with pytest.raises(TypeError, match="AveragedParameters: expected params"):
        AveragedParameters([np.zeros(2)])
    avg = AveragedParameters([Parameter(np.zeros(2))])
    avg.update()
    with pytest.raises(ValueError, match="AveragedParameters: expected 1 parameters"):
        avg.copy_to([Parameter(np.zeros(3))])
