"""A function that raises or runs past its Timeout is a 502 from the gateway, which stays up."""

import time

from tests.e2e.localcloud import LocalCloud


def _assert_bad_gateway(response_json: dict[str, object], request_id: str) -> None:
    assert response_json["error"] == {"code": "BAD_GATEWAY", "message": "The function failed to answer.", "details": []}
    assert response_json["requestId"] == request_id


def test_given_a_handler_that_raises_when_called_then_502_without_internals(faults_cloud: LocalCloud) -> None:
    with faults_cloud.http() as http:
        response = http.get("/boom")
        assert response.status_code == 502
        _assert_bad_gateway(response.json(), response.headers["x-request-id"])
        assert "secret" not in response.text
        # And the next request to another route still works
        assert http.get("/fine/still/here").status_code == 200


def test_given_a_handler_past_its_timeout_when_called_then_502_after_the_timeout(faults_cloud: LocalCloud) -> None:
    with faults_cloud.http() as http:
        started = time.monotonic()
        response = http.get("/slow")
        elapsed = time.monotonic() - started
        assert response.status_code == 502
        _assert_bad_gateway(response.json(), response.headers["x-request-id"])
        assert elapsed < 5, "the runner must stop the function at its 1 s Timeout"
        # And the killed environment is replaced: the function can be called again
        assert http.get("/slow").status_code == 502
        assert http.get("/fine/again").status_code == 200


def test_given_a_greedy_route_when_called_then_the_event_carries_path_and_template_env(
    faults_cloud: LocalCloud,
) -> None:
    with faults_cloud.http() as http:
        response = http.post("/fine/a/b/c")
    assert response.status_code == 200, response.text
    echoed = response.json()
    assert echoed["pathParameters"] == {"proxy": "a/b/c"}
    assert echoed["routeKey"] == "ANY /fine/{proxy+}"
    assert echoed["greeting"] == "hello from us-east-1"  # Globals + !Sub resolved from the template
    assert 0 < echoed["remainingMs"] <= 3000


def test_given_an_unknown_route_when_called_then_404_in_the_error_shape(faults_cloud: LocalCloud) -> None:
    with faults_cloud.http() as http:
        response = http.get("/nowhere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert response.json()["requestId"] == response.headers["x-request-id"]


def test_given_a_customer_token_when_calling_an_admin_route_then_403_and_admins_pass(
    faults_cloud: LocalCloud,
) -> None:
    # Given a signed-in customer (groups land in the claims as API Gateway renders them)
    idp, pool = faults_cloud.client("cognito-idp"), faults_cloud.outputs["UserPoolId"]
    email, _ = faults_cloud.sign_up()
    idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="customers")
    customer = faults_cloud.sign_in(email)["AccessToken"]
    with faults_cloud.http() as http:
        # When they call an admin route, then 403 in the one error shape
        response = http.get("/admin-only", headers={"authorization": f"Bearer {customer}"})
        assert response.status_code == 403, response.text
        assert response.json()["error"]["code"] == "FORBIDDEN"
        # And an admin passes
        idp.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="admins")
        admin = faults_cloud.sign_in(email)["AccessToken"]
        response = http.get("/admin-only", headers={"authorization": f"Bearer {admin}"})
    assert response.status_code == 200, response.text
    assert set(response.json()["groups"]) == {"admins", "customers"}


def test_given_a_state_machine_with_lambda_tasks_when_run_synchronously_then_real_handlers_ran(
    faults_cloud: LocalCloud,
) -> None:
    with faults_cloud.http() as http:
        response = http.post("/workflow", json={"n": 3})
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "SUCCEEDED", "output": {"n": 12}}
