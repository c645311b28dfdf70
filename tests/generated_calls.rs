//! Operations of the generator's snapshot modules (`tests/generate/`) called over real HTTP
//! against a server on 127.0.0.1: what goes on the wire for the encodings the five Huawei
//! documents do not use (form bodies, raw bytes, cookies), how text and binary responses
//! come back, how a base schema others extend (`allOf` with a discriminator) decodes,
//! read- and write-only properties, array parameters joined into one value, and parameters
//! described by JSON `content`.

mod support;

#[allow(deprecated)]
pub mod bodies {
    include!("generate/bodies.rs");
}
#[allow(deprecated)]
pub mod cookies {
    include!("generate/cookies.rs");
}
#[allow(deprecated)]
pub mod inheritance {
    include!("generate/inheritance.rs");
}
#[allow(deprecated)]
pub mod objects {
    include!("generate/objects.rs");
}
#[allow(deprecated)]
pub mod parameters {
    include!("generate/parameters.rs");
}
#[allow(deprecated)]
pub mod responses {
    include!("generate/responses.rs");
}
#[allow(deprecated)]
pub mod times {
    include!("generate/options/times.rs");
}

use hwcloud::config::Config;
use hwcloud::credentials::Credentials;
use hwcloud::error::Error;
use support::{Reply, TestServer};

fn config(server: &TestServer) -> Config {
    Config::builder()
        .credentials(Credentials::token("a-test-token"))
        .endpoint(&server.url())
        .project_id("0123456789abcdef0123456789abcdef")
        .build()
        .expect("a valid configuration")
}

#[tokio::test]
async fn a_form_body_is_sent_as_url_encoded_pairs() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"token":"t-1"}"#)]).await;
    let client = bodies::Client::new(config(&server)).expect("client");
    let request = bodies::CreateTokenRequest::builder()
        .body(bodies::types::CreateTokenBody {
            client_id: "app one&two".into(),
            scope: Some(vec!["read".into(), "write all".into()]),
            ttl: Some(3600),
        })
        .build()
        .expect("valid");
    let response = client.create_token(&request).await.expect("200");
    assert_eq!(response.body.token.as_deref(), Some("t-1"));

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Arrays are repeated keys; `&` and spaces are encoded; absent values are left out.
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        "client_id=app+one%26two&scope=read&scope=write+all&ttl=3600"
    );
}

#[tokio::test]
async fn a_binary_body_is_sent_as_it_is() {
    let server = TestServer::start(vec![Reply::status(201)]).await;
    let client = bodies::Client::new(config(&server)).expect("client");
    let bytes = vec![0u8, 159, 146, 150, 255, b'\n'];
    let request = bodies::PutObjectRequest::builder()
        .key("a/b c")
        .body(bytes.clone())
        .build()
        .expect("valid");
    client.put_object(&request).await.expect("201");

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.path(), "/v1/objects/a%2Fb%20c");
    assert_eq!(
        sent.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(sent.body, bytes);
}

#[tokio::test]
async fn cookie_parameters_go_together_in_one_cookie_header() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"user":"ana"}"#),
        Reply::json(200, r#"{"user":"ana"}"#),
    ])
    .await;
    let client = cookies::Client::new(config(&server)).expect("client");
    let full = cookies::GetSessionRequest::builder()
        .session("s3ss10n; id")
        .theme("dark")
        .visits(3)
        .build()
        .expect("valid");
    client.get_session(&full).await.expect("200");
    let only_required = cookies::GetSessionRequest::builder()
        .session("12345678")
        .build()
        .expect("valid");
    client.get_session(&only_required).await.expect("200");

    let sent = server.requests();
    // A `;` or space in a value cannot start another cookie: values are percent-encoded.
    assert_eq!(
        sent[0].header("cookie"),
        Some("session=s3ss10n%3B%20id; theme=dark; visits=3")
    );
    assert_eq!(sent[1].header("cookie"), Some("session=12345678"));
    assert_eq!(
        sent.iter()
            .map(|r| r.headers.iter().filter(|(n, _)| n == "cookie").count())
            .collect::<Vec<_>>(),
        [1, 1]
    );
}

