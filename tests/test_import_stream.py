"""An export file is read a row at a time (``importers.exchange.stream``) and checked from
compact keys while its rows go to a spool (``exchange.checks``): the import must still refuse a
file whose one defect is in its very last row, with the database unchanged, and a streamed
import must end exactly as the import of the whole parsed document does.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import fingerprint, invoke_cli, make_workspace
from ptctui import db, store
from ptctui.importers import ImportFileError
from ptctui.importers.exchange import check_export, document, read_export
from ptctui.store.merge import merge_export

ROOT = Path(__file__).resolve().parent.parent


def _generated(root: Path, actions: int) -> Path:
    """A workspace of ``actions`` generated actions (bench/generate.py), as the benchmark
    makes them: about ten status changes and three updates an action."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_generate", module)
    spec.loader.exec_module(module)
    return Path(module.generate(actions, root))


def _export(path: Path, out: Path) -> dict[str, Any]:
    result = invoke_cli("--db", str(path), "export", "data", "-o", str(out))
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def _write_as_ptctui_does(doc: dict[str, Any], path: Path) -> None:
    """The export's layout: the head, then one row a line."""
    head = {k: v for k, v in doc.items() if k != "tables"}
    parts = [json.dumps(head)[:-1], ', "tables": {']
    for number, (name, rows) in enumerate(doc["tables"].items()):
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        parts.append(f'{"," if number else ""}\n{json.dumps(name)}: [\n{lines}\n]')
    parts.append("\n}}\n")
    path.write_text("".join(parts), encoding="utf-8")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A workspace of 2,000 actions and its export (some 40,000 rows)."""
    root = tmp_path_factory.mktemp("big")
    path = _generated(root / "ws", 2000)
    return path, _export(path, root / "big.json")


def _last_table(doc: dict[str, Any]) -> str:
    return [name for name, rows in doc["tables"].items() if rows][-1]


LAST_ROW_DEFECTS = {
    "a repeated UUID": (
        lambda rows: rows[-1].update(uuid=rows[0]["uuid"]),
        "repeats the uuid",
    ),
    "a broken link": (lambda rows: rows[-1].update(action_id=10**9), "no actions row with id"),
    "a NUL": (lambda rows: rows[-1].update(to_status="x\x00"), "NUL character"),
    "an unknown status": (lambda rows: rows[-1].update(to_status="vibing"), "unknown value"),
    "a time from the future": (
        lambda rows: rows[-1].update(at="2999-01-01T00:00:00+00:00"),
        "more than a day ahead",
    ),
}


@pytest.mark.parametrize("case", sorted(LAST_ROW_DEFECTS))
def test_a_defect_in_the_last_row_is_refused_and_nothing_changes(
    case: str, big: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, doc = big
    doc = json.loads(json.dumps(doc))  # a copy to spoil
    spoil, message = LAST_ROW_DEFECTS[case]
    table = "status_changes"
    spoil(doc["tables"][table])
    bad = tmp_path / "bad.json"
    _write_as_ptctui_does(doc, bad)
    target = make_workspace(tmp_path / "target")
    untouched = fingerprint(target)
    result = invoke_cli("--db", str(target), "import", str(bad))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad.json"), result.output
    assert message in lines[0]
    assert f"{table} row {len(doc['tables'][table])}" in lines[0]
    assert fingerprint(target) == untouched
    assert not (target.parent.parent / "backups").exists() or not any(
        (target.parent.parent / "backups").iterdir()
    )


def test_a_cut_in_the_last_table_is_refused_and_nothing_changes(
    big: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, doc = big
    whole = tmp_path / "whole.json"
    _write_as_ptctui_does(doc, whole)
    text = whole.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) - 40], encoding="utf-8")
    target = make_workspace(tmp_path / "target")
    untouched = fingerprint(target)
    result = invoke_cli("--db", str(target), "import", str(cut))
    assert result.exit_code == 1
    assert "cut.json is not valid JSON" in result.output and "cut short" in result.output
    assert fingerprint(target) == untouched


def test_a_file_as_ptctui_writes_it_is_never_read_whole(
    big: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = big
    file = tmp_path / "again.json"
    _export(path, file)

    def whole(_: Path) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(document, "_read_whole", whole)
    data = read_export(file)
    assert data.action_count == 2000
    assert data.count("status_changes") > 10_000


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every exported table's rows, by UUID where there is one (local ids differ)."""
    engine = db.make_engine(db.url_for(path))
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.reading(engine) as session:
        for name, rows in store.dump_tables(session=session):
            out[name] = sorted(
                tuple(sorted((k, v) for k, v in row.items() if k != "id" and not k.endswith("_id")))
                for row in rows
            )
    engine.dispose()
    return out


def test_a_streamed_import_ends_as_the_whole_documents_import(
    big: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """The streamed reading and the reading of the whole parsed document (the old one, and
    still the one for files not laid out as ptctui writes them) merge to the same data, into
    an empty database and into one that already holds the same data."""
    source, doc = big
    file = tmp_path / "file.json"
    _write_as_ptctui_does(doc, file)
    ends = []
    for how in ("streamed", "whole"):
        target = make_workspace(tmp_path / how, seed=False)
        engine = db.make_engine(db.url_for(target))
        with store.writing(engine) as session:
            report = merge_export(session=session, data=_read(file, doc, how))
        with store.writing(engine) as session:
            assert merge_export(session=session, data=_read(file, doc, how)).nothing
        engine.dispose()
        ends.append((report.summary(), _dump(target)))
    assert ends[0] == ends[1]
    assert ends[0][1] == _dump(source)


def _read(file: Path, doc: dict[str, Any], how: str) -> Any:
    return read_export(file) if how == "streamed" else check_export(json.loads(json.dumps(doc)))


def test_a_file_not_laid_out_as_ptctui_writes_it_still_imports(
    big: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Keys in another order (the tables before the format) read whole, as before."""
    _, doc = big
    odd = tmp_path / "odd.json"
    head = {k: v for k, v in doc.items() if k != "tables"}
    odd.write_text(json.dumps({"tables": doc["tables"], **head}))
    assert read_export(odd).action_count == 2000
    with pytest.raises(ImportFileError, match="is not a ptctui export"):
        read_export(_written(tmp_path / "none.json", {"tables": {}, "hello": 1}))


def _written(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path
