"""Disciplines, seniority and employment types from data/role_taxonomy.toml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from role_cards.classify import (
    DEFAULT_TAXONOMY_PATH,
    TaxonomyError,
    classify,
    employment_type,
    load_taxonomy,
)
from role_cards.model import Discipline, EmploymentType, Seniority

D, S = Discipline, Seniority

SMALL = """
[discipline]
fields = ["title", "tags"]
default = "other-expert"
[[discipline.rules]]
value = "llm"
keywords = ["llm*", "prompt"]
[[discipline.rules]]
value = "software-engineering"
keywords = ["developer", "full stack"]

[seniority]
fields = ["title"]
default = "unspecified"
[[seniority.rules]]
value = "senior"
keywords = ["senior"]

[employment_type]
fields = ["value"]
default = "unspecified"
[[employment_type.rules]]
value = "contract"
keywords = ["contract*"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "taxonomy.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the shipped taxonomy ------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "discipline", "seniority"),
    [
        ("Senior LLM Engineer (RAG pipelines)", D.LLM, S.SENIOR),
        ("Prompt Engineer", D.LLM, S.UNSPECIFIED),
        ("Fine-tuning Specialist", D.LLM, S.UNSPECIFIED),
        ("Generative AI Researcher", D.LLM, S.UNSPECIFIED),
        ("Staff NLP Scientist", D.NLP, S.STAFF),
        ("Computer Vision Engineer", D.COMPUTER_VISION, S.UNSPECIFIED),
        ("OCR Pipeline Developer", D.COMPUTER_VISION, S.UNSPECIFIED),
        ("Lead MLOps Engineer", D.MLOPS, S.STAFF),
        ("ML Platform Engineer", D.MLOPS, S.UNSPECIFIED),
        ("Jr. Data Scientist", D.DATA_SCIENCE, S.JUNIOR),
        ("Data Analyst, Marketing", D.DATA_SCIENCE, S.UNSPECIFIED),
        ("Machine Learning Engineer II", D.CLASSICAL_ML, S.UNSPECIFIED),
        ("Principal ML Engineer, Recommendations", D.CLASSICAL_ML, S.STAFF),
        ("Mid-level Backend Developer", D.SOFTWARE, S.MID),
        ("Full-Stack Engineer", D.SOFTWARE, S.UNSPECIFIED),
        ("Sr Software Engineer", D.SOFTWARE, S.SENIOR),
        ("Senior Staff Engineer", D.OTHER, S.STAFF),
        ("Software Engineering Intern", D.SOFTWARE, S.JUNIOR),
        ("Head of Data Science", D.DATA_SCIENCE, S.STAFF),
        ("Corporate Lawyer \u2013 AI Training", D.OTHER, S.UNSPECIFIED),
        ("Physician (Cardiology)", D.OTHER, S.UNSPECIFIED),
        ("Graduate-level Physics Expert", D.OTHER, S.UNSPECIFIED),
        # Word boundaries: "rag" is not "storage", "intern" is not "internal".
        ("Storage Administrator", D.OTHER, S.UNSPECIFIED),
        ("Internal Auditor", D.OTHER, S.UNSPECIFIED),
        ("Mandarin Linguist", D.OTHER, S.UNSPECIFIED),
    ],
)
def test_shipped_taxonomy_classifies_titles(
    title: str, discipline: Discipline, seniority: Seniority
) -> None:
    assert classify(title) == (discipline, seniority)


def test_title_wins_over_tags_and_skills() -> None:
    result = classify(
        "Senior Python Developer", tags=["LLM", "GenAI"], skills=["Prompt engineering"]
    )
    assert result == (D.SOFTWARE, S.SENIOR)


def test_department_then_tags_then_skills_decide_when_the_title_does_not() -> None:
    assert (
        classify("Expert Reviewer", department="computer-vision")[0]
        is D.COMPUTER_VISION
    )
    assert classify("Expert Reviewer", tags=["Data Analysis"])[0] is D.DATA_SCIENCE
    assert classify("Expert Reviewer", skills=["XGBoost"])[0] is D.CLASSICAL_ML
    assert (
        classify("Expert Reviewer", department="analytics", skills=["LLM"])[0]
        is D.DATA_SCIENCE
    )


def test_a_phrase_never_matches_across_two_tags() -> None:
    assert classify("Expert", tags=["machine", "learning"])[0] is D.OTHER
    assert classify("Expert", tags=["machine learning"])[0] is D.CLASSICAL_ML


