import io
import urllib.error

import pytest

from multiomics_imputation.download import FILES, download


def test_offline_fails_fast_saying_where_to_put_the_files(tmp_path):
    def offline(url, timeout):
        raise urllib.error.URLError("no network")

    with pytest.raises(SystemExit, match=r"Place the MLOmics files by hand in .*pancancer/: Pan-cancer_mRNA.csv"):
        download(tmp_path / "pancancer", opener=offline)
    assert list((tmp_path / "pancancer").iterdir()) == []  # nothing half-written


def test_downloads_each_file_and_keeps_existing_ones(tmp_path):
    requested = []

    def serve(url, timeout):
        requested.append(url.rsplit("/", 1)[1])
        return io.BytesIO(b"sample,A\ng,1\n")

    dest = tmp_path / "pancancer"
    dest.mkdir()
    (dest / FILES[0]).write_text("mine")
    written = download(dest, opener=serve)
    assert [p.name for p in written] == list(FILES[1:]) == requested
    assert (dest / FILES[0]).read_text() == "mine" and (dest / FILES[1]).read_text() == "sample,A\ng,1\n"
