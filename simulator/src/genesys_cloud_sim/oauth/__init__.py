"""The login service: POST /oauth/token with the client-credentials grant."""
