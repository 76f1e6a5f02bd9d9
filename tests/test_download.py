import hashlib

import pytest

from multiomics_imputation.cohort.download import PANCANCER_FILES, download, file_checksum


def test_offline_fails_at_once_saying_where_to_put_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # huggingface_hub's own offline switch; the real check runs
    with pytest.raises(SystemExit, match=r"HF_HUB_OFFLINE is set.*\n.*by hand in .*pancancer/: Pan-cancer_mRNA.csv"):
        download(tmp_path / "pancancer")
    assert not (tmp_path / "pancancer").exists()  # nothing written


def _hub(tmp_path, contents: dict[str, bytes]):
    """A stand-in Hub: fetch writes the file where hf_hub_download would; checksums as the Hub gives them."""
    fetched = []

    def fetch(name, revision, folder):
        fetched.append(name)
        (folder / name).write_bytes(contents[name])
        return folder / name

    def checksums(revision):
        return {name: ("sha256", hashlib.sha256(data).hexdigest()) for name, data in contents.items()}

    return fetched, fetch, checksums


def test_fetches_each_file_checks_it_and_keeps_existing_ones(tmp_path):
    contents = {name: f"sample,A\n{name},1\n".encode() for name in PANCANCER_FILES}
    fetched, fetch, checksums = _hub(tmp_path, contents)
    dest = tmp_path / "pancancer"
    dest.mkdir()
    (dest / PANCANCER_FILES[0]).write_text("mine")
    written = download(dest, fetch=fetch, checksums=checksums, unreachable=lambda: None)
    assert [p.name for p in written] == list(PANCANCER_FILES[1:]) == fetched
    assert (dest / PANCANCER_FILES[0]).read_text() == "mine"
    assert (dest / PANCANCER_FILES[1]).read_bytes() == contents[PANCANCER_FILES[1]]
    assert sorted(p.name for p in dest.iterdir()) == sorted(PANCANCER_FILES)  # no staging folder left


def test_a_file_whose_checksum_differs_is_refused_and_not_kept(tmp_path):
    contents = {name: b"sample,A\ng,1\n" for name in PANCANCER_FILES}
    _, fetch, checksums = _hub(tmp_path, contents)

    def corrupted(name, revision, folder):
        path = fetch(name, revision, folder)
        path.write_bytes(b"sample,A\ng,2\n")
        return path

    dest = tmp_path / "pancancer"
    with pytest.raises(SystemExit, match=r"Pan-cancer_mRNA.csv: its sha256 checksum is not the one the Hub gives"):
        download(dest, fetch=corrupted, checksums=checksums, unreachable=lambda: None)
    assert list(dest.iterdir()) == []


def test_git_blob_checksum_is_the_one_git_computes(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"hello\n")
    assert file_checksum(path, "git") == "ce013625030ba8dba906f756967f9e9ca394464a"  # `git hash-object` of it


def test_the_pancancer_environment_reads_the_pinned_hub_folder_and_stops_at_once_offline(project, monkeypatch):
    from multiomics_imputation.cli import input_error
    from multiomics_imputation.cohort.hub import PANCANCER_URL
    from tests.conftest import run_kedro

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(Exception) as raised:
        run_kedro(project, "data_processing", env="pancancer")
    assert str(input_error(raised.value)).startswith(f"{PANCANCER_URL}: could not be reached")
    assert not (project / "data").exists() or not [p for p in (project / "data").rglob("*") if p.is_file()]
