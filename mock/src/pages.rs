//! What the reference pages state that a schema cannot, by operation: the answer to a
//! `dry_run`, and which fields of an answer echo the request.

use serde_json::Value as Json;

/// The status the page gives this request instead of the operation's success, if any.
///
/// VPC's UpdateSecurityGroup (page 004): "true: A check request will be sent and the
/// security group will not be updated ... If the check succeeds, response code 202 will be
/// returned."
pub fn status_for(operation: &str, body: Option<&Json>) -> Option<u16> {
    let dry_run = body.and_then(|b| b.get("dry_run")).and_then(Json::as_bool);
    match operation {
        "UpdateSecurityGroup" if dry_run == Some(true) => Some(202),
        _ => None,
    }
}

/// Fills what an answer echoes of the request: VPC's updated security group carries the
/// name and description sent, and the ID of the path.
pub fn echo(operation: &str, path: &[(String, String)], sent: Option<&Json>, answer: &mut Json) {
    if operation != "UpdateSecurityGroup" {
        return;
    }
    let Some(group) = answer
        .get_mut("security_group")
        .and_then(Json::as_object_mut)
    else {
        return;
    };
    if let Some(id) = path.iter().find(|(name, _)| name == "security_group_id") {
        group.insert("id".into(), Json::String(id.1.clone()));
    }
    let sent = sent.and_then(|b| b.get("security_group"));
    for field in ["name", "description"] {
        if let Some(value) = sent.and_then(|s| s.get(field)) {
            group.insert(field.into(), value.clone());
        }
    }
}
