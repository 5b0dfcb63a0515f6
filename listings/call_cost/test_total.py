"""The exercise's task as tests: `python3 -m pytest -q` passes once total() is written."""

import math

import pytest
from total import lib, total


def test_the_sum():
    assert total([1.5, 2.5, -1.0]) == 3.0
    assert total(range(10)) == 45.0
    assert total([]) == 0.0


def test_a_large_list_in_one_call(monkeypatch):
    calls = []
    real = lib.sum
    monkeypatch.setattr(lib, "sum", lambda *args: calls.append(args) or real(*args))
    assert total([0.25] * 100_000) == math.fsum([0.25] * 100_000)
    assert len(calls) == 1


def test_a_value_that_is_not_a_number():
    with pytest.raises(TypeError):
        total([1.0, "2"])
