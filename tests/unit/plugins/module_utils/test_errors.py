from ansible_collections.cxops.genesys_cloud.plugins.module_utils._errors import GenesysCloudError

FORBIDDEN = {
    "message": "Unable to perform the requested action. You are missing the following permission(s): [telephony:plugin:all]",
    "code": "missing.permissions", "status": 403, "contextId": "ctx-1",
    "messageParams": {"permissions": "telephony:plugin:all"},
}


def test_forbidden_names_the_permission_to_grant():
    error = GenesysCloudError.from_response("POST", "/api/v2/telephony/providers/edges/sites", 403, FORBIDDEN, None)
    assert error.missing_permissions == ["telephony:plugin:all"]
    text = str(error)
    assert text.startswith("POST /api/v2/telephony/providers/edges/sites failed: HTTP 403 missing.permissions")
    assert "[contextId ctx-1]" in text
    assert "Grant the OAuth client's role the permission(s) telephony:plugin:all." in text


def test_field_details_are_named():
    body = {"message": "bad", "code": "invalid.value", "details": [{"fieldName": "location", "errorCode": "invalid"}]}
    error = GenesysCloudError.from_response("POST", "/x", 400, body, "corr-9")
    assert error.context_id == "corr-9"
    assert "(location: invalid)" in str(error) and "check the field(s) location" in error.hint


def test_oauth_style_error_body():
    body = {"error": "invalid_client", "description": "authentication failed"}
    error = GenesysCloudError.from_response("POST", "/oauth/token", 401, body, None)
    assert error.code == "invalid_client" and "GENESYSCLOUD_OAUTHCLIENT_ID" in str(error)


def test_no_answer_says_where_to_look():
    error = GenesysCloudError("ConnectionError: the connection failed", method="GET", path="/api/v2/date")
    assert "no response" in str(error) and "DNS, proxy and firewall" in str(error)
    assert error.to_dict()["status"] is None
