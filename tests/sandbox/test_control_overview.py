"""The control index documents its options, and fault paths accept URL forms."""

import dataclasses

import pytest

from cmsync.sandbox import faults
from cmsync.sandbox.simulation import MeetingOptions


def test_index_lists_every_simulate_option(sandbox):
    overview = sandbox.control.call("GET", "")

    documented = set(overview["simulate_options"])
    accepted = {field.name for field in dataclasses.fields(MeetingOptions)}
    assert documented == accepted
    assert (
        "simulate_options"
        in overview["paths"]["POST /_sandbox/conferences/{id}/simulate"]
    )


def test_index_lists_fault_kinds_and_parameters(sandbox):
    overview = sandbox.control.call("GET", "")

    fault_help = overview["faults"]
    assert set(fault_help["kinds"]) == set(faults.KINDS)
    assert set(fault_help["parameters"]) == {
        field.name for field in dataclasses.fields(faults.Fault)
    }
    assert "conferences/*/sessions" in fault_help["path_patterns"]
    assert "/v1/" in fault_help["path_patterns"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("conferences/*/sessions", "conferences/*/sessions"),
        ("/conferences/active", "conferences/active"),
        ("/v1/conferences/active", "conferences/active"),
        ("v1/conferences/*", "conferences/*"),
        ("/v1/conferences/active.json", "conferences/active"),
        ("http://127.0.0.1:8765/v1/chats", "chats"),
        ("/files/download/*", "files/download/*"),
        ("/v1/", None),
        ("/", None),
    ],
)
def test_fault_path_is_normalized(given, stored):
    fault = faults.build_fault({"kind": "unavailable", "path": given})

    assert fault.path == stored


def test_fault_with_v1_path_fires(api, sandbox):
    sandbox.control.inject_fault("unavailable", path="/v1/conferences/active")

    failed = api.get("conferences/active")
    recovered = api.get("conferences/active")

    assert failed.status_code == 503
    assert recovered.status_code == 200
    assert sandbox.control.faults()["faults"] == []


def test_fault_matches_json_suffixed_request(api, sandbox):
    sandbox.control.inject_fault("unavailable", path="conferences/active")

    response = api.get("conferences/active.json")

    assert response.status_code == 503


def test_exact_fault_path_skips_longer_paths(api, sandbox):
    sandbox.control.inject_fault("unavailable", path="/v1/conferences")

    response = api.get("conferences/active")

    assert response.status_code == 200
    assert len(sandbox.control.faults()["faults"]) == 1
