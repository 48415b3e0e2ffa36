"""/health tells the truth: without the table it answers 503 naming the failing check."""

from tests.e2e.localcloud import LocalCloud


def test_given_the_table_is_deleted_when_checking_health_then_503_names_table(disposable_cloud: LocalCloud) -> None:
    # Given a healthy local cloud
    with disposable_cloud.http() as http:
        assert http.get("/health").status_code == 200
        # When its table disappears
        disposable_cloud.client("dynamodb").delete_table(TableName=disposable_cloud.outputs["TableName"])
        response = http.get("/health")
    # Then health is 503 and names the table check
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    failing = {d["check"] for d in error.get("details", []) if d.get("status") != "ok"}
    assert failing == {"table"}, error
    assert response.headers["x-request-id"]