def test_seniority_ignores_the_department() -> None:
    assert classify("Analyst", department="Head of Research")[1] is S.UNSPECIFIED


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("FULL_TIME", EmploymentType.FULL_TIME),
        ("Full-time", EmploymentType.FULL_TIME),
        ("FullTime", EmploymentType.FULL_TIME),
        ("full_time", EmploymentType.FULL_TIME),
        ("PartTime", EmploymentType.PART_TIME),
        ("part_time", EmploymentType.PART_TIME),
        ("CONTRACTOR", EmploymentType.CONTRACT),
        ("Contract", EmploymentType.CONTRACT),
        ("hourly", EmploymentType.CONTRACT),
        ("Freelance", EmploymentType.CONTRACT),
        ("Internship", EmploymentType.INTERN),
        ("INTERN", EmploymentType.INTERN),
        ("TEMPORARY", EmploymentType.TEMPORARY),
        ("Part-time contract", EmploymentType.PART_TIME),
        (["OTHER", "CONTRACTOR", "PART_TIME"], EmploymentType.CONTRACT),
        ("VOLUNTEER", EmploymentType.UNSPECIFIED),
        ("", EmploymentType.UNSPECIFIED),
        (None, EmploymentType.UNSPECIFIED),
        (42, EmploymentType.UNSPECIFIED),
    ],
)
def test_employment_type_mapping(value: object, expected: EmploymentType) -> None:
    assert employment_type(value) is expected


def test_shipped_taxonomy_covers_every_value() -> None:
    taxonomy = load_taxonomy(DEFAULT_TAXONOMY_PATH)
    used = {rule.value for rule in taxonomy.discipline.rules}
    assert used | {taxonomy.discipline.default} == {d.value for d in Discipline}
    used = {rule.value for rule in taxonomy.seniority.rules}
    assert used | {taxonomy.seniority.default} == {s.value for s in Seniority}


# --- rules come from the file --------------------------------------------------


def test_rules_are_read_from_the_file_in_order(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, SMALL))
    assert classify("LLM developer", taxonomy=taxonomy)[0] is D.LLM
    assert classify("LLMs", taxonomy=taxonomy)[0] is D.LLM  # "llm*" is a prefix
    assert classify("Prompting lead", taxonomy=taxonomy)[0] is D.OTHER  # whole word
    assert classify("Full_Stack dev", taxonomy=taxonomy)[0] is D.SOFTWARE
    assert classify("Fullstack dev", taxonomy=taxonomy)[0] is D.OTHER
    assert classify("Reviewer", skills=["LLM"], taxonomy=taxonomy)[0] is D.OTHER
    assert classify("Reviewer", tags=["LLM"], taxonomy=taxonomy)[0] is D.LLM
    assert employment_type("Contractor", taxonomy=taxonomy) is EmploymentType.CONTRACT
    assert employment_type("Full-time", taxonomy=taxonomy) is EmploymentType.UNSPECIFIED


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    assert classify("Prompt", taxonomy=load_taxonomy(path))[0] is D.LLM
    path.write_text(SMALL.replace('"llm*", "prompt"', '"llm*"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert classify("Prompt", taxonomy=load_taxonomy(path))[0] is D.OTHER


def test_an_unchanged_file_is_cached(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    assert load_taxonomy(path) is load_taxonomy(path)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('value = "llm"', 'value = "llms"'), "discipline.rules[0].value"),
        (
            ('keywords = ["llm*", "prompt"]', "keywords = []"),
            "discipline.rules[0].keywords",
        ),
        (
            ('keywords = ["llm*", "prompt"]', 'keywords = ["*"]'),
            "discipline.rules[0].keywords",
        ),
        (('keywords = ["senior"]', "keywords = [3]"), "seniority.rules[0].keywords"),
        (('fields = ["title"]', 'fields = ["body"]'), "seniority.fields"),
        (('default = "other-expert"', 'default = "misc"'), "discipline.default"),
        (('fields = ["value"]', 'fields = "value"'), "employment_type.fields"),
        (('value = "contract"', 'value = "gig"'), "employment_type.rules[0].value"),
    ],
)
def test_an_invalid_taxonomy_names_the_file_and_the_key(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    path = _write(tmp_path, SMALL.replace(*change))
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    message = str(caught.value)
    assert str(path) in message
    assert key in message


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL.split("[employment_type]", maxsplit=1)[0])
    with pytest.raises(TaxonomyError, match=r"\[employment_type\] is missing"):
        load_taxonomy(path)


def test_invalid_toml_and_missing_file_are_reported(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyError, match="not valid TOML"):
        load_taxonomy(_write(tmp_path, "[discipline\n"))
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "missing.toml")
