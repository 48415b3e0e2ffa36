"""The local clouds' one route matcher (estore_local.emulator.gateway.routing), used by the gateway and the
in-process harness: API Gateway HTTP API's precedence, a full match for route and method first, then a
greedy path variable, then `$default`."""

from __future__ import annotations

import pytest

from estore_local.emulator.gateway.routing import RouteTable
from estore_local.emulator.template import HttpRoute, load_template

PETS = RouteTable(
    [
        # Listed least specific first: the precedence, not the template's order, decides.
        HttpRoute("ANY", "/{proxy+}", "AnyProxy", "NONE"),
        HttpRoute("GET", "/pets/{proxy+}", "PetsProxy", "NONE"),
        HttpRoute("GET", "/pets/dog/{id}", "DogById", "NONE"),
        HttpRoute("GET", "/pets/dog/1", "DogOne", "NONE"),
        HttpRoute("GET", "/pets/{kind}/toys", "ToysOfKind", "NONE"),
        HttpRoute("ANY", "/pets/{kind}", "AnyKind", "NONE"),
        HttpRoute("GET", "/pets/{kind}", "GetKind", "NONE"),
    ]
)


def picked(table: RouteTable, method: str, path: str) -> str | None:
    found = table.match(method, path)
    return found[0].function_id if found else None


def test_an_exact_path_wins_over_a_path_variable_and_a_greedy_one() -> None:
    # Given routes where /pets/dog/1 is an exact path, a path variable's value and under a greedy variable
    # Then the exact path is chosen
    assert picked(PETS, "GET", "/pets/dog/1") == "DogOne"


def test_a_path_variable_wins_over_a_greedy_variable() -> None:
    # Given /pets/dog/2, matched by /pets/dog/{id} and by /pets/{proxy+}
    # Then the path variable's route is chosen, with its parameter
    assert PETS.match("GET", "/pets/dog/2") == (HttpRoute("GET", "/pets/dog/{id}", "DogById", "NONE"), {"id": "2"})


def test_more_literal_segments_win_among_path_variables() -> None:
    # Given /pets/cat/toys, matched by /pets/{kind}/toys and by the greedy routes
    # Then the route with more literal segments is chosen
    assert picked(PETS, "GET", "/pets/cat/toys") == "ToysOfKind"


def test_a_greedy_variable_catches_every_child_path() -> None:
    # Given a path deeper than any route but the greedy ones
    # Then the most specific greedy route takes it, its variable holding the rest of the path
    assert PETS.match("GET", "/pets/cat/1/whiskers") == (
        HttpRoute("GET", "/pets/{proxy+}", "PetsProxy", "NONE"),
        {"proxy": "cat/1/whiskers"},
    )


def test_a_route_with_the_method_wins_over_any_on_the_same_path() -> None:
    # Given GET /pets/{kind} and ANY /pets/{kind}
    # Then GET goes to the GET route and another method to the ANY route
    assert picked(PETS, "GET", "/pets/cat") == "GetKind"
    assert picked(PETS, "DELETE", "/pets/cat") == "AnyKind"


def test_another_method_falls_through_to_the_greedy_any_route() -> None:
    # Given a POST to a path only GET routes name exactly
    # Then the greedy ANY route takes it
    assert picked(PETS, "POST", "/pets/dog/1") == "AnyProxy"


def test_default_catches_only_what_no_route_matches() -> None:
    # Given an API with a route and a $default route
    table = RouteTable([HttpRoute("ANY", "$default", "Default", "NONE"), HttpRoute("GET", "/health", "Health", "NONE")])
    # Then the route wins where it matches, and $default takes the rest
    assert picked(table, "GET", "/health") == "Health"
    assert picked(table, "POST", "/health") == "Default"
    assert picked(table, "GET", "/anything/else") == "Default"


@pytest.mark.parametrize("path", ["/health/extra", "/health%0A", "/health\n", "/"])
def test_a_path_no_route_matches_finds_nothing_without_default(path: str) -> None:
    # Given one route and no $default
    # Then a longer path, an encoded or raw newline after it, or the root find no route (the gateway's 404)
    table = RouteTable([HttpRoute("GET", "/health", "Health", "NONE")])
    assert table.match("GET", path) is None


def test_a_trailing_slash_reaches_the_same_route() -> None:
    # Given /health, requested as /health/
    # Then it reaches the /health route
    assert picked(RouteTable([HttpRoute("GET", "/health", "Health", "NONE")]), "GET", "/health/") == "Health"


def test_every_route_of_the_template_is_the_one_its_own_path_reaches() -> None:
    # Given the template's routes, each path variable filled with a sample value
    routes = load_template().http_routes()
    table = RouteTable(routes)
    for route in routes:
        path = route.path.replace("{", "").replace("}", "").replace("+", "")
        # When the route's own path is matched
        found = table.match(route.method, path)
        # Then it is that route (no other route of the template shadows it)
        assert found is not None, route
        assert found[0] == route, (route, found[0])
