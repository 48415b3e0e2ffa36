"""Create the template's resources against whatever endpoint boto3 points at (moto server or mock_aws)."""

import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

import boto3

from estore_local.emulator.intrinsics import REGION
from estore_local.emulator.stack import Stack, arn, physical_name
from estore_local.emulator.template import Template

log = logging.getLogger("estore_local.emulator.provision")
FAKE_ROLE = arn("iam", "role/estore-local", region="")
Client = Any


def _api_args(client: Client, operation: str, props: dict[str, Any], **fixed: Any) -> dict[str, Any]:
    """Keep only the properties the API operation accepts (CFN and API names mostly agree)."""
    members = client.meta.service_model.operation_model(operation).input_shape.members
    args = {k: v for k, v in props.items() if k in members and v is not None}
    return {**args, **fixed}


class _Provisioner:
    def __init__(self, template: Template, session: boto3.Session, endpoint_url: str | None) -> None:
        self.template = template
        self.stack = Stack(template)
        self._session = session
        self._endpoint_url = endpoint_url
        self._clients: dict[str, Client] = {}

    def client(self, service: str) -> Client:
        if service not in self._clients:
            self._clients[service] = self._session.client(service, region_name=REGION, endpoint_url=self._endpoint_url)
        return self._clients[service]

    def props(self, logical_id: str) -> dict[str, Any]:
        return dict(self.stack.resolve(self.template.properties(logical_id)))

    def run(self) -> Stack:
        self._name_functions_and_apis()
        creators: list[tuple[tuple[str, ...], Callable[[str], None]]] = [
            (("AWS::DynamoDB::Table",), self.table),
            (("AWS::S3::Bucket",), self.bucket),
            (("AWS::Events::EventBus",), self.event_bus),
            (("AWS::SQS::Queue",), self.queue),
            (("AWS::SNS::Topic",), self.topic),
            (("AWS::SecretsManager::Secret",), self.secret),
            (("AWS::Cognito::UserPool",), self.user_pool),
            (("AWS::Cognito::UserPoolClient",), self.user_pool_client),
            (("AWS::Cognito::UserPoolGroup",), self.user_pool_group),
            (("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine"), self.state_machine),
        ]
        for types, create in creators:
            for logical_id in self.template.of_type(*types):
                create(logical_id)
        self.stack.resolve_outputs()
        return self.stack

    def _name_functions_and_apis(self) -> None:
        refs, attrs = self.stack.refs, self.stack.attrs
        for logical_id, resource in self.template.resources.items():
            kind, props = resource.get("Type"), resource.get("Properties") or {}
            if kind in ("AWS::Serverless::Function", "AWS::Lambda::Function"):
                name = props.get("FunctionName") or physical_name(logical_id)
                refs[logical_id] = name
                attrs[logical_id] = {"Arn": arn("lambda", f"function:{name}")}
            elif kind in ("AWS::Serverless::HttpApi", "AWS::Serverless::Api"):
                refs[logical_id] = "local"
            elif kind == "AWS::Logs::LogGroup":
                name = props.get("LogGroupName") or physical_name(logical_id)
                refs[logical_id] = name if isinstance(name, str) else physical_name(logical_id)
            elif kind not in ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"):
                # Alarms, layers, permissions ... exist only as names locally.
                refs.setdefault(logical_id, physical_name(logical_id))

    def table(self, logical_id: str) -> None:
        props = self.props(logical_id)
        name = props.get("TableName") or physical_name(logical_id)
        ddb = self.client("dynamodb")
        args = _api_args(ddb, "CreateTable", props, TableName=name)
        args.setdefault("BillingMode", "PAY_PER_REQUEST")
        for index in args.get("GlobalSecondaryIndexes", []):
            index.pop("ContributorInsightsSpecification", None)
        if "StreamSpecification" in props:
            args["StreamSpecification"] = {"StreamEnabled": True, **props["StreamSpecification"]}
        args.pop("SSESpecification", None)
        table = ddb.create_table(**args)["TableDescription"]
        ttl = props.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        self.stack.refs[logical_id] = name
        self.stack.attrs[logical_id] = {"Arn": table["TableArn"]}
        if "LatestStreamArn" in table:
            self.stack.attrs[logical_id]["StreamArn"] = table["LatestStreamArn"]

    def bucket(self, logical_id: str) -> None:
        props = self.props(logical_id)
        name = props.get("BucketName") or physical_name(logical_id, lower=True)
        s3 = self.client("s3")
        s3.create_bucket(Bucket=name)
        rules = (props.get("CorsConfiguration") or {}).get("CorsRules")
        if rules:
            renames = {"MaxAge": "MaxAgeSeconds", "ExposedHeaders": "ExposeHeaders", "Id": "ID"}
            cors = [{renames.get(k, k): v for k, v in rule.items()} for rule in rules]
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors})
        self.stack.refs[logical_id] = name
        self.stack.attrs[logical_id] = {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{REGION}.amazonaws.com",
        }

    def event_bus(self, logical_id: str) -> None:
        name = self.props(logical_id).get("Name") or physical_name(logical_id)
        bus_arn = self.client("events").create_event_bus(Name=name)["EventBusArn"]
        self.stack.refs[logical_id] = name
        self.stack.attrs[logical_id] = {"Arn": bus_arn, "Name": name}

    def queue(self, logical_id: str) -> None:
        props = self.props(logical_id)
        name = props.pop("QueueName", None) or physical_name(logical_id)
        props.pop("Tags", None)
        attributes = {k: v if isinstance(v, str) else json.dumps(v) for k, v in props.items()}
        attributes = {k: v.lower() if v in ("True", "False") else v for k, v in attributes.items()}
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
        self.stack.refs[logical_id] = url
        self.stack.attrs[logical_id] = {"Arn": queue_arn["QueueArn"], "QueueName": name, "QueueUrl": url}

    def topic(self, logical_id: str) -> None:
        name = self.props(logical_id).get("TopicName") or physical_name(logical_id)
        topic_arn = self.client("sns").create_topic(Name=name)["TopicArn"]
        self.stack.refs[logical_id] = topic_arn
        self.stack.attrs[logical_id] = {"TopicArn": topic_arn, "TopicName": name}

    def secret(self, logical_id: str) -> None:
        """A generated secret, as GenerateSecretString makes one (a fresh random value per local cloud)."""
        props = self.props(logical_id)
        name = props.get("Name") or physical_name(logical_id)
        value = props.get("SecretString") or secrets.token_urlsafe(48)
        created = self.client("secretsmanager").create_secret(Name=name, SecretString=value)
        self.stack.refs[logical_id] = created["ARN"]
        self.stack.attrs[logical_id] = {"Id": created["ARN"], "SecretString": value}

    def user_pool(self, logical_id: str) -> None:
        props = self.props(logical_id)
        idp = self.client("cognito-idp")
        name = props.pop("UserPoolName", None) or physical_name(logical_id)
        pool = idp.create_user_pool(**_api_args(idp, "CreateUserPool", props, PoolName=name))["UserPool"]
        self.stack.refs[logical_id] = pool["Id"]
        self.stack.attrs[logical_id] = {
            "Arn": pool["Arn"],
            "ProviderName": f"cognito-idp.{REGION}.amazonaws.com/{pool['Id']}",
            "ProviderURL": f"https://cognito-idp.{REGION}.amazonaws.com/{pool['Id']}",
            "UserPoolId": pool["Id"],
        }

    def user_pool_client(self, logical_id: str) -> None:
        idp = self.client("cognito-idp")
        props = self.props(logical_id)
        props.setdefault("ClientName", physical_name(logical_id))
        client = idp.create_user_pool_client(**_api_args(idp, "CreateUserPoolClient", props))
        details = client["UserPoolClient"]
        self.stack.refs[logical_id] = details["ClientId"]
        self.stack.attrs[logical_id] = {"ClientSecret": details.get("ClientSecret", "")}

    def user_pool_group(self, logical_id: str) -> None:
        idp = self.client("cognito-idp")
        props = self.props(logical_id)
        idp.create_group(**_api_args(idp, "CreateGroup", props))
        self.stack.refs[logical_id] = props["GroupName"]

    def state_machine(self, logical_id: str) -> None:
        props = self.props(logical_id)
        definition = self._definition(props)
        name = props.get("Name") or props.get("StateMachineName") or physical_name(logical_id)
        machine = self.client("stepfunctions").create_state_machine(
            name=name,
            definition=definition,
            roleArn=props.get("Role") or props.get("RoleArn") or FAKE_ROLE,
            type=props.get("Type") or props.get("StateMachineType") or "STANDARD",
        )
        self.stack.refs[logical_id] = machine["stateMachineArn"]
        self.stack.attrs[logical_id] = {"Arn": machine["stateMachineArn"], "Name": name}

    def _definition(self, props: dict[str, Any]) -> str:
        if "DefinitionUri" in props and isinstance(props["DefinitionUri"], str):
            text = (self.template.base_dir / props["DefinitionUri"]).read_text(encoding="utf-8")
        elif "DefinitionString" in props:
            text = str(props["DefinitionString"])
        else:
            text = json.dumps(props.get("Definition") or {})
        for key, value in (props.get("DefinitionSubstitutions") or {}).items():
            text = text.replace("${" + key + "}", str(value))
        return text


def provision(template: Template, *, session: boto3.Session | None = None, endpoint_url: str | None = None) -> Stack:
    """Create every resource the local cloud needs from `template`; return the resolved stack."""
    session = session or boto3.Session(region_name=REGION)
    return _Provisioner(template, session, endpoint_url).run()
