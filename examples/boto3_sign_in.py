"""Sign in and read a user with boto3 against Alcove: the usual client, with endpoint_url.

    ALCOVE_URL=http://127.0.0.1:9229 USER_POOL_ID=us-east-1_... CLIENT_ID=... \
    APP_USERNAME=alice APP_PASSWORD=... AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
    python3 boto3_sign_in.py

The app client must allow ALLOW_USER_PASSWORD_AUTH (boto3 has no SRP helper). The access key
(Alcove's, from data/credentials.json) is needed only for the admin call, ListUsers.
"""
import json
import os

import boto3

region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
cognito = boto3.client("cognito-idp", endpoint_url=os.environ["ALCOVE_URL"], region_name=region)

auth = cognito.initiate_auth(
    ClientId=os.environ["CLIENT_ID"],
    AuthFlow="USER_PASSWORD_AUTH",
    AuthParameters={"USERNAME": os.environ["APP_USERNAME"], "PASSWORD": os.environ["APP_PASSWORD"]},
)
tokens = auth["AuthenticationResult"]
user = cognito.get_user(AccessToken=tokens["AccessToken"])
attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}

# An admin (SigV4-signed) call.
listed = cognito.list_users(UserPoolId=os.environ["USER_POOL_ID"], Filter='username = "%s"' % user["Username"])

print(json.dumps({
    "username": user["Username"],
    "email": attributes.get("email"),
    "listed": [u["Username"] for u in listed["Users"]],
    "expires_in": tokens["ExpiresIn"],
}))
