//! The generated clients' endpoint tables (`<module>::ENDPOINTS`, from each document's
//! `servers`) against the official SDK's region tables.
//!
//! `tests/fixtures/endpoints.json` is a byte-identical copy of those tables
//! (`../shared/endpoints.json`, huaweicloudsdk 3.1.219); the copy is kept because CI runs on a
//! clean clone without `../shared`, and checked against the original wherever it exists.
//! A table that differs is a bug of `spec/*.yaml`: fix its `servers` and regenerate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use url::Url;

use hwcloud::config::{Config, ConfigBuilder, ServiceEndpoints};
use hwcloud::credentials::Credentials;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("endpoints.json")
}

/// The official tables, service -> region -> endpoint URL.
fn official() -> BTreeMap<String, BTreeMap<String, String>> {
    let path = fixture();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("endpoints.json is JSON");
    json["services"]
        .as_object()
        .expect("a `services` object")
        .iter()
        .map(|(service, table)| {
            let table = table
                .as_object()
                .unwrap_or_else(|| panic!("{service}: a table"))
                .iter()
                .map(|(region, url)| {
                    let url = url.as_str().unwrap_or_else(|| panic!("{region}: a URL"));
                    (region.clone(), url.to_owned())
                })
                .collect();
            (service.clone(), table)
        })
        .collect()
}

/// The official table of one service.
fn official_table(service: &str) -> BTreeMap<String, String> {
    official()
        .remove(service)
        .unwrap_or_else(|| panic!("no table for {service} in endpoints.json"))
}

fn token_config() -> ConfigBuilder {
    Config::builder().credentials(Credentials::token("iam-token"))
}

/// Every difference between a generated table and the official one: each official region
/// must resolve to its URL, and the generated table must know no other region.
fn differences(endpoints: &ServiceEndpoints, official: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (region, url) in official {
        let config = token_config().region(region.as_str()).build();
        let config = config.expect("a configuration");
        let expected = Url::parse(url).expect("an official URL");
        match config.endpoint_for(endpoints) {
            Ok(actual) if actual == expected => {}
            Ok(actual) => out.push(format!("{region}: {actual}, the SDK says {expected}")),
            Err(error) => out.push(format!("{region}: {error}, the SDK says {expected}")),
        }
    }
    for server in endpoints.servers {
        if server.regions.is_empty() {
            out.push(format!("{} takes any region", server.url));
        }
        for region in server.regions {
            if !official.contains_key(*region) {
                out.push(format!("{region} ({}) is no region of the SDK", server.url));
            }
        }
    }
    out
}

fn assert_same_table(endpoints: &ServiceEndpoints) {
    assert_eq!(
        differences(endpoints, &official_table(endpoints.service)),
        Vec::<String>::new(),
        "{}'s `servers` differ from the official table",
        endpoints.service
    );
}

#[test]
fn the_fixture_is_the_official_table() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join("endpoints.json");
    // On a clean clone (CI) the original is absent: the copy stands for it.
    let Ok(original) = std::fs::read(&shared) else {
        return;
    };
    let copy = std::fs::read(fixture()).expect("the fixture");
    assert!(
        copy == original,
        "tests/fixtures/endpoints.json differs from {}: copy it again",
        shared.display()
    );
}

#[test]
fn the_official_table_covers_the_three_services() {
    let official = official();
    let services: Vec<&str> = official.keys().map(String::as_str).collect();
    assert_eq!(services, ["dbss", "gaussdb", "vpc"]);
    assert_eq!(official["gaussdb"].len(), 20);
}

#[test]
fn gaussdb_endpoints_are_the_official_ones() {
    assert_same_table(&hwcloud::gaussdb::ENDPOINTS);
}

#[test]
fn dbss_endpoints_are_the_official_ones() {
    assert_same_table(&hwcloud::dbss::ENDPOINTS);
}

#[test]
fn vpc_endpoints_are_the_official_ones() {
    assert_same_table(&hwcloud::vpc::ENDPOINTS);
}

