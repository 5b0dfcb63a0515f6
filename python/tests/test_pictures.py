"""pictures.py draws each picture from measurements, and --check fails on a stale one."""

from snake_crab import pictures


def test_a_stale_picture_fails_the_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pictures, "OUT", tmp_path)
    pictures.draw(write=True)
    assert pictures.stale() == []
    (tmp_path / "padding.svg").write_text((tmp_path / "padding.svg").read_text().replace("16 bytes", "12 bytes"))
    assert [p for p in pictures.stale() if "padding.svg is out of date" in p]


def test_the_pictures_carry_the_measured_numbers():
    assert "strides (16,)" in pictures.strides()
    padding = pictures.padding()
    assert "16 bytes" in padding and "padding, 7 bytes" in padding
    assert "<title>" in pictures.ownership()
