"""A new user signs up through the local Cognito, is a customer, opens a store and becomes a seller."""

from tests.e2e.localcloud import LocalCloud


def test_given_a_new_user_when_signing_up_and_opening_a_store_then_roles_follow(cloud: LocalCloud) -> None:
    # Given a user who signed up and confirmed (the post-confirmation trigger runs)
    email, tokens = cloud.sign_up()
    with cloud.http() as http:
        me = http.get("/me", headers={"authorization": f"Bearer {tokens['AccessToken']}"})
        # Then the trigger made them a customer
        assert me.status_code == 200, me.text
        assert me.json()["email"] == email
        assert "customers" in me.json()["roles"]
        assert me.json()["seller"] is None

        # When they open a store
        created = http.post(
            "/sellers",
            json={"storeName": "Brick Corner"},
            headers={"authorization": f"Bearer {tokens['AccessToken']}"},
        )
        assert created.status_code == 201, created.text
        assert created.json()["storeName"] == "Brick Corner"

        # Then a refreshed token carries the sellers group
        refreshed = cloud.client("cognito-idp").initiate_auth(
            ClientId=cloud.outputs["UserPoolClientId"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )["AuthenticationResult"]
        me = http.get("/me", headers={"authorization": f"Bearer {refreshed['AccessToken']}"})
    assert me.status_code == 200, me.text
    assert "sellers" in me.json()["roles"]
    assert me.json()["seller"]["storeName"] == "Brick Corner"
