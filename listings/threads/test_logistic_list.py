"""The exercise's task as tests: `python3 -m pytest -q` passes once logistic_list is written."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from logistic_list import logistic_list


def in_python(values: list[float], r: float, steps: int) -> list[float]:
    out = []
    for x in values:
        for _ in range(steps):
            x = r * x * (1 - x)
        out.append(x)
    return out


def test_same_numbers_as_python_for_any_thread_count():
    values = [i / 1000 for i in range(1000)]
    expected = in_python(values, 3.9, 50)
    for n_threads in (0, 1, 3, 64, 1000):
        assert logistic_list(values, 3.9, 50, n_threads) == expected


def test_the_input_list_is_left_alone():
    values = [0.5, 0.25]
    logistic_list(values, 3.0, 5)
    assert values == [0.5, 0.25]


def test_an_empty_list():
    assert logistic_list([], 3.0, 5) == []


def test_calls_from_several_python_threads():
    values = [i / 100 for i in range(100)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda r: logistic_list(values, r, 20, 2), [3.1, 3.5, 3.9, 3.1]))
    assert results == [in_python(values, r, 20) for r in (3.1, 3.5, 3.9, 3.1)]


def test_a_step_count_beyond_uint32_is_refused():
    with pytest.raises(OverflowError):
        logistic_list([0.5], 3.0, 2**32)
