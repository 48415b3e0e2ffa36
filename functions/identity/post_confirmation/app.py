"""Cognito post-confirmation trigger: every confirmed user becomes a customer with a profile."""

from typing import Any

from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import PostConfirmationTriggerEvent
from aws_lambda_powertools.utilities.typing import LambdaContext

from estore.services.identity import register_customer
from estore.triggers import trigger


@trigger(PostConfirmationTriggerEvent)
def lambda_handler(event: PostConfirmationTriggerEvent, context: LambdaContext) -> dict[str, Any]:
    # Only sign-up confirmations make customers; a forgotten-password confirmation fires this trigger too.
    if event.trigger_source == "PostConfirmation_ConfirmSignUp":
        attributes = event.request.user_attributes
        register_customer(
            user_pool_id=event.user_pool_id,
            username=event.user_name,
            user_id=attributes["sub"],
            email=attributes.get("email"),
        )
    return dict(event.raw_event)
