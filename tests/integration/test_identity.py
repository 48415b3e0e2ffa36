import pytest


def test_confirmed_sign_up_makes_a_customer_with_a_profile(cloud, customer):
    assert cloud.groups_of(customer) == {"customers"}
    me = cloud.call("GET", "/me", user=customer)
    assert me.status == 200
    assert me.body == {"userId": customer.sub, "email": customer.email, "roles": ["customers"], "seller": None}


def test_the_trigger_running_twice_changes_nothing_more(cloud, customer):
    before = cloud.table_items()
    cloud.run_post_confirmation(customer)
    assert cloud.table_items() == before
    assert cloud.groups_of(customer) == {"customers"}


def test_a_password_reset_confirmation_does_not_register_anyone(cloud):
    user = cloud.confirm_sign_up("first@example.com")
    cloud.cognito.admin_remove_user_from_group(UserPoolId=cloud.pool_id, Username=user.username, GroupName="customers")
    cloud.run_post_confirmation(user, trigger="PostConfirmation_ConfirmForgotPassword")
    assert cloud.groups_of(user) == set()


def test_opening_a_store_makes_the_user_a_seller(cloud, customer):
    answer = cloud.call("POST", "/sellers", user=customer, json_body={"storeName": "  Brick  House "})
    assert answer.status == 201
    assert answer.body["id"] == customer.sub
    assert answer.body["storeName"] == "Brick House"
    assert answer.body["reviewCount"] == 0
    assert cloud.groups_of(customer) == {"customers", "sellers"}
    me = cloud.call("GET", "/me", user=customer)
    assert "sellers" in me.body["roles"]
    assert me.body["seller"]["storeName"] == "Brick House"


def test_a_second_store_for_the_same_user_is_409(cloud, customer):
    cloud.call("POST", "/sellers", user=customer, json_body={"storeName": "Bricks"})
    answer = cloud.call("POST", "/sellers", user=customer, json_body={"storeName": "Other Bricks"})
    assert answer.status == 409
    assert answer.error_code == "ALREADY_A_SELLER"


def test_a_taken_store_name_is_409_and_writes_nothing(cloud, customer, other_customer):
    cloud.call("POST", "/sellers", user=customer, json_body={"storeName": "Légo Shop"})
    before = cloud.table_items()
    answer = cloud.call("POST", "/sellers", user=other_customer, json_body={"storeName": "lego  shop"})
    assert answer.status == 409
    assert answer.error_code == "STORE_NAME_TAKEN"
    assert cloud.table_items() == before
    assert cloud.groups_of(other_customer) == {"customers"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"storeName": ', "body"),
        ('{"storeName": 42}', "storeName"),
        ("{}", "storeName"),
        ('{"storeName": "x"}', "storeName"),
        ("[]", "body"),
    ],
)
def test_bad_seller_requests_are_422_naming_the_field_and_write_nothing(cloud, customer, body, field):
    before = cloud.table_items()
    answer = cloud.call("POST", "/sellers", user=customer, raw_body=body)
    assert answer.status == 422
    assert answer.error_code == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in answer.body["error"]["details"]]
    assert answer.body["requestId"]
    assert cloud.table_items() == before
    assert cloud.groups_of(customer) == {"customers"}


def test_without_claims_the_seller_route_is_401(cloud):
    answer = cloud.call("POST", "/sellers", json_body={"storeName": "Bricks"})
    assert answer.status == 401
    assert answer.error_code == "UNAUTHORIZED"


def test_anyone_sees_a_stores_public_profile(cloud, customer):
    cloud.call("POST", "/sellers", user=customer, json_body={"storeName": "Bricks"})
    answer = cloud.call("GET", f"/sellers/{customer.sub}")
    assert answer.status == 200
    assert answer.body == {"id": customer.sub, "storeName": "Bricks", "rating": None, "reviewCount": 0}


def test_an_unknown_seller_is_404_in_the_error_shape(cloud):
    answer = cloud.call("GET", "/sellers/nobody")
    assert answer.status == 404
    assert answer.error_code == "NOT_FOUND"
    assert set(answer.body) == {"error", "requestId"}
