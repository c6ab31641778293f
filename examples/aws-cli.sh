#!/bin/sh
# The AWS CLI against Alcove: the same commands as for Cognito, with --endpoint-url.
#
#   ALCOVE_URL=http://127.0.0.1:9229 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... sh aws-cli.sh
#
# The access key is Alcove's (data/credentials.json, or ALCOVE_ACCESS_KEY_ID/ALCOVE_SECRET_ACCESS_KEY).
# It creates a pool, an app client and a user, signs in, reads the user, and deletes the pool.
set -eu
: "${ALCOVE_URL:?set ALCOVE_URL, e.g. http://127.0.0.1:9229}"
# AWS CLI v1 (Debian's awscli) reads AWS_DEFAULT_REGION, not AWS_REGION; v2 reads both.
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-${AWS_REGION:-us-east-1}}"
export AWS_PAGER=""

idp() { aws cognito-idp "$@" --endpoint-url "$ALCOVE_URL" --output text; }

POOL_ID=$(idp create-user-pool --pool-name cli-recipe --query UserPool.Id)
CLIENT_ID=$(idp create-user-pool-client --user-pool-id "$POOL_ID" --client-name cli \
  --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH --query UserPoolClient.ClientId)
idp admin-create-user --user-pool-id "$POOL_ID" --username alice --message-action SUPPRESS \
  --user-attributes Name=email,Value=alice@example.com Name=email_verified,Value=true >/dev/null
idp admin-set-user-password --user-pool-id "$POOL_ID" --username alice --password 'Recipe-Passw0rd' --permanent

ACCESS_TOKEN=$(idp initiate-auth --client-id "$CLIENT_ID" --auth-flow USER_PASSWORD_AUTH \
  --auth-parameters USERNAME=alice,PASSWORD=Recipe-Passw0rd --query AuthenticationResult.AccessToken)
echo "signed in: $(idp get-user --access-token "$ACCESS_TOKEN" --query Username)"
echo "found by email: $(idp list-users --user-pool-id "$POOL_ID" --filter 'email = "alice@example.com"' --query 'Users[].Username')"

idp delete-user-pool --user-pool-id "$POOL_ID"
echo "deleted $POOL_ID"