#[test]
fn a_table_that_differs_is_reported() {
    // The comparison itself, on a table that is wrong in each way it can be.
    use hwcloud::config::ServerTemplate;
    let official: BTreeMap<String, String> = [
        ("r-1", "https://svc.r-1.example.com"),
        ("r-2", "https://other.r-2.example.com"),
    ]
    .into_iter()
    .map(|(r, u)| (r.to_owned(), u.to_owned()))
    .collect();
    static WRONG: ServiceEndpoints = ServiceEndpoints {
        service: "svc",
        servers: &[
            ServerTemplate {
                url: "https://svc.{region}.example.com",
                regions: &["r-1", "r-2", "r-3"],
            },
            ServerTemplate {
                url: "https://any.{region}.example.com",
                regions: &[],
            },
        ],
    };
    assert_eq!(
        differences(&WRONG, &official),
        [
            "r-2: https://svc.r-2.example.com/, the SDK says https://other.r-2.example.com/",
            "r-3 (https://svc.{region}.example.com) is no region of the SDK",
            "https://any.{region}.example.com takes any region",
        ]
    );
}

#[test]
fn gaussdb_regions_use_each_of_the_three_host_templates() {
    let gaussdb = &hwcloud::gaussdb::ENDPOINTS;
    let table = official_table("gaussdb");
    let official_templates: BTreeSet<String> = table
        .iter()
        .map(|(region, url)| url.replace(region.as_str(), "{region}"))
        .collect();
    let templates: BTreeSet<String> = gaussdb.servers.iter().map(|s| s.url.to_owned()).collect();
    assert_eq!(templates, official_templates);
    assert_eq!(
        templates,
        BTreeSet::from(
            [
                "https://gaussdb-mysql.{region}.myhuaweicloud.com",
                "https://gaussdb.{region}.myhuaweicloud.com",
                "https://gaussdbformysql.{region}.myhuaweicloud.com",
            ]
            .map(str::to_owned)
        )
    );
    // One region of each template, spelled out.
    for (region, host) in [
        ("af-south-1", "gaussdb-mysql.af-south-1.myhuaweicloud.com"),
        ("cn-north-4", "gaussdb.cn-north-4.myhuaweicloud.com"),
        (
            "ap-southeast-1",
            "gaussdbformysql.ap-southeast-1.myhuaweicloud.com",
        ),
    ] {
        let config = token_config().region(region).build().expect("config");
        assert_eq!(
            config.endpoint_for(gaussdb).expect("endpoint").host_str(),
            Some(host)
        );
    }
}

#[test]
fn unknown_region_names_the_service_region_and_known_regions() {
    let config = token_config()
        .region("xx-nowhere-1")
        .build()
        .expect("config");
    let message = config
        .endpoint_for(&hwcloud::gaussdb::ENDPOINTS)
        .expect_err("unknown region")
        .to_string();
    for part in [
        "gaussdb",
        "xx-nowhere-1",
        "af-south-1",
        "cn-north-4",
        "tr-west-1",
        "CLOUD_SDK_ENDPOINT",
    ] {
        assert!(message.contains(part), "{part} missing from: {message}");
    }
}

#[test]
fn the_endpoint_override_wins_and_no_region_is_an_error() {
    let gaussdb = &hwcloud::gaussdb::ENDPOINTS;
    let config = token_config()
        .region("xx-nowhere-1")
        .endpoint("https://gateway.example.com/huawei/")
        .build()
        .expect("config");
    assert_eq!(
        config.endpoint_for(gaussdb).expect("override").as_str(),
        "https://gateway.example.com/huawei/"
    );
    let message = token_config()
        .build()
        .expect("config")
        .endpoint_for(gaussdb)
        .expect_err("no region")
        .to_string();
    assert!(
        message.contains("region") && message.contains("endpoint"),
        "{message}"
    );
}

#[test]
fn a_service_with_a_fixed_server_url_needs_no_region() {
    use hwcloud::config::ServerTemplate;
    static PETS: ServiceEndpoints = ServiceEndpoints {
        service: "pets",
        servers: &[
            ServerTemplate {
                url: "/relative",
                regions: &[],
            },
            ServerTemplate {
                url: "https://pets.example.com/v1",
                regions: &[],
            },
        ],
    };
    let config = token_config().build().expect("config");
    assert_eq!(
        config.endpoint_for(&PETS).expect("the fixed URL").as_str(),
        "https://pets.example.com/v1"
    );
    // A regional document still asks for a region.
    assert!(config.endpoint_for(&hwcloud::vpc::ENDPOINTS).is_err());
}