#[tokio::test]
async fn a_cookie_that_breaks_its_constraint_is_refused_before_sending() {
    let server = TestServer::start(vec![]).await;
    let error = cookies::GetSessionRequest::builder()
        .session("short")
        .build()
        .expect_err("minLength 8");
    assert_eq!(
        error.violations[0].to_string(),
        "header /session: 5 characters, at least 8 required (minLength)"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn text_and_binary_responses_come_back_undecoded() {
    let zip = vec![b'P', b'K', 3, 4, 0, 0xff, 0x80];
    let mut artifact = Reply::status(200).header("Content-Type", "application/zip");
    artifact.body = zip.clone();
    let mut log = Reply::status(200).header("Content-Type", "text/plain; charset=utf-8");
    log.body = "line 1\nligne 2 é\n".as_bytes().to_vec();
    let mut missing = Reply::status(404)
        .header("Content-Type", "text/html")
        .header("X-Request-Id", "req-404");
    missing.body = b"<p>no artifact</p>".to_vec();
    let mut not_text = Reply::status(200).header("Content-Type", "text/plain");
    not_text.body = vec![b'o', b'k', 0xff];
    let server = TestServer::start(vec![artifact, log, missing, not_text]).await;
    let client = responses::Client::new(config(&server)).expect("client");

    let artifact = responses::GetJobArtifactRequest::builder()
        .job_id("j-1")
        .build()
        .expect("valid");
    let got = client.get_job_artifact(&artifact).await.expect("200");
    assert_eq!(got.body, zip);

    let log = responses::GetJobLogRequest::builder()
        .job_id("j-1")
        .build()
        .expect("valid");
    let got = client.get_job_log(&log).await.expect("200");
    assert_eq!(got.body, "line 1\nligne 2 é\n");

    // A documented error with a text body is typed, with its status and request ID.
    match client.get_job_artifact(&artifact).await {
        Err(Error::Service {
            status,
            request_id,
            error,
            ..
        }) => {
            assert_eq!(status, 404);
            assert_eq!(request_id.as_deref(), Some("req-404"));
            assert_eq!(
                error,
                responses::GetJobArtifactError::NotFound("<p>no artifact</p>".into())
            );
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }

    // Text that is not UTF-8 is a decode error keeping the status, not a lossy string.
    match client.get_job_log(&log).await {
        Err(Error::Decode { status, source, .. }) => {
            assert_eq!(status, 200);
            assert!(source.to_string().contains("not UTF-8"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_required_nullable_body_must_be_set_and_may_be_null() {
    let server = TestServer::start(vec![Reply::status(204), Reply::status(204)]).await;
    let client = bodies::Client::new(config(&server)).expect("client");
    let unset = bodies::PatchSettingsRequest::builder()
        .build()
        .expect_err("the body is required");
    assert_eq!(
        unset.violations[0].to_string(),
        "body (root): the request body is not set (required)"
    );
    let null = bodies::PatchSettingsRequest::builder()
        .body(None)
        .build()
        .expect("null is a value");
    client.patch_settings(&null).await.expect("204");
    let dark = bodies::PatchSettingsRequest::builder()
        .body(Some(bodies::types::PatchSettingsBody {
            theme: Some("dark".into()),
        }))
        .build()
        .expect("valid");
    client.patch_settings(&dark).await.expect("204");
    let sent = server.requests();
    assert_eq!(sent[0].body, b"null");
    assert_eq!(sent[1].body, br#"{"theme":"dark"}"#);
}

#[tokio::test]
async fn a_multipart_body_sends_files_as_bytes_and_values_as_parts() {
    let server = TestServer::start(vec![Reply::status(201)]).await;
    let client = bodies::Client::new(config(&server)).expect("client");
    let file = vec![0u8, 255, b'\r', b'\n', b'-', b'-'];
    let request = bodies::UploadRequest::builder()
        .body(bodies::types::UploadBody {
            file: file.clone(),
            attachments: Some(vec![b"a".to_vec(), b"b".to_vec()]),
            title: Some("report".into()),
            tags: Some(vec!["x".into(), "y z".into()]),
            copies: Some(2),
            meta: Some(bodies::types::UploadFormMeta {
                source: Some("scan".into()),
            }),
        })
        .build()
        .expect("valid");
    client.upload(&request).await.expect("201");

    let sent = &server.requests()[0];
    let content_type = sent.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart with its boundary");
    let part = |head: &str, data: &[u8]| {
        let mut out =
            format!("--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n").into_bytes();
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
        out
    };
    let file_head = |name: &str| {
        format!("name=\"{name}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream")
    };
    let mut expected = Vec::new();
    expected.extend(part(&file_head("file"), &file));
    expected.extend(part(&file_head("attachments"), b"a"));
    expected.extend(part(&file_head("attachments"), b"b"));
    expected.extend(part("name=\"title\"", b"report"));
    expected.extend(part("name=\"tags\"", b"x"));
    expected.extend(part("name=\"tags\"", b"y z"));
    expected.extend(part("name=\"copies\"", b"2"));
    expected.extend(part(
        "name=\"meta\"\r\nContent-Type: application/json",
        br#"{"source":"scan"}"#,
    ));
    expected.extend(format!("--{boundary}--\r\n").into_bytes());
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(sent.body, expected);
}

#[tokio::test]
async fn a_multipart_value_that_breaks_its_constraint_is_refused() {
    let error = bodies::UploadRequest::builder()
        .body(bodies::types::UploadBody {
            file: Vec::new(),
            attachments: None,
            title: Some("x".repeat(21)),
            tags: None,
            copies: None,
            meta: None,
        })
        .build()
        .expect_err("title is at most 20 characters");
    assert_eq!(
        error.violations[0].to_string(),
        "body /title: 21 characters, at most 20 allowed (maxLength)"
    );
}

#[tokio::test]
async fn a_text_body_is_sent_as_it_is_with_its_media_type() {
    let mut html = Reply::status(200).header("Content-Type", "text/html");
    html.body = b"<h1>Hi</h1>".to_vec();
    let server = TestServer::start(vec![html]).await;
    let client = bodies::Client::new(config(&server)).expect("client");
    let request = bodies::RenderMarkdownRequest::builder()
        .body("# Hi\n\nå & <b>")
        .build()
        .expect("valid");
    let response = client.render_markdown(&request).await.expect("200");
    assert_eq!(response.body, "<h1>Hi</h1>");
    let sent = &server.requests()[0];
    // The document's first text media type.
    assert_eq!(sent.header("content-type"), Some("text/x-markdown"));
    assert_eq!(sent.body, "# Hi\n\nå & <b>".as_bytes());
}

#[tokio::test]
async fn date_times_generated_as_times_travel_as_rfc3339() {
    let events = r#"[{"at":"2024-03-15T08:15:30Z","seen":["2024-03-15T16:15:30.5+08:00"],"ended_at":null,"day":"2024-03-15"}]"#;
    let server = TestServer::start(vec![
        Reply::json(200, events),
        Reply::json(200, r#"[{"at":"15/03/2024"}]"#),
    ])
    .await;
    let client = times::Client::new(config(&server)).expect("client");
    let since: hwcloud::datetime::DateTime = "2024-03-01T00:00:00+08:00".parse().expect("RFC 3339");
    let request = times::ListEventsRequest::builder()
        .since(since)
        .build()
        .expect("valid");
    let response = client.list_events(&request).await.expect("200");
    let event = &response.body[0];
    assert_eq!(event.at.get().unix_timestamp(), 1_710_490_530);
    assert_eq!(
        event.seen.as_ref().map(|s| s[0].to_string()).as_deref(),
        Some("2024-03-15T16:15:30.5+08:00")
    );
    assert_eq!(event.ended_at, None);
    assert_eq!(event.day.as_deref(), Some("2024-03-15"));
    // The query carries the time as RFC 3339 text, with its offset.
    assert_eq!(
        server.requests()[0].query(),
        Some("since=2024-03-01T00%3A00%3A00%2B08%3A00")
    );
    // A time that is not RFC 3339 is a decode error, not a guess.
    match client.list_events(&request).await {
        Err(Error::Decode { status, source, .. }) => {
            assert_eq!(status, 200);
            assert!(
                source
                    .to_string()
                    .contains("`15/03/2024` is not an RFC 3339 date-time"),
                "{source}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_base_schema_decodes_as_the_schema_its_tag_names() {
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"kind":"kitty","name":"Tom","lives":7}"#),
        Reply::json(
            200,
            r#"{"kind":"Puppy","name":"Rex","good":true,"weeks":8}"#,
        ),
        Reply::json(200, r#"{"kind":"Animal","name":"Generic","mood":"calm"}"#),
        Reply::json(200, r#"{"kind":"kitty","name":"Tom","lives":"many"}"#),
    ])
    .await;
    let client = inheritance::Client::new(config(&server)).expect("client");
    let request = inheritance::GetAnimalRequest::builder()
        .animal_id("a-1")
        .build()
        .expect("valid");
    use inheritance::types::{Animal, AnimalBase, AnimalMood, Cat, Puppy};

    // The mapping's value names the cat: its own field survives.
    let cat = client.get_animal(&request).await.expect("200").body;
    assert_eq!(
        cat,
        Animal::Cat(Cat {
            kind: "kitty".into(),
            name: "Tom".into(),
            mood: None,
            lives: Some(7),
        })
    );
    // A schema extending one that extends the base is one of the family too.
    let puppy = client.get_animal(&request).await.expect("200").body;
    assert_eq!(
        puppy,
        Animal::Puppy(Puppy {
            kind: "Puppy".into(),
            name: "Rex".into(),
            mood: None,
            good: Some(true),
            weeks: Some(8),
        })
    );
    // The base's own name selects the base's own fields.
    let base = client.get_animal(&request).await.expect("200").body;
    assert_eq!(
        base,
        Animal::AnimalBase(AnimalBase {
            kind: "Animal".into(),
            name: "Generic".into(),
            mood: Some(AnimalMood::Calm),
        })
    );
    // A body that does not fit the schema its tag names is an error naming the tag, not
    // a quieter variant that would drop `lives`.
    match client.get_animal(&request).await {
        Err(Error::Decode { status, source, .. }) => {
            assert_eq!(status, 200);
            assert!(source.to_string().contains("kitty"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_schema_extending_the_base_is_sent_whole_and_checked_by_its_own_rules() {
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let client = inheritance::Client::new(config(&server)).expect("client");
    use inheritance::types::{Animal, Cat};

    // The base's rule (`name`: minLength 1) and the cat's own (`lives`: at most 9), both.
    let error = inheritance::PutAnimalRequest::builder()
        .animal_id("a-1")
        .body(Animal::Cat(Cat {
            kind: "kitty".into(),
            name: String::new(),
            mood: None,
            lives: Some(12),
        }))
        .build()
        .expect_err("two broken constraints");
    let found: Vec<String> = error.violations.iter().map(|v| v.to_string()).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("body /name:") && found[0].ends_with("(minLength)"),
        "{found:?}"
    );
    assert!(
        found[1].starts_with("body /lives:") && found[1].ends_with("(maximum)"),
        "{found:?}"
    );
    assert!(server.requests().is_empty());

    let request = inheritance::PutAnimalRequest::builder()
        .animal_id("a-1")
        .body(Animal::Cat(Cat {
            kind: "kitty".into(),
            name: "Tom".into(),
            mood: None,
            lives: Some(9),
        }))
        .build()
        .expect("valid");
    client.put_animal(&request).await.expect("204");
    let sent: serde_json::Value =
        serde_json::from_slice(&server.requests()[0].body).expect("a JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"kind": "kitty", "name": "Tom", "lives": 9})
    );
}

#[tokio::test]
async fn read_only_and_write_only_properties_are_optional_both_ways() {
    let server = TestServer::start(vec![Reply::json(201, r#"{"id":"acc-1","name":"ann"}"#)]).await;
    let client = objects::Client::new(config(&server)).expect("client");
    // `id` is required but read-only: a request need not set it; `password` keeps its rule.
    let short = objects::CreateAccountRequest::builder()
        .body(objects::types::Account {
            id: None,
            name: "ann".into(),
            password: Some("short".into()),
        })
        .build()
        .expect_err("minLength 8");
    assert_eq!(
        short.violations[0].to_string(),
        "body /password: 5 characters, at least 8 required (minLength)"
    );
    // A write-only value is a secret: its violations never quote it.
    let odd = objects::CreateAccountRequest::builder()
        .body(objects::types::Account {
            id: None,
            name: "ann".into(),
            password: Some("hunter2<x>".into()),
        })
        .build()
        .expect_err("pattern");
    assert_eq!(
        odd.to_string(),
        "request refused before sending: 1 constraint violation(s)\n  body /password: the value \
         (not shown: a secret) does not match the pattern `^[^<>]*$` (pattern)"
    );
    assert!(!format!("{odd:?}").contains("hunter2"));
    let request = objects::CreateAccountRequest::builder()
        .body(objects::types::Account {
            id: None,
            name: "ann".into(),
            password: Some("correct horse".into()),
        })
        .build()
        .expect("no id needed");
    // The response has the ID and, being write-only, no password: it decodes all the same.
    let created = client.create_account(&request).await.expect("201").body;
    assert_eq!(created.id.as_deref(), Some("acc-1"));
    assert_eq!(created.password, None);
    let sent: serde_json::Value =
        serde_json::from_slice(&server.requests()[0].body).expect("a JSON body");
    assert_eq!(
        sent,
        serde_json::json!({"name": "ann", "password": "correct horse"})
    );
}

#[tokio::test]
async fn array_and_json_parameters_are_sent_in_the_style_the_document_gives() {
    let server = TestServer::start(vec![Reply::status(204)]).await;
    let client = parameters::Client::new(config(&server)).expect("client");
    let request = parameters::ShowVolumesRequest::builder()
        .volume_ids(vec!["vol-1".into(), "vol,2".into()])
        .fields(vec!["id".into(), "name".into()])
        .zones(vec!["az-1".into(), "az 2".into()])
        .sizes(vec![10, 20])
        .x_trace_ids(vec!["t1".into(), "t2".into()])
        .prefs(vec!["dark".into(), "compact view".into()])
        .filter(parameters::types::ShowVolumesFilter {
            state: Some(parameters::types::ShowVolumesFilterState::InUse),
            min_size: Some(10),
        })
        .x_label("ssd")
        .build()
        .expect("valid");
    client.show_volumes(&request).await.expect("204");
    let sent = &server.requests()[0];
    // Path items are encoded one by one, so a comma inside an item stays part of it.
    assert_eq!(sent.path(), "/v1/volumes/vol-1,vol%2C2");
    // One key each, the items joined by the style's separator (then encoded canonically).
    // A parameter described by JSON `content` is its JSON text, a string quoted.
    assert_eq!(
        sent.query(),
        Some(
            "fields=id%2Cname&filter=%7B%22state%22%3A%22in-use%22%2C%22min_size%22%3A10%7D\
             &sizes=10%7C20&zones=az-1%20az%202"
        )
    );
    assert_eq!(sent.header("x-trace-ids"), Some("t1,t2"));
    assert_eq!(sent.header("x-label"), Some("\"ssd\""));
    assert_eq!(sent.header("cookie"), Some("prefs=dark,compact%20view"));

    // The JSON value keeps its schema's constraints.
    let error = parameters::ShowVolumesRequest::builder()
        .volume_ids(vec!["vol-1".into()])
        .filter(parameters::types::ShowVolumesFilter {
            state: None,
            min_size: Some(0),
        })
        .build()
        .expect_err("minimum 1");
    assert_eq!(
        error.violations[0].to_string(),
        "query /filter/min_size: 0 is less than the minimum 1 (minimum)"
    );
    // Each item keeps its own constraints, and an empty path list is refused.
    let error = parameters::ShowVolumesRequest::builder()
        .volume_ids(vec!["v".into()])
        .build()
        .expect_err("minLength 2");
    assert_eq!(
        error.violations[0].to_string(),
        "path /volume_ids/0: 1 characters, at least 2 required (minLength)"
    );
    let error = parameters::ShowVolumesRequest::builder()
        .volume_ids(Vec::new())
        .build()
        .expect_err("an empty segment");
    let found: Vec<String> = error.violations.iter().map(|v| v.to_string()).collect();
    assert!(
        found.iter().any(|v| v.contains("cannot be empty")),
        "{found:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "nothing sent for refused requests"
    );
}
