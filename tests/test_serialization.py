"""dlnotes.save / dlnotes.load: round trips, atomic writes, and every kind of bad file."""

from __future__ import annotations

import os
import zipfile
from collections import OrderedDict
from pathlib import Path

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dlnotes
from dlnotes import serialization
from dlnotes.nn import Module, Parameter, Sequential

# Dotted names such as "0.weight" or "encoder.layers.1.bias".
_name_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=8)
dotted_keys = st.lists(_name_part, min_size=1, max_size=4).map(".".join)
arrays = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64, np.int64, np.bool_]),
    shape=hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5),
)
state_dicts = st.dictionaries(dotted_keys, arrays, min_size=0, max_size=6)


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@settings(max_examples=25, deadline=None)
@given(state=state_dicts)
def test_round_trip_keeps_keys_order_shapes_dtypes_and_values(tmp_path_factory, state):
    path = tmp_path_factory.mktemp("rt") / "state.npz"
    dlnotes.save(state, path)
    back = dlnotes.load(path)
    assert list(back) == list(state)
    for key, value in state.items():
        assert back[key].dtype == value.dtype
        assert back[key].shape == value.shape
        np.testing.assert_array_equal(back[key], value)  # NaNs compare equal here


def test_module_state_dict_round_trip_loads_into_fresh_module(tmp_path, rng):
    class Affine(Module):
        def __init__(self, w):
            super().__init__()
            self.weight = Parameter(w)
            self.register_buffer("running_mean", np.zeros(w.shape[0], dtype=w.dtype))

    model = Sequential(Affine(rng.normal(size=(3, 2))), Affine(rng.normal(size=(2, 2))))
    model[0].running_mean[...] = np.arange(3.0)  # in place keeps the buffer registered
    dlnotes.save(model.state_dict(), tmp_path / "m.npz")
    fresh = Sequential(Affine(np.zeros((3, 2))), Affine(np.zeros((2, 2))))
    fresh.load_state_dict(dlnotes.load(tmp_path / "m.npz"))
    for (k, a), (_, b) in zip(model.state_dict().items(), fresh.state_dict().items(), strict=True):
        np.testing.assert_array_equal(a, b, err_msg=k)


def test_marker_is_written_but_hidden(tmp_path):
    dlnotes.save({"w": np.ones(2)}, tmp_path / "m.npz")
    with np.load(tmp_path / "m.npz") as raw:
        assert serialization.FORMAT_KEY in raw.files
        assert int(raw[serialization.FORMAT_KEY]) == serialization.FORMAT_VERSION
    assert list(dlnotes.load(tmp_path / "m.npz")) == ["w"]


def test_empty_state_dict_round_trips(tmp_path):
    dlnotes.save({}, tmp_path / "e.npz")
    assert dlnotes.load(tmp_path / "e.npz") == {}


def test_keys_that_clash_with_numpy_savez_arguments_are_fine(tmp_path):
    # numpy.savez(file, **kwds) cannot take a key named "file"; our writer can.
    state = {"file": np.arange(3), "allow_pickle": np.ones(1), "a/b": np.zeros(2)}
    dlnotes.save(state, tmp_path / "k.npz")
    assert list(dlnotes.load(tmp_path / "k.npz")) == list(state)


def test_torch_tensor_values_are_accepted(tmp_path, torch):
    state = OrderedDict(weight=torch.arange(6.0).reshape(2, 3))
    dlnotes.save(state, tmp_path / "t.npz")
    np.testing.assert_array_equal(
        dlnotes.load(tmp_path / "t.npz")["weight"], np.arange(6.0).reshape(2, 3)
    )


def test_path_is_used_verbatim_without_added_suffix(tmp_path):
    dlnotes.save({"w": np.ones(1)}, str(tmp_path / "weights.bin"))
    assert os.listdir(tmp_path) == ["weights.bin"]


@pytest.mark.parametrize("writer", [np.savez, np.savez_compressed])
def test_plain_numpy_savez_loads_unless_strict(tmp_path, writer):
    writer(tmp_path / "plain.npz", w=np.arange(4.0), b=np.zeros(2, dtype=np.float32))
    back = dlnotes.load(tmp_path / "plain.npz")
    assert list(back) == ["w", "b"] and back["b"].dtype == np.float32
    with pytest.raises(ValueError, match="without the '__dlnotes_format__' marker.*plain.npz"):
        dlnotes.load(tmp_path / "plain.npz", strict=True)


def test_saved_file_passes_strict(tmp_path):
    dlnotes.save({"w": np.ones(2)}, tmp_path / "m.npz")
    assert list(dlnotes.load(tmp_path / "m.npz", strict=True)) == ["w"]


