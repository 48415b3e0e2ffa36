def test_health_is_ok_when_table_and_bucket_answer(cloud):
    answer = cloud.call("GET", "/health")
    assert answer.status == 200
    assert answer.body["status"] == "ok"
    assert answer.body["checks"] == {"table": "ok", "bucket": "ok"}
    assert answer.body["version"]


def test_deleted_table_makes_health_503_naming_the_table(cloud):
    cloud.dynamodb.delete_table(TableName=cloud.stack.ref("Table"))
    answer = cloud.call("GET", "/health")
    assert answer.status == 503
    assert answer.error_code == "UNHEALTHY"
    assert "table" in answer.body["error"]["message"]
    assert {"check": "table", "status": "failing"} in answer.body["error"]["details"]
    assert {"check": "bucket", "status": "ok"} in answer.body["error"]["details"]


def test_missing_bucket_makes_health_503_naming_the_bucket(cloud):
    cloud.s3.delete_bucket(Bucket=cloud.stack.ref("ImagesBucket"))
    answer = cloud.call("GET", "/health")
    assert answer.status == 503
    assert "bucket" in answer.body["error"]["message"]
    assert "table" not in answer.body["error"]["message"]


def test_every_answer_carries_the_request_id(cloud):
    answer = cloud.call("GET", "/health", headers={"x-correlation-id": "corr-123"})
    assert answer.headers["X-Request-Id"]
    assert answer.headers["X-Correlation-Id"] == "corr-123"


def test_a_path_the_function_does_not_serve_is_404_in_the_error_shape(cloud):
    from estore_local.emulator.events import http_event

    answer = cloud.invoke("HealthFunction", http_event("GET", "/nowhere"))
    assert answer.status == 404
    assert answer.error_code == "NOT_FOUND"
    assert answer.body["requestId"]


def test_a_form_body_is_415_and_a_body_without_content_type_is_json(cloud, customer):
    form = cloud.call(
        "POST", "/sellers", user=customer, raw_body="{}", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert form.status == 415
    assert form.error_code == "UNSUPPORTED_MEDIA_TYPE"
    bare = cloud.call(
        "POST", "/sellers", user=customer, raw_body='{"storeName": "Bare Body"}', headers={"content-type": ""}
    )
    assert bare.status == 201, bare.body
