"""The search index a build writes: what each entry gives it, one index per language stemmed
for it, the file encoding, bounded memory, and the overlay that keeps it up to date. The search
page itself is tested in a browser (tests/browser/test_search.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, REPO_ROOT, RESULT, SiteFactory

from generator.build import BuildOptions, build_site
from generator.search import FOLDER, SearchRecord, layer, update
from generator.search import encoding as enc
from generator.search.text import SNOWBALL, fold, stemmer, words
from generator.views.search_facts import SEARCH_FACETS, SEARCH_SORTS
from generator.writer import OutputWriter

BILINGUAL = {
    "showcase.yaml": "title: Test site\nbase_url: https://test.example.org/\nmode: catalogue\n"
    "languages: [en, de]\npublisher: {name: Test Agency}\n",
    # A field priority besides the horizontal one: the priority filter offers horizontal ones only.
    "content/projects/testing.md": PROJECT.replace(
        "priorities: [inclusion]", "priorities: [inclusion, sch-learning-disadvantage]"
    ),
    "content/results/toolkit.de.md": "---\ntitle: Ein Werkzeugkasten für Lehrerinnen\n---\nDer Text.\n",
}

EU_LANGUAGES = ["bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr"]
EU_LANGUAGES += ["hu", "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"]


def read_index(out: Path, lang: str = "en") -> dict[str, dict[str, Any]]:
    """URL -> what a language's published index holds of the page: the base's documents less those
    the manifest deletes, then the overlay's. Each: its shown data, filters, sort values (but the
    title's, which are positions), stems with their impacts."""
    manifest = json.loads((out / update.manifest_path(lang)).read_text())
    found: dict[str, dict[str, Any]] = {}
    for number, info in enumerate(manifest["layers"]):
        folder = out / FOLDER / lang / info["path"]
        deleted = set(manifest["deleted"]) if number == 0 else set()
        rows = []
        for chunk in range(-(-info["documents"] // info["chunk"])):
            rows += json.loads(enc.unpack((folder / "d" / f"{chunk}.bin").read_bytes()))
        documents: list[dict[str, Any]] = [{"row": row, "filters": {}, "sorts": {}, "stems": {}} for row in rows]
        for name in info["filters"]:
            for value, numbers in enc.decode_filter((folder / "f" / f"{name}.bin").read_bytes()).items():
                for document in numbers:
                    documents[document]["filters"].setdefault(name, []).append(value)
        for key in info["sorts"]:
            for document, value in enumerate(enc.decode_sort((folder / "o" / f"{key}.bin").read_bytes())):
                if value is not None and key != "title":
                    documents[document]["sorts"][key] = value
        for shard in range(len(info["shards"])):
            data = (folder / "s" / f"{shard}.bin").read_bytes()
            for position, (key, _, tails, head) in enumerate(enc.decode_shard(data)):
                postings = list(head)
                for tail in range(tails):
                    postings += enc.decode_tail((folder / "t" / f"{shard}-{position}-{tail}.bin").read_bytes())
                for posting in postings:
                    documents[posting >> 8]["stems"][key] = posting & 0xFF
        for document, data in enumerate(documents):
            if document not in deleted:
                found[data["row"][0]] = data
    return found


def surfaces(out: Path, lang: str = "en") -> dict[str, list[str]]:
    """Surface word -> its stems, in the base layer."""
    manifest = json.loads((out / update.manifest_path(lang)).read_text())
    info = manifest["layers"][0]
    found = {}
    for shard in range(len(info["shards"])):
        for key, stems, _, _ in enc.decode_shard(
            (out / FOLDER / lang / info["path"] / "s" / f"{shard}.bin").read_bytes()
        ):
            if stems:
                found[key] = stems
    return found


@pytest.fixture
def built(make_site: SiteFactory, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build_site(BuildOptions(site=make_site(BILINGUAL), out=out))
    return out


def test_a_result_carries_its_own_and_its_projects_facts(built: Path) -> None:
    result = read_index(built)["/results/toolkit/"]
    filters = {name: sorted(values) for name, values in result["filters"].items()}
    assert filters == {
        "kind": ["result"],
        "country": ["DE", "GR", "PL"],
        "field": ["SCH"],
        "action": ["KA220-SCH"],
        "year": ["2023"],
        "priority": ["inclusion"],
        "category": ["handbook-guide"],
        "licence": ["CC-BY-4.0"],
        "language": ["de", "en"],
        "readiness": ["3"],
        "status": ["ongoing"],  # the project gives no dates
    }
    url, title, kind, excerpt, meta = result["row"]
    assert (url, title, kind, excerpt) == ("/results/toolkit/", "A reusable toolkit", "result", "The result's body.")
    assert meta == {
        "country": "Germany, Poland, Greece",
        "year": "2023",
        "licence": "CC-BY-4.0",
        "readiness": "Reuse readiness: 3 of 7",
    }
    assert result["sorts"] == {"readiness": 3}  # no publication date given


def test_every_entry_kind_is_indexed_and_nothing_else(built: Path) -> None:
    index = read_index(built)
    assert {data["row"][2] for data in index.values()} == {"project", "result", "organisation"}
    organisations = ["/organisations/alpha/", "/organisations/beta/", "/organisations/gamma/"]
    assert sorted(index) == [*organisations, "/projects/testing/", "/results/toolkit/"]
    assert index["/organisations/beta/"]["filters"]["country"] == ["PL"]


def test_an_entry_is_found_by_its_own_words_not_by_the_page_frame(built: Path) -> None:
    stems = read_index(built)["/results/toolkit/"]["stems"]
    stem = stemmer("en")
    assert {stem("reusable"), stem("toolkit"), stem("body")} <= stems.keys()
    # The header, menu, funding statement and the cards of other entries are not the entry's text.
    assert stem("co-funded") not in stems and stem("skip") not in stems and stem("testing") not in stems


def test_the_title_weighs_more_than_the_body(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/results/toolkit.md": RESULT.replace("The result's body.", "Toolkit and wetlands.")})
    build_site(BuildOptions(site=site, out=tmp_path / "out"))
    stems = read_index(tmp_path / "out")["/results/toolkit/"]["stems"]
    assert stems["toolkit"] > stems["wetland"] > 0


def test_the_body_counts_from_its_start_up_to_a_limit(make_site: SiteFactory, tmp_path: Path) -> None:
    body = " ".join(f"filler{n:03d}" for n in range(400))
    site = make_site({"content/results/toolkit.md": RESULT.replace("The result's body.", body)})
    build_site(BuildOptions(site=site, out=tmp_path / "out"))
    stems = read_index(tmp_path / "out")["/results/toolkit/"]["stems"]
    assert "filler000" in stems and f"filler{layer.BODY_WORDS - 1:03d}" in stems
    assert f"filler{layer.BODY_WORDS:03d}" not in stems


def test_each_language_has_its_own_index_stemmed_for_it(built: Path) -> None:
    german = read_index(built, "de")
    assert [data["row"][1] for data in german.values()] == ["Ein Werkzeugkasten für Lehrerinnen"]
    stems = german["/de/results/toolkit/"]["stems"]
    assert stemmer("de")("Lehrerinnen") == stemmer("de")("Lehrer") == "lehr"
    assert "lehr" in stems and "werkzeugkast" in stems
    # The browser looks up surface words, folded: "lehrerinnen" and "fur" lead to their stems.
    words_of = surfaces(built, "de")
    assert words_of["lehrerinnen"] == ["lehr"]
    assert "/de/results/toolkit/" not in read_index(built, "en")


def test_languages_without_a_stemmer_are_folded() -> None:
    assert sorted(set(EU_LANGUAGES) - SNOWBALL.keys()) == ["bg", "hr", "lv", "mt", "sk", "sl"]
    for lang in EU_LANGUAGES:
        stemmer(lang)("Ευρωπαϊκή")  # every language stems or folds any word without failing
    assert stemmer("sk")("Vzdelávanie") == "vzdelavanie"
    assert fold("Straße") == "strasse" and fold("ΈΡΓΟΣ") == "εργοσ"
    assert list(words("l'école, e-Learning 2023 à")) == ["école", "Learning", "2023"]


# --- the files ----------------------------------------------------------------------------------


def record(url: str, text: str, lang: str = "en", **extra: Any) -> SearchRecord:
    return SearchRecord(url=url, lang=lang, kind="news", title=url, fields={"body": text}, excerpt=text, **extra)


def build_layer(tmp_path: Path, records: list[SearchRecord]) -> Path:
    writer = OutputWriter(tmp_path / "out")
    writer.begin()
    builder = layer.LayerBuilder(writer, "search/en/base-1", "en")
    for item in records:
        builder.add(item)
    info = builder.finish()
    writer.write(update.manifest_path("en"), json.dumps({"layers": [info.to_json()], "deleted": []}).encode())
    writer.publish()
    return tmp_path / "out"


def test_varints_and_postings_read_back_as_written() -> None:
    out = bytearray()
    for value in (0, 1, 127, 128, 300, 2**31 + 5):
        enc.varint(value, out)
    reader = enc.Reader(bytes(out))
    assert [reader.varint() for _ in range(6)] == [0, 1, 127, 128, 300, 2**31 + 5]
    postings = enc.impact_order([5 << 8 | 9, 2 << 8 | 200, 7 << 8 | 200, 1 << 8 | 9])
    assert [(p >> 8, p & 0xFF) for p in postings] == [(2, 200), (7, 200), (1, 9), (5, 9)]
    assert enc.decode_tail(enc.encode_tail(postings)) == postings


def test_a_very_common_word_keeps_its_first_postings_in_the_shard_and_the_rest_in_tails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(enc, "HEAD", 10)
    monkeypatch.setattr(enc, "TAIL", 8)
    out = build_layer(tmp_path, [record(f"/n/{n}/", "common " * (1 + n % 3) + f"rare{n}") for n in range(30)])
    folder = out / "search/en/base-1"
    [(key, _, tails, head)] = [e for e in enc.decode_shard((folder / "s/0.bin").read_bytes()) if e[0] == "common"]
    assert (len(head), tails) == (10, 3)
    impacts = [p & 0xFF for p in head]
    assert impacts == sorted(impacts, reverse=True)  # the best matches come first
    assert all(p & 0xFF == max(impacts) for p in head)
    index = read_index(out)
    assert all("common" in data["stems"] for data in index.values())


def test_memory_is_bounded_by_runs_spilled_to_disk_and_merged_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [record(f"/n/{n}/", f"alpha beta{n % 7} gamma{n} shared words here") for n in range(200)]
    one_run = build_layer(tmp_path / "one", records)
    monkeypatch.setattr(layer, "RUN_POSTINGS", 50)
    monkeypatch.setattr(layer, "SHARD_BYTES", 200)
    spilled = build_layer(tmp_path / "many", records)
    assert read_index(spilled) == read_index(one_run)
    assert len(json.loads((spilled / update.manifest_path("en")).read_text())["layers"][0]["shards"]) > 5


def test_the_same_site_makes_the_same_index_whatever_the_number_of_workers(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site(MORE_RESULTS)
    build_site(BuildOptions(site=site, out=tmp_path / "one", workers=1))
    build_site(BuildOptions(site=site, out=tmp_path / "two", workers=2))

    def files(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / FOLDER).rglob("*") if p.is_file()}

    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_the_search_doc_describes_every_filter_and_sort() -> None:
    text = (REPO_ROOT / "docs" / "search.md").read_text()
    missing = [name for name, _ in SEARCH_FACETS if f"`{name}`" not in text]
    missing += [f"sort {key}" for key in SEARCH_SORTS if f"`{key}`" not in text]
    assert missing == []


# --- keeping the index up to date: the overlay ----------------------------------------------


def manifest(out: Path, lang: str = "en") -> dict:
    return json.loads((out / update.manifest_path(lang)).read_text())


def base_files(out: Path) -> dict[str, bytes]:
    base = out / FOLDER / "en" / manifest(out)["layers"][0]["path"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}


MORE_RESULTS = {
    f"content/results/guide-{n}.md": RESULT.replace("A reusable toolkit", f"Guide number {n}") for n in range(1, 4)
}


def comparable(index: dict[str, dict[str, Any]]) -> dict[str, tuple]:
    return {
        url: (data["row"], {k: sorted(v) for k, v in data["filters"].items()}, data["sorts"], data["stems"])
        for url, data in index.items()
    }


def test_an_edit_indexes_the_changed_entry_into_the_overlay_and_keeps_the_base(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    base = base_files(out)
    assert [layer["path"] for layer in manifest(out)["layers"]] == ["base-1/"] and manifest(out)["deleted"] == []

    (site / "content/results/guide-2.md").write_text(
        MORE_RESULTS["content/results/guide-2.md"]
        .replace("The result's body.", "A body about wetlands.")
        .replace("CC-BY-4.0", "CC-BY-SA-4.0")
    )
    build_site(BuildOptions(site=site, out=out))
    assert base_files(out) == base
    layers = manifest(out)["layers"]
    assert [layer["path"] for layer in layers] == ["base-1/", "overlay-2/"]
    # Only the result's own record changed: the project page that lists it shows its licence, but
    # the project's record does not hold it.
    assert layers[1]["documents"] == 1 and len(manifest(out)["deleted"]) == 1
    edited = read_index(out)["/results/guide-2/"]
    assert "wetland" in edited["stems"] and edited["filters"]["licence"] == ["CC-BY-SA-4.0"]


def test_the_overlay_places_its_titles_among_the_base_ones(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    (site / "content/results/guide-2.md").write_text(
        MORE_RESULTS["content/results/guide-2.md"].replace("Guide number 2", "Guide number 2b")
    )
    build_site(BuildOptions(site=site, out=out))
    base, overlay = manifest(out)["layers"]
    titles = enc.decode_sort((out / FOLDER / "en" / base["path"] / "o/title.bin").read_bytes())
    [placed] = enc.decode_sort((out / FOLDER / "en" / overlay["path"] / "o/title.bin").read_bytes())
    rows = read_index(out)
    third = titles[_document_number(out, "/results/guide-3/")]
    second = titles[_document_number(out, "/results/guide-2/")]
    # "guide number 2b" sorts after the base's "guide number 2" and just before "guide number 3".
    assert placed is not None and second is not None and third is not None and second < placed < third
    assert "/results/guide-2/" in rows


def _document_number(out: Path, url: str) -> int:
    info = manifest(out)["layers"][0]
    folder = out / FOLDER / "en" / info["path"]
    rows = []
    for chunk in range(-(-info["documents"] // info["chunk"])):
        rows += json.loads(enc.unpack((folder / "d" / f"{chunk}.bin").read_bytes()))
    return [row[0] for row in rows].index(url)


def test_a_deleted_entry_leaves_the_index_through_the_manifest(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(MORE_RESULTS), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out))
    gone = _document_number(out, "/results/guide-3/")
    (site / "content/results/guide-3.md").unlink()
    build_site(BuildOptions(site=site, out=out))
    assert gone in manifest(out)["deleted"]
    assert "/results/guide-3/" not in read_index(out)


def test_an_incremental_index_holds_what_a_cold_one_holds(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out, cold = make_site(MORE_RESULTS), tmp_path / "out", tmp_path / "cold"
    build_site(BuildOptions(site=site, out=out))
    (site / "content/results/guide-1.md").write_text(
        MORE_RESULTS["content/results/guide-1.md"].replace("CC-BY-4.0", "CC0-1.0").replace("body", "wetlands")
    )
    (site / "content/results/guide-3.md").unlink()
    (site / "content/results/guide-4.md").write_text(RESULT.replace("A reusable toolkit", "A new guide"))
    build_site(BuildOptions(site=site, out=out))
    build_site(BuildOptions(site=site, out=cold))
    assert len(manifest(out)["layers"]) == 2
    assert comparable(read_index(out)) == comparable(read_index(cold))


def test_past_its_limit_the_overlay_is_merged_into_a_new_base(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out, cold = make_site(MORE_RESULTS), tmp_path / "out", tmp_path / "cold"
    build_site(BuildOptions(site=site, out=out))
    monkeypatch.setattr(update, "overlay_limit", lambda base_documents: 1)
    (site / "content/results/guide-1.md").write_text(
        MORE_RESULTS["content/results/guide-1.md"].replace("The result's body.", "A body about wetlands.")
    )
    (site / "content/results/guide-3.md").unlink()
    build_site(BuildOptions(site=site, out=out))
    assert [layer["path"] for layer in manifest(out)["layers"]] == ["base-2/"] and manifest(out)["deleted"] == []
    assert not (out / FOLDER / "en" / "base-1").exists()
    build_site(BuildOptions(site=site, out=cold))
    assert comparable(read_index(out)) == comparable(read_index(cold))
    # The merged base places titles in order as a fresh one does.
    assert _title_order(out) == _title_order(cold)


def _title_order(out: Path) -> list[str]:
    info = manifest(out)["layers"][0]
    values = enc.decode_sort((out / FOLDER / "en" / info["path"] / "o/title.bin").read_bytes())
    urls = {_document_number(out, url): url for url in read_index(out)}
    return [urls[n] for n in sorted(urls, key=lambda n: values[n] or 0)]


def test_an_index_whose_files_are_gone_is_built_again_whole(make_site: SiteFactory, tmp_path: Path) -> None:
    """A rebuild that renders one page still indexes every entry when the published index is lost."""
    site, out, cold = make_site(MORE_RESULTS), tmp_path / "out", tmp_path / "cold"
    build_site(BuildOptions(site=site, out=out))
    (out / update.manifest_path("en")).unlink()
    (site / "content/results/guide-1.md").write_text(
        MORE_RESULTS["content/results/guide-1.md"].replace("The result's body.", "A body about wetlands.")
    )
    build_site(BuildOptions(site=site, out=out))
    build_site(BuildOptions(site=site, out=cold))
    assert [layer["path"] for layer in manifest(out)["layers"]] == ["base-1/"]
    assert comparable(read_index(out)) == comparable(read_index(cold))
