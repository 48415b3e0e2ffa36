"""Users through the real (local) Cognito flow, so the PostConfirmation trigger runs: demo users, tokens."""

from typing import Any

import boto3
import httpx

from estore_local.emulator.intrinsics import REGION
from estore_local.emulator.stack import Stack

DEMO_PASSWORD = "Estore-demo-1"  # noqa: S105 - printed for local demo users, never deployed
GROUPS = {"customer": "customers", "seller": "sellers", "admin": "admins"}
DEMO_USERS = {
    "customer": "customer@estore.local",
    "seller": "seller@estore.local",
    "admin": "admin@estore.local",
}


class LocalCognito:
    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        pools = stack.template.of_type("AWS::Cognito::UserPool")
        clients = stack.template.of_type("AWS::Cognito::UserPoolClient")
        self.pool_id = stack.ref(next(iter(pools)))
        self.client_id = stack.ref(next(iter(clients)))
        self.idp: Any = boto3.client(
            "cognito-idp",
            region_name=REGION,
            endpoint_url=stack.outputs["AwsEndpointUrl"],
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - moto accepts any credentials
        )

    def ensure_user(self, email: str, password: str) -> None:
        """Sign up and confirm (the trigger runs on confirmation); an existing user is kept."""
        try:
            user = self.idp.admin_get_user(UserPoolId=self.pool_id, Username=email)
            if user["UserStatus"] == "CONFIRMED":
                return
        except self.idp.exceptions.UserNotFoundException:
            self.idp.sign_up(
                ClientId=self.client_id,
                Username=email,
                Password=password,
                UserAttributes=[{"Name": "email", "Value": email}],
            )
        self.idp.admin_confirm_sign_up(UserPoolId=self.pool_id, Username=email)

    def add_to_group(self, email: str, group: str) -> None:
        self.idp.admin_add_user_to_group(UserPoolId=self.pool_id, Username=email, GroupName=group)

    def sign_in(self, email: str, password: str) -> dict[str, str]:
        answer = self.idp.initiate_auth(
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        tokens: dict[str, str] = answer["AuthenticationResult"]
        return tokens


def ensure_seller_profile(api_url: str, access_token: str, store_name: str) -> None:
    """Open a store through the real API (POST /sellers) unless the user already has one."""
    headers = {"authorization": f"Bearer {access_token}"}
    with httpx.Client(base_url=api_url, headers=headers, timeout=30) as http:
        me = http.get("/me")
        me.raise_for_status()
        if me.json().get("seller"):
            return
        created = http.post("/sellers", json={"storeName": store_name})
        if created.status_code != 201:
            raise RuntimeError(f"POST /sellers answered {created.status_code}: {created.text}")


def token_for(stack: Stack, email: str, role: str, password: str = DEMO_PASSWORD) -> str:
    """An access token for `email` in the `role`'s group, creating the user (and store) if needed."""
    cognito = LocalCognito(stack)
    cognito.ensure_user(email, password)
    if role == "seller":
        tokens = cognito.sign_in(email, password)
        store = email.split("@", 1)[0].replace(".", " ").title() + " Store"
        ensure_seller_profile(stack.outputs["ApiUrl"], tokens["AccessToken"], store)
    elif role == "admin":
        cognito.add_to_group(email, GROUPS["admin"])
    # Signed in after the group changes, so the token carries them.
    return cognito.sign_in(email, password)["AccessToken"]


def seed_demo_users(stack: Stack, api_url: str) -> list[str]:
    lines = ["  Demo users (password: " + DEMO_PASSWORD + ")"]
    for role, email in DEMO_USERS.items():
        token_for(stack, email, role)
        lines.append(f"    {role:<9} {email}")
    lines.append("  A token: make token EMAIL=customer@estore.local ROLE=customer")
    return lines
