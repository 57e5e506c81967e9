"""The demo's data files are checked before anything is loaded: a bad file is refused with a
message that names the file, the entry and the field."""

import shutil

import pytest
import yaml

from demo.schema import DATA_DIR, DemoDataError, read_data

GARAGE = "Garage solidaire Roue Libre"


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the data files to spoil."""
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(directory, name, change):
    path = directory / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")


def initiative(content, title=GARAGE):
    return next(entry for entry in content if entry["title"] == title)


def refusal(directory) -> str:
    with pytest.raises(DemoDataError) as refused:
        read_data(directory)
    return str(refused.value)


def test_the_shipped_files_pass():
    data = read_data()

    assert len(data.initiatives) >= 30
    assert data.by_title[GARAGE].history[-1].name == "open_spreading"
    assert sum(len(specs) for specs in data.evaluations.values()) >= 20


def test_a_missing_field_is_named_with_its_file_and_entry(data_dir):
    edit(data_dir, "initiatives.yaml", lambda c: initiative(c).pop("owner"))

    assert refusal(data_dir).endswith(
        f"initiatives.yaml: entry 18 (« {GARAGE} »): field 'owner': missing"
    )


def test_a_misspelt_field_is_refused_rather_than_ignored(data_dir):
    edit(data_dir, "initiatives.yaml", lambda c: initiative(c).update(sumary="Un garage."))

    assert f"initiatives.yaml: entry 18 (« {GARAGE} »): field 'sumary': unknown field" in refusal(
        data_dir
    )


def test_a_value_of_the_wrong_type_is_refused(data_dir):
    edit(data_dir, "initiatives.yaml", lambda c: initiative(c).update(budget=["beaucoup"]))

    message = refusal(data_dir)
    assert f"« {GARAGE} »" in message
    assert "field 'budget': expected a number, found a list" in message


def test_a_choice_the_models_do_not_know_is_refused_with_the_known_ones(data_dir):
    edit(data_dir, "initiatives.yaml", lambda c: initiative(c).update(maturity="mature"))

    message = refusal(data_dir)
    assert "field 'maturity': 'mature' is not one of experimentation, modelling, deployment" in (
        message
    )


def test_a_step_that_is_no_transition_is_refused(data_dir):
    edit(
        data_dir,
        "initiatives.yaml",
        lambda c: initiative(c)["history"][1].update(step="reperer"),
    )

    message = refusal(data_dir)
    assert "field 'history[1].step': 'reperer' is not a transition of Initiative" in message


def test_a_history_that_goes_back_in_time_is_refused(data_dir):
    edit(data_dir, "initiatives.yaml", lambda c: initiative(c)["history"][2].update(days_ago=999))

    message = refusal(data_dir)
    assert f"initiatives.yaml: entry 18 (« {GARAGE} »): field 'history[2].days_ago'" in message
    assert "999 days ago does not come after history[1].days_ago" in message


def test_a_reference_to_an_unknown_account_is_refused(data_dir):
    edit(
        data_dir,
        "initiatives.yaml",
        lambda c: initiative(c).update(owner="personne@essaim.demo"),
    )

    assert refusal(data_dir) == (
        f"initiatives.yaml: « {GARAGE} »: field 'owner': no account « personne@essaim.demo »"
    )


def test_a_rated_evaluation_needs_the_committees_level(data_dir):
    def drop_level(content):
        rated = next(e for e in content[GARAGE] if "nesta" in e)
        del rated["nesta"]

    edit(data_dir, "evaluations.yaml", drop_level)

    assert f"evaluations.yaml: « {GARAGE} », evaluation" in refusal(data_dir)
    assert "field 'nesta': missing" in refusal(data_dir)


def test_an_interval_that_does_not_frame_the_effect_is_refused(data_dir):
    def widen(content):
        outcome = next(e for e in content[GARAGE] if e.get("outcomes"))["outcomes"][0]
        outcome["low"] = outcome["effect"] + 1

    edit(data_dir, "evaluations.yaml", widen)

    message = refusal(data_dir)
    assert "field 'outcomes[0].effect': the interval (low, high) must frame the effect" in message


def test_a_replication_declared_by_an_outsider_is_refused(data_dir):
    edit(
        data_dir,
        "replications.yaml",
        lambda c: c[0].update(declared_by="olivier.dupuis@essaim.demo"),
    )

    message = refusal(data_dir)
    assert message.startswith("replications.yaml: « Garage solidaire Roue Libre », Maison de")
    assert "olivier.dupuis@essaim.demo is not a member of" in message


def test_a_file_that_is_not_yaml_is_named(data_dir):
    (data_dir / "plans.yaml").write_text("- created: [150\n", encoding="utf-8")

    assert refusal(data_dir).startswith("plans.yaml: not valid YAML")


def test_a_missing_file_is_named(data_dir):
    (data_dir / "kits.yaml").unlink()

    assert refusal(data_dir).startswith("kits.yaml: file missing from")
