"""Fields, seniority and employment types from data/role_taxonomy.toml."""

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
from role_cards.model import EmploymentType, Seniority

S = Seniority

SMALL = """
[field]
fields = ["title", "tags"]
default = "other"
[[field.rules]]
value = "ai"
label = "AI"
domains = ["ai-machine-learning"]
keywords = ["llm*", "prompt"]
[[field.rules]]
value = "software"
label = "Software"
keywords = ["developer", "full stack"]
[[field.rules]]
value = "law"
label = "Law"
domains = ["law"]
[[field.rules]]
value = "other"
label = "Other"
domains = ["other"]
vague = true

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


def field_of(title: str, **kwargs: object) -> str:
    return classify(title, **kwargs)[0].field  # type: ignore[arg-type]


# --- the shipped taxonomy: micro1's domains ---------------------------------------

# micro1's domain_slug values (REFERENCE: 17 seen, most frequent first).
MICRO1_DOMAINS = {
    "sciences-research": "sciences-research",
    "software-engineering": "software-engineering",
    "law": "law",
    "applied-engineering": "engineering",
    "business-operations": "business-operations",
    "ai-machine-learning": "ai-machine-learning",
    "language-audio": "language-audio",
    "robotics": "robotics",
    "sales-marketing": "sales-marketing",
    "medicine": "medicine",
    "finance": "finance",
    "skilled-trades-construction": "skilled-trades",
    "arts-design": "arts-design",
    "data-analysis": "data-analysis",
    "cybersecurity": "cybersecurity",
}


@pytest.mark.parametrize(("domain", "field"), MICRO1_DOMAINS.items())
def test_every_specific_micro1_domain_maps_to_its_field(
    domain: str, field: str
) -> None:
    # The domain decides, whatever the title says.
    choice, _ = classify("Expert Reviewer", department=domain)
    assert (choice.field, choice.how) == (field, "domain")


@pytest.mark.parametrize(
    ("title", "domain", "field"),
    [
        # "other", "generalist" and no domain: the keywords get a say first.
        ("Chess Coach", "other", "other-expert"),
        ("Nutrition Expert", "other", "medicine"),
        ("History Teacher", "other", "humanities-education"),
        ("Tax Accountant", "", "finance"),
        ("Generalist AI Trainer", "generalist", "generalist"),
        ("Spanish Writer", "generalist", "language-audio"),
        ("Generalist", "", "generalist"),
        ("Reviewer", "", "other-expert"),
    ],
)
def test_vague_domains_are_read_by_keyword_then_fall_back(
    title: str, domain: str, field: str
) -> None:
    assert field_of(title, department=domain) == field


def test_an_unknown_domain_uses_the_keywords_and_says_so() -> None:
    choice, _ = classify("Corporate Lawyer", department="Legal-Services")
    assert (choice.field, choice.how, choice.unknown_domain) == (
        "law",
        "keywords",
        "legal-services",
    )
    assert classify("Lawyer", department="law")[0].unknown_domain == ""


@pytest.mark.parametrize(
    ("title", "field", "seniority"),
    [
        ("Senior LLM Engineer (RAG pipelines)", "ai-machine-learning", S.SENIOR),
        ("Staff NLP Scientist", "ai-machine-learning", S.STAFF),
        ("Mid-level Backend Developer", "software-engineering", S.MID),
        ("Sr Software Engineer", "software-engineering", S.SENIOR),
        ("Jr. Data Analyst", "data-analysis", S.JUNIOR),
        ("Penetration Tester", "cybersecurity", S.UNSPECIFIED),
        ("Corporate Lawyer \u2013 AI Training", "law", S.UNSPECIFIED),
        ("Physician (Cardiology)", "medicine", S.UNSPECIFIED),
        ("Graduate-level Physics Expert", "sciences-research", S.UNSPECIFIED),
        ("Mandarin Linguist", "language-audio", S.UNSPECIFIED),
        ("Humanoid Robot Teleoperator", "robotics", S.UNSPECIFIED),
        ("Licensed Electrician", "skilled-trades", S.UNSPECIFIED),
        ("Mechanical Engineer", "engineering", S.UNSPECIFIED),
        ("UX Designer", "arts-design", S.UNSPECIFIED),
        ("Head of Sales", "sales-marketing", S.STAFF),
        # Word boundaries: "rag" is not "storage", "intern" is not "internal".
        ("Storage Administrator", "business-operations", S.UNSPECIFIED),
        ("Internal Auditor", "finance", S.UNSPECIFIED),
    ],
)
def test_shipped_keywords_classify_titles_without_a_domain(
    title: str, field: str, seniority: Seniority
) -> None:
    choice, level = classify(title)
    assert (choice.field, level) == (field, seniority)


def test_title_wins_over_tags_and_skills() -> None:
    assert field_of("Senior Python Developer", skills=["Prompt engineering"]) == (
        "software-engineering"
    )


def test_a_phrase_never_matches_across_two_tags() -> None:
    assert field_of("Expert", tags=["machine", "learning"]) == "other-expert"
    assert field_of("Expert", tags=["machine learning"]) == "ai-machine-learning"


def test_seniority_ignores_the_department() -> None:
    assert classify("Analyst", department="Head of Research")[1] is S.UNSPECIFIED


def test_the_shipped_fields_have_labels_and_two_vague_buckets() -> None:
    fields = load_taxonomy(DEFAULT_TAXONOMY_PATH).field
    assert len(fields.fields) >= 15
    assert all(f.label for f in fields.fields)
    assert [f.slug for f in fields.fields if f.vague] == ["generalist", "other-expert"]
    assert fields.label("law") == "Law"
    assert set(MICRO1_DOMAINS) | {"other", "generalist"} == set(fields.domains)


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
    used = {rule.value for rule in taxonomy.seniority.rules}
    assert used | {taxonomy.seniority.default} == {s.value for s in Seniority}


# --- rules come from the file --------------------------------------------------


def test_rules_are_read_from_the_file_in_order(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path, SMALL))

    def field(title: str, **kwargs: object) -> str:
        return classify(title, taxonomy=taxonomy, **kwargs)[0].field  # type: ignore[arg-type]

    assert field("LLM developer") == "ai"
    assert field("LLMs") == "ai"  # "llm*" is a prefix
    assert field("Prompting lead") == "other"  # whole word
    assert field("Full_Stack dev") == "software"
    assert field("Fullstack dev") == "other"
    assert field("Reviewer", skills=["LLM"]) == "other"  # skills are not read
    assert field("Reviewer", tags=["LLM"]) == "ai"
    assert field("Developer", department="law") == "law"  # the domain decides
    assert field("Developer", department="other") == "software"  # vague: keywords
    assert taxonomy.field.label("software") == "Software"
    assert employment_type("Contractor", taxonomy=taxonomy) is EmploymentType.CONTRACT
    assert employment_type("Full-time", taxonomy=taxonomy) is EmploymentType.UNSPECIFIED


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    assert classify("Prompt", taxonomy=load_taxonomy(path))[0].field == "ai"
    path.write_text(SMALL.replace('"llm*", "prompt"', '"llm*"'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert classify("Prompt", taxonomy=load_taxonomy(path))[0].field == "other"


def test_an_unchanged_file_is_cached(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL)
    assert load_taxonomy(path) is load_taxonomy(path)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('value = "ai"', 'value = "A I"'), "field.rules[0].value"),
        (('label = "AI"', 'label = ""'), "field.rules[0].label"),
        (('value = "software"', 'value = "ai"'), "field.rules[1].value"),
        (('domains = ["law"]', 'domains = ["ai-machine-learning"]'), "field.rules[2]"),
        (('domains = ["law"]', "domains = []"), "field.rules[2] (law)"),
        (('domains = ["law"]', 'domains = "law"'), "field.rules[2].domains"),
        (("vague = true", 'vague = "yes"'), "field.rules[3].vague"),
        (
            ('keywords = ["llm*", "prompt"]', "keywords = []"),
            "field.rules[0].keywords",
        ),
        (
            ('keywords = ["llm*", "prompt"]', 'keywords = ["*"]'),
            "field.rules[0].keywords",
        ),
        (('keywords = ["senior"]', "keywords = [3]"), "seniority.rules[0].keywords"),
        (('fields = ["title"]', 'fields = ["body"]'), "seniority.fields"),
        (('default = "other"', 'default = "misc"'), "field.default"),
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
        load_taxonomy(_write(tmp_path, "[field\n"))
    with pytest.raises(TaxonomyError, match="cannot read"):
        load_taxonomy(tmp_path / "missing.toml")