# -- atomicity ---------------------------------------------------------------------------------
def test_interrupted_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "model.npz"
    dlnotes.save({"w": np.arange(3.0)}, path)
    old_bytes = path.read_bytes()
    real_write = serialization._write_npz

    def write_half_then_fail(fileobj, arrays):
        real_write(fileobj, arrays)
        fileobj.truncate(fileobj.tell() // 2)  # leave a half-written archive behind
        raise OSError("disk full")

    monkeypatch.setattr(serialization, "_write_npz", write_half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        dlnotes.save({"w": np.arange(1000.0)}, path)
    assert path.read_bytes() == old_bytes
    assert os.listdir(tmp_path) == ["model.npz"]
    np.testing.assert_array_equal(dlnotes.load(path)["w"], np.arange(3.0))


def test_interrupt_by_keyboard_interrupt_also_cleans_up(tmp_path, monkeypatch):
    def fail_fsync(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(serialization.os, "fsync", fail_fsync)
    with pytest.raises(KeyboardInterrupt):
        dlnotes.save({"w": np.ones(2)}, tmp_path / "new.npz")
    assert os.listdir(tmp_path) == []


def test_save_overwrites_existing_file(tmp_path):
    path = tmp_path / "m.npz"
    dlnotes.save({"a": np.ones(2)}, path)
    dlnotes.save({"b": np.zeros(3)}, path)
    assert list(dlnotes.load(path)) == ["b"]
    assert os.listdir(tmp_path) == ["m.npz"]


def test_invalid_state_dict_is_rejected_before_touching_disk(tmp_path):
    path = tmp_path / "m.npz"
    dlnotes.save({"w": np.ones(2)}, path)
    old = path.read_bytes()
    with pytest.raises(TypeError, match="save: expected a numeric or boolean array for key 'b'"):
        dlnotes.save({"w": np.zeros(2), "b": np.array([{}, 1], dtype=object)}, path)
    assert path.read_bytes() == old and os.listdir(tmp_path) == ["m.npz"]


# -- bad input to save ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "error", "match"),
    [
        ({1: np.ones(1)}, TypeError, "save: expected string keys, got 1 of type int"),
        ({("a", "b"): np.ones(1)}, TypeError, "save: expected string keys"),
        ({"": np.ones(1)}, ValueError, "save: expected non-empty keys"),
        ({"__dlnotes_format__": np.ones(1)}, ValueError, "reserved for the format marker"),
        ({"w": np.array(["a", "b"])}, TypeError, "numeric or boolean array for key 'w'"),
        ({"w": np.array([None])}, TypeError, "numeric or boolean array for key 'w'"),
        ([("w", np.ones(1))], TypeError, "save: expected a mapping of names to arrays"),
    ],
)
def test_save_bad_input(tmp_path, state, error, match):
    with pytest.raises(error, match=match):
        dlnotes.save(state, tmp_path / "x.npz")
    assert os.listdir(tmp_path) == []


def test_save_module_instead_of_state_dict_gives_hint(tmp_path):
    with pytest.raises(TypeError, match=r"pass module.state_dict\(\)"):
        dlnotes.save(Sequential(), tmp_path / "x.npz")


# -- bad files -------------------------------------------------------------------------------------
@pytest.fixture
def saved_bytes(tmp_path, rng) -> bytes:
    path = tmp_path / "good.npz"
    dlnotes.save({"0.weight": rng.normal(size=(20, 10)), "0.bias": rng.normal(size=10)}, path)
    return path.read_bytes()


@pytest.mark.parametrize("fraction", [0.0001, 0.1, 0.5, 0.9, 0.999])
def test_truncated_file_raises_value_error_naming_file(tmp_path, saved_bytes, fraction):
    cut = max(1, int(fraction * len(saved_bytes)))
    path = _write_bytes(tmp_path / "cut.npz", saved_bytes[:cut])
    with pytest.raises(ValueError, match=r"load: expected a \.npz state dict.*cut\.npz"):
        dlnotes.load(path)


@pytest.mark.parametrize("position", [0.05, 0.3, 0.6])
def test_flipped_bytes_in_array_data_are_detected(tmp_path, saved_bytes, position):
    corrupted = bytearray(saved_bytes)
    corrupted[int(position * len(corrupted))] ^= 0xFF
    path = _write_bytes(tmp_path / "flip.npz", bytes(corrupted))
    with pytest.raises(ValueError, match="flip.npz"):
        dlnotes.load(path)


def test_random_bytes(tmp_path, rng):
    path = _write_bytes(tmp_path / "noise.npz", rng.bytes(4096))
    with pytest.raises(ValueError, match="not a zip archive.*noise.npz"):
        dlnotes.load(path)


def test_random_bytes_after_zip_signature(tmp_path, rng):
    path = _write_bytes(tmp_path / "fakezip.npz", b"PK\x03\x04" + rng.bytes(4096))
    with pytest.raises(ValueError, match="corrupted zip archive.*fakezip.npz"):
        dlnotes.load(path)


def test_empty_file(tmp_path):
    path = _write_bytes(tmp_path / "empty.npz", b"")
    with pytest.raises(ValueError, match="an empty file in '.*empty.npz'"):
        dlnotes.load(path)


def test_plain_npy_file(tmp_path):
    np.save(tmp_path / "single.npy", np.arange(3))
    with pytest.raises(ValueError, match="single .npy array.*single.npy"):
        dlnotes.load(tmp_path / "single.npy")


def test_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("weights: 1 2 3\n")
    with pytest.raises(ValueError, match="not a zip archive.*notes.txt"):
        dlnotes.load(path)


def test_zip_without_npy_members(tmp_path):
    with zipfile.ZipFile(tmp_path / "docs.zip", "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ValueError, match=r"non-array members \['readme.txt'\].*docs.zip"):
        dlnotes.load(tmp_path / "docs.zip")


def test_empty_zip(tmp_path):
    with zipfile.ZipFile(tmp_path / "nothing.zip", "w"):
        pass
    with pytest.raises(ValueError, match="no arrays.*nothing.zip"):
        dlnotes.load(tmp_path / "nothing.zip")


def test_npz_with_object_array_is_refused_without_unpickling(tmp_path):
    np.savez(tmp_path / "obj.npz", w=np.array([{"evil": 1}, 2], dtype=object))
    with pytest.raises(ValueError, match="cannot be read.*obj.npz"):
        dlnotes.load(tmp_path / "obj.npz")


@pytest.mark.parametrize("marker", [np.array(99), np.array(0), np.array([1, 1]), np.array(1.0)])
def test_unknown_format_marker(tmp_path, marker):
    np.savez(tmp_path / "future.npz", w=np.ones(2), __dlnotes_format__=marker)
    with pytest.raises(ValueError, match="unknown format marker.*future.npz"):
        dlnotes.load(tmp_path / "future.npz")


def test_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        dlnotes.load(tmp_path / "absent.npz")


# -- checkpoints -----------------------------------------------------------------------------------
def _train_steps(model, optimizer, batches):
    from dlnotes.nn import CrossEntropyLoss

    loss_fn = CrossEntropyLoss()
    for X, y in batches:
        optimizer.zero_grad()
        loss_fn(model(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()


@pytest.mark.parametrize("optimizer_name", ["SGD", "Adam"])
def test_checkpoint_resumes_training_exactly(tmp_path, rng, optimizer_name):
    from dlnotes import optim
    from dlnotes.nn import Linear, ReLU
    from dlnotes.serialization import load_checkpoint, save_checkpoint

    kwargs = {"lr": 0.1, "momentum": 0.9} if optimizer_name == "SGD" else {"lr": 0.01}

    def build(seed):
        r = np.random.default_rng(seed)
        model = Sequential(Linear(4, 8, rng=r), ReLU(), Linear(8, 3, rng=r))
        return model, getattr(optim, optimizer_name)(model.parameters(), **kwargs)

    batches = [(rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)) for _ in range(6)]
    model, optimizer = build(0)
    _train_steps(model, optimizer, batches[:3])
    save_checkpoint(tmp_path / "ckpt.npz", model, optimizer, epoch=3, losses=[0.5, 0.25])
    _train_steps(model, optimizer, batches[3:])  # the uninterrupted run

    resumed, resumed_optimizer = build(1)  # different initial weights, fresh buffers
    metadata = load_checkpoint(tmp_path / "ckpt.npz", resumed, resumed_optimizer)
    assert metadata == {"epoch": 3, "losses": [0.5, 0.25]}
    _train_steps(resumed, resumed_optimizer, batches[3:])
    for (k, a), (_, b) in zip(
        model.state_dict().items(), resumed.state_dict().items(), strict=True
    ):
        np.testing.assert_array_equal(a, b, err_msg=k)


def test_checkpoint_without_optimizer_and_errors(tmp_path, rng):
    from dlnotes.nn import Linear
    from dlnotes.optim import SGD
    from dlnotes.serialization import load_checkpoint, save_checkpoint

    model = Linear(2, 2, rng=rng)
    save_checkpoint(tmp_path / "m.npz", model)
    twin = Linear(2, 2)
    assert load_checkpoint(tmp_path / "m.npz", twin) == {}
    np.testing.assert_array_equal(twin.weight.data, model.weight.data)
    with pytest.raises(ValueError, match="load_checkpoint: expected optimizer state in"):
        load_checkpoint(tmp_path / "m.npz", twin, SGD(twin.parameters(), lr=0.1))
    dlnotes.save(model.state_dict(), tmp_path / "plain.npz")
    with pytest.raises(ValueError, match="not a checkpoint written by save_checkpoint.*plain.npz"):
        load_checkpoint(tmp_path / "plain.npz", twin)
    with pytest.raises(TypeError, match="save_checkpoint: expected JSON-serialisable metadata"):
        save_checkpoint(tmp_path / "bad.npz", model, note=object())
    assert not (tmp_path / "bad.npz").exists()
